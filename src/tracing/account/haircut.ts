// `haircut` on accounts (TRACING.md): every unit of an address's balance is equally tainted, so an
// outflow of A carries A * T / B, split over sources (and hops) in proportion to T. Lot order is
// irrelevant. Known weakness: taint spreads thinly over everything an address later pays.

import { PooledTaint } from '../pooled-taint.js';
import { mulDivRound } from '../scaled.js';
import { type Taint, taintTotal } from '../taint.js';
import type { AccountPolicy, AccountState, OutflowResult } from './account-rule.js';

/**
 * A pooled state: the taint held (pooled-taint.ts, without a BigInt per component) with the balance and
 * the taint's total beside it in one object (`taint` is the state itself): a trace keeps a state per
 * holding address to its end, and two objects were 32 bytes more each (a peel case holds 284,000).
 */
export class PooledState extends PooledTaint implements AccountState {
  balance = 0n;
  taintTotal = 0n;

  /** The taint held. */
  get taint(): PooledTaint {
    return this;
  }
}

export function createHaircutPolicy(): AccountPolicy<PooledState> {
  return {
    name: 'haircut',
    exposure: false,
    definedForCoins: true,
    create: createPooledState,
    inflow: pooledInflow,
    outflow(state, amount) {
      if (amount >= state.balance) return drain(state, amount);
      const share = state.taintTotal === 0n ? 0n : mulDivRound(state.taintTotal, amount, state.balance);
      const taint = state.taint.takeShare(share, state.taintTotal);
      state.taintTotal -= share;
      state.balance -= amount;
      return { taint, shortfall: 0n };
    },
    held: (state) => state.taint.toMap(),
    isEmpty: isEmptyPooled,
  };
}

/** A pooled state (haircut and libr mix lots): balance and tainted part, no lot order. */
export function createPooledState(): PooledState {
  return new PooledState();
}

/** Whether a pooled state holds nothing, as createPooledState's (a vector that fell back to a map gives the same results). */
export function isEmptyPooled(state: PooledState): boolean {
  return state.balance === 0n && state.taintTotal === 0n && state.taint.size === 0;
}

/** An inflow into a pooled state: the balance grows, and the taint joins the pool. */
export function pooledInflow(state: PooledState, amount: bigint, taint: Taint): void {
  // Into an empty state the balance is `amount` itself (no BigInt made by an addition of zero).
  state.balance = state.balance === 0n ? amount : state.balance + amount;
  if (taint.size === 0) return;
  state.taint.add(taint);
  state.taintTotal += taintTotal(taint);
}

/**
 * An outflow that takes the whole known balance (or more: an opening shortfall, TRACING.md) carries all
 * the taint held and leaves the balance at zero, under every pooled rule.
 */
export function drain(state: PooledState, amount: bigint): OutflowResult {
  const shortfall = amount - state.balance;
  const taint = state.taint.drain();
  state.taintTotal = 0n;
  state.balance = 0n;
  return { taint, shortfall };
}
