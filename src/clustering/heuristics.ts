// The names of the clustering heuristics, which are on by default, and parsing of a user's list.

import { invalidInput } from '../errors.js';
import { CHANGE_OPTIMAL } from './change-optimal.js';
import { CHANGE_REUSE } from './change-reuse.js';
import { CHANGE_ROUND_PAYMENT } from './change-round-payment.js';
import { CHANGE_SCRIPT_TYPE } from './change-script-type.js';
import { COMMON_INPUT } from './common-input.js';
import { DEPOSIT_ADDRESS } from './deposit-address.js';

export const HEURISTICS = [
  COMMON_INPUT,
  DEPOSIT_ADDRESS,
  CHANGE_REUSE,
  CHANGE_SCRIPT_TYPE,
  CHANGE_ROUND_PAYMENT,
  CHANGE_OPTIMAL,
] as const;

export type HeuristicName = (typeof HEURISTICS)[number];

/** On unless asked otherwise: common-input ownership and deposit addresses. Change heuristics are off. */
export const DEFAULT_HEURISTICS: readonly HeuristicName[] = [COMMON_INPUT, DEPOSIT_ADDRESS];

/** Parses a comma-separated list (`all` = every heuristic), or throws INVALID_INPUT naming the bad name. */
export function parseHeuristics(list: string): HeuristicName[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.includes('all')) return [...HEURISTICS];
  for (const n of names) {
    if (!(HEURISTICS as readonly string[]).includes(n)) {
      throw invalidInput(`unknown heuristic "${n}" (known: ${HEURISTICS.join(', ')}, all)`, { field: 'heuristics' }, { value: n });
    }
  }
  if (names.length === 0) throw invalidInput('no heuristic given', { field: 'heuristics' });
  return [...new Set(names)] as HeuristicName[];
}
