// The interface every account-model rule of TRACING.md implements (fifo.ts, haircut.ts, libr.ts,
// poison.ts): per (chain, asset, address) a state with balance B and tainted part T; an inflow adds a lot,
// an outflow of A carries taint by the rule; and the properties a rule declares for the tracer to ask.

import type { Policy } from '../../model/case.js';
import type { Taint } from '../taint.js';

/** What a rule declares about itself; the tracer asks these instead of testing rule names. */
export interface RuleProperties {
  /** Amounts are exposure (every source reaching a unit counts it in full), not conserved value. */
  readonly exposure: boolean;
  /** Defined for coins (UTXO); where not, coins are traced by fifo and the result says so. */
  readonly definedForCoins: boolean;
}

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

export interface AccountPolicy<S extends AccountState = AccountState> extends RuleProperties {
  readonly name: Policy;
  create(): S;
  /** Adds an inflow of `amount` base units carrying `taint` (empty when clean); `ref` names the inflow. */
  inflow(state: S, amount: bigint, taint: Taint, ref: string): void;
  outflow(state: S, amount: bigint): OutflowResult;
  /** Taint still held (poison: the final balance for every source that reached the address). */
  held(state: S): Taint;
  /**
   * True when the state is one `create()` would give (nothing held, nothing remembered): the walk may then
   * forget it and start a new one at the address's next event (account-walk.ts). Absent: never forgotten.
   */
  isEmpty?(state: S): boolean;
}
