// The account-model rules of TRACING.md behind one interface: per (chain, asset, address) a state with
// balance B and tainted part T; an inflow adds a lot, an outflow of A carries taint by the chosen rule.
// An outflow larger than the known balance is an opening shortfall under every rule: it carries all the
// taint held, the balance becomes zero, and the shortfall is returned so the walk can list it.

import type { Policy } from '../../model/case.js';
import { TaintKeys } from '../taint.js';
import type { AccountPolicy, RuleProperties } from './account-rule.js';
import { createFifoPolicy } from './fifo.js';
import { createHaircutPolicy } from './haircut.js';
import { createLibrPolicy } from './libr.js';
import { createPoisonPolicy } from './poison.js';

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

/** Keys for asking a rule its properties (no taint is made with them). */
const RULE_KEYS = new TaintKeys(1);

/** The properties the rule for `policy` declares (exposure or conserved value; defined for coins). */
export function ruleProperties(policy: Policy): RuleProperties {
  const { exposure, definedForCoins } = createAccountPolicy(policy, RULE_KEYS);
  return { exposure, definedForCoins };
}
