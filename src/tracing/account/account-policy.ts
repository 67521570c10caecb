// The account-model rules of TRACING.md behind one interface: per (chain, asset, address) a state with
// balance B and tainted part T; an inflow adds a lot, an outflow of A carries taint by the chosen rule.
// An outflow larger than the known balance is an opening shortfall under every rule: it carries all the
// taint held, the balance becomes zero, and the shortfall is returned so the walk can list it.

import type { Policy } from '../../model/case.js';
import type { Taint, TaintKeys } from '../taint.js';
import { createFifoPolicy } from './fifo.js';
import { createHaircutPolicy } from './haircut.js';
import { createLibrPolicy } from './libr.js';
import { createPoisonPolicy } from './poison.js';

export interface OutflowResult {
  /** Taint carried by the outflow (poison: exposure of every source reached, A each). */
  taint: Taint;
  /** Base units by which the outflow exceeded the known balance (0n when it did not). */
  shortfall: bigint;
  /** Refs of the inflows whose lots the outflow drew taint from (fifo/lifo only). */
  parents?: string[];
}

export interface AccountState {
  /** Known balance in base units (never negative). */
  balance: bigint;
}

export interface AccountPolicy<S extends AccountState = AccountState> {
  readonly name: Policy;
  /** True when amounts are exposure rather than conserved value (poison). */
  readonly exposure: boolean;
  create(): S;
  /** Adds an inflow of `amount` base units carrying `taint` (empty when clean); `ref` names the inflow. */
  inflow(state: S, amount: bigint, taint: Taint, ref: string): void;
  outflow(state: S, amount: bigint): OutflowResult;
  /** Taint still held (poison: the final balance for every source that reached the address). */
  held(state: S): Taint;
}

/** The account-model rule for `policy`. */
export function createAccountPolicy(policy: Policy, keys: TaintKeys): AccountPolicy {
  switch (policy) {
    case 'fifo':
      return createFifoPolicy({ order: 'oldest-first' });
    case 'lifo':
      return createFifoPolicy({ order: 'newest-first' });
    case 'haircut':
      return createHaircutPolicy();
    case 'libr':
      return createLibrPolicy();
    case 'poison':
      return createPoisonPolicy(keys);
  }
}
