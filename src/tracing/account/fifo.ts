// `fifo` and `lifo` on accounts (TRACING.md): every inflow is a lot (amount, taint vector); an outflow
// consumes lots oldest first (fifo, Clayton's case, Devaynes v Noble 1816) or newest first (lifo), and
// each consumed part x of a lot carries x * lot.taint / lot.amount. Lots keep their identity, so the
// order of arrival decides which victim's money leaves first. Adjacent clean lots are merged (this does
// not change any result) to keep busy addresses small in memory. A lot of one taint component (most of
// them: one victim's money at one hop) keeps it in two fields instead of a Map (issue 19: a Map's table
// is ~300 bytes, and a peel chain's outputs each hold a lot to the end), and a state of one lot keeps it
// in a field instead of an array (56 bytes less a holder).

import { mulDivRound } from '../scaled.js';
import { addTaint, type Taint, taintTotal, takeShare } from '../taint.js';
import type { AccountPolicy, AccountState, OutflowResult } from './account-rule.js';

/** `Lot.key` of a lot without a single component: clean (no `taint`) or of several (`taint`). */
const NO_KEY = -1;

interface Lot {
  amount: bigint;
  /** The taint of a lot of two or more components (also after shares of it left); else undefined. */
  taint: Taint | undefined;
  /** The component of a lot of one (its value is `taintTotal`), or NO_KEY. */
  key: number;
  taintTotal: bigint;
  ref: string;
}

export interface FifoState extends AccountState {
  /** The live lot of a state of one (then `lots` is NO_LOTS). */
  single: Lot | undefined;
  /** The lots of a state of two or more, oldest first (NO_LOTS while there are none or one). */
  lots: Lot[];
  /** Index of the oldest live lot (lots before it are consumed). */
  head: number;
}

/** The lots of a state without an array of them: shared, so frozen (nothing is ever added to it). */
const NO_LOTS: Lot[] = Object.freeze([]) as unknown as Lot[];

export interface FifoOptions {
  order: 'oldest-first' | 'newest-first';
}

const lotOf = (amount: bigint, taint: Taint, ref: string): Lot => {
  if (taint.size === 0) return { amount, taint: undefined, key: NO_KEY, taintTotal: 0n, ref };
  if (taint.size === 1) {
    const [key, value] = taint.entries().next().value as [number, bigint];
    return { amount, taint: undefined, key, taintTotal: value, ref };
  }
  return { amount, taint, key: NO_KEY, taintTotal: taintTotal(taint), ref };
};

const isCleanLot = (lot: Lot) => (lot.taint === undefined ? lot.key === NO_KEY : lot.taint.size === 0);

/** Adds all of a lot's taint to `into` (as addTaint of its Map would). */
function addLotTaint(into: Taint, lot: Lot): void {
  if (lot.taint !== undefined) addTaint(into, lot.taint);
  else if (lot.key !== NO_KEY) into.set(lot.key, (into.get(lot.key) ?? 0n) + lot.taintTotal);
}

/** Moves `share` (0 < share <= lot.taintTotal) of a lot's taint to `into` (as takeShare of its Map would). */
function takeLotShare(into: Taint, lot: Lot, share: bigint): void {
  if (lot.taint !== undefined) addTaint(into, takeShare(lot.taint, share, lot.taintTotal));
  else {
    into.set(lot.key, (into.get(lot.key) ?? 0n) + share);
    if (share >= lot.taintTotal) lot.key = NO_KEY;
  }
  lot.taintTotal -= share;
}

export function createFifoPolicy(options: FifoOptions): AccountPolicy<FifoState> {
  const newestFirst = options.order === 'newest-first';
  return {
    name: newestFirst ? 'lifo' : 'fifo',
    exposure: false,
    // Clayton's case is defined for coins too; lifo is not (TRACING.md).
    definedForCoins: !newestFirst,
    create: (): FifoState => ({ balance: 0n, single: undefined, lots: NO_LOTS, head: 0 }),
    inflow(state, amount, taint, ref) {
      if (amount === 0n && taint.size === 0) return;
      // Into an empty state the balance is `amount` itself: no new BigInt (24 bytes a holder kept to the end).
      state.balance = state.balance === 0n ? amount : state.balance + amount;
      const last = state.single ?? (state.lots.length > state.head ? state.lots[state.lots.length - 1] : undefined);
      if (taint.size === 0 && last && isCleanLot(last)) {
        last.amount += amount;
        return;
      }
      const lot = lotOf(amount, taint, ref);
      // A second lot makes an array of two (a push onto an empty array reserves 17 slots).
      if (state.single) {
        state.lots = [state.single, lot];
        state.single = undefined;
      } else if (state.lots.length > state.head) state.lots.push(lot);
      else state.single = lot;
    },
    outflow(state, amount) {
      if (state.single) {
        state.lots = [state.single];
        state.head = 0;
        state.single = undefined;
      }
      const carried: Taint = new Map();
      const parents: string[] = [];
      let need = amount;
      while (need > 0n && state.lots.length > state.head) {
        const index = newestFirst ? state.lots.length - 1 : state.head;
        const lot = state.lots[index];
        if (need >= lot.amount) {
          need -= lot.amount;
          if (!isCleanLot(lot)) {
            addLotTaint(carried, lot);
            parents.push(lot.ref);
          }
          if (newestFirst) state.lots.pop();
          else state.head++;
          continue;
        }
        if (!isCleanLot(lot)) {
          const share = mulDivRound(lot.taintTotal, need, lot.amount);
          if (share > 0n) {
            takeLotShare(carried, lot, share);
            parents.push(lot.ref);
          }
        }
        lot.amount -= need;
        need = 0n;
      }
      compact(state);
      const shortfall = need;
      state.balance = shortfall > 0n ? 0n : state.balance - amount;
      const result: OutflowResult = { taint: carried, shortfall };
      if (parents.length > 0) result.parents = parents;
      return result;
    },
    held(state) {
      const out: Taint = new Map();
      if (state.single) addLotTaint(out, state.single);
      for (let i = state.head; i < state.lots.length; i++) addLotTaint(out, state.lots[i]);
      return out;
    },
    // An outflow leaves an emptied state as create() does (compact: no lots, head 0).
    isEmpty: (state) => state.balance === 0n && state.single === undefined && state.lots.length === 0,
  };
}

/** After an outflow: no lots or one lot without an array; a long consumed head cut off. */
function compact(state: FifoState): void {
  const live = state.lots.length - state.head;
  if (live <= 1) {
    state.single = live === 1 ? state.lots[state.head] : undefined;
    state.lots = NO_LOTS;
    state.head = 0;
  } else if (state.head > 1024 && state.head * 2 > state.lots.length) {
    state.lots = state.lots.slice(state.head);
    state.head = 0;
  }
}
