// `libr`, the lowest intermediate balance rule (TRACING.md; US and English tracing law, e.g. Roscoe v
// Winder 1915, In re Walter J. Schmidt & Co. 1923): the clean part of a balance leaves first, so an
// outflow of A carries max(0, A - (B - |T|)), split over sources in proportion to T. Clean money that
// arrives later never becomes tainted: after a draw-down the tainted part can only shrink.

import { toScaled } from '../scaled.js';
import type { AccountPolicy } from './account-rule.js';
import { createPooledState, drain, isEmptyPooled, type PooledState, pooledInflow } from './haircut.js';

export function createLibrPolicy(): AccountPolicy<PooledState> {
  return {
    name: 'libr',
    exposure: false,
    definedForCoins: false,
    create: createPooledState,
    inflow: pooledInflow,
    outflow(state, amount) {
      if (amount >= state.balance) return drain(state, amount);
      const keep = toScaled(state.balance - amount);
      const share = state.taintTotal > keep ? state.taintTotal - keep : 0n;
      const taint = state.taint.takeShare(share, state.taintTotal);
      state.taintTotal -= share;
      state.balance -= amount;
      return { taint, shortfall: 0n };
    },
    held: (state) => state.taint.toMap(),
    isEmpty: isEmptyPooled,
  };
}
