// `poison` on accounts (TRACING.md): an address is poisoned from its first tainted inflow on, and every
// later outflow counts as wholly tainted by every source that has reached it. This is exposure, not a
// conserved amount: the same unit counts once per source, and totals do not add up by design. A poisoned
// address's final balance is its holding. Hops: each source keeps the fewest hops by which it arrived.

import { toScaled } from '../scaled.js';
import { noteReached, type Taint, type TaintKeys } from '../taint.js';
import type { AccountPolicy, AccountState } from './account-rule.js';

export interface PoisonState extends AccountState {
  /** Source index -> key of the fewest hops by which it reached the address (taint.ts noteReached). */
  reached: Map<number, number>;
}

export function createPoisonPolicy(keys: TaintKeys): AccountPolicy<PoisonState> {
  const exposure = (state: PoisonState, amount: bigint): Taint => {
    const out: Taint = new Map();
    if (amount === 0n) return out;
    const scaled = toScaled(amount);
    for (const key of state.reached.values()) out.set(key, scaled);
    return out;
  };
  return {
    name: 'poison',
    exposure: true,
    definedForCoins: true,
    create: () => ({ balance: 0n, reached: new Map() }),
    inflow(state, amount, taint) {
      state.balance += amount;
      noteReached(state.reached, taint, keys);
    },
    outflow(state, amount) {
      const shortfall = amount > state.balance ? amount - state.balance : 0n;
      state.balance = shortfall > 0n ? 0n : state.balance - amount;
      return { taint: exposure(state, amount), shortfall };
    },
    held: (state) => exposure(state, state.balance),
  };
}
