// `fifo` and `lifo` on accounts (TRACING.md): every inflow is a lot (amount, taint vector); an outflow
// consumes lots oldest first (fifo, Clayton's case, Devaynes v Noble 1816) or newest first (lifo), and
// each consumed part x of a lot carries x * lot.taint / lot.amount. Lots keep their identity, so the
// order of arrival decides which victim's money leaves first. Adjacent clean lots are merged (this does
// not change any result) to keep busy addresses small in memory.

import { mulDivRound } from '../scaled.js';
import { addTaint, type Taint, taintTotal, takeShare } from '../taint.js';
import type { AccountPolicy, AccountState, OutflowResult } from './account-rule.js';

interface Lot {
  amount: bigint;
  taint: Taint;
  taintTotal: bigint;
  ref: string;
}

export interface FifoState extends AccountState {
  lots: Lot[];
  /** Index of the oldest live lot (lots before it are consumed). */
  head: number;
}

export interface FifoOptions {
  order: 'oldest-first' | 'newest-first';
}

export function createFifoPolicy(options: FifoOptions): AccountPolicy<FifoState> {
  const newestFirst = options.order === 'newest-first';
  return {
    name: newestFirst ? 'lifo' : 'fifo',
    exposure: false,
    // Clayton's case is defined for coins too; lifo is not (TRACING.md).
    definedForCoins: !newestFirst,
    create: () => ({ balance: 0n, lots: [], head: 0 }),
    inflow(state, amount, taint, ref) {
      if (amount === 0n && taint.size === 0) return;
      state.balance += amount;
      const last = state.lots.length > state.head ? state.lots[state.lots.length - 1] : undefined;
      if (taint.size === 0 && last && last.taint.size === 0) {
        last.amount += amount;
        return;
      }
      state.lots.push({ amount, taint, taintTotal: taintTotal(taint), ref });
    },
    outflow(state, amount) {
      const carried: Taint = new Map();
      const parents: string[] = [];
      let need = amount;
      while (need > 0n && state.lots.length > state.head) {
        const index = newestFirst ? state.lots.length - 1 : state.head;
        const lot = state.lots[index];
        if (need >= lot.amount) {
          need -= lot.amount;
          if (lot.taint.size > 0) {
            addTaint(carried, lot.taint);
            parents.push(lot.ref);
          }
          if (newestFirst) state.lots.pop();
          else state.head++;
          continue;
        }
        if (lot.taint.size > 0) {
          const share = mulDivRound(lot.taintTotal, need, lot.amount);
          if (share > 0n) {
            addTaint(carried, takeShare(lot.taint, share, lot.taintTotal));
            lot.taintTotal -= share;
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
      for (let i = state.head; i < state.lots.length; i++) addTaint(out, state.lots[i].taint);
      return out;
    },
  };
}

function compact(state: FifoState): void {
  if (state.head === state.lots.length) {
    state.lots = [];
    state.head = 0;
  } else if (state.head > 1024 && state.head * 2 > state.lots.length) {
    state.lots = state.lots.slice(state.head);
    state.head = 0;
  }
}
