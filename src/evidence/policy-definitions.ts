// The tracing rules by name with their definitions, worded as in TRACING.md (version 1), for the
// "Method" section of an evidence report: a court accepts a figure only when the rule that produced it
// is named and defined.

import type { Policy } from '../model/case.js';

export interface PolicyDefinition {
  name: Policy;
  title: string;
  /** Account model (balances per address and asset). */
  account: string;
  /** UTXO model (coins). */
  utxo: string;
}

export const POLICY_DEFINITIONS: Record<Policy, PolicyDefinition> = {
  fifo: {
    name: 'fifo',
    title: 'First in, first out (FIFO)',
    account: 'Lots are consumed oldest first; each consumed part x of a lot carries x * lot.taint / lot.amount.',
    utxo:
      "Each input's taint is spread evenly over its own stretch of the line of inputs laid end to end; an output takes whatever lies on its stretch (Anderson et al., 'Bitcoin Redemption', the Clayton's-case rule); the fee takes the last stretch.",
  },
  lifo: {
    name: 'lifo',
    title: 'Last in, first out (LIFO)',
    account: 'Lots are consumed newest first; each consumed part x of a lot carries x * lot.taint / lot.amount.',
    utxo: 'Not defined for coins: FIFO is used on UTXO chains, and the result says so.',
  },
  haircut: {
    name: 'haircut',
    title: 'Haircut (pro rata)',
    account: 'An outflow of amount A carries A * T / B, where B is the balance and T the tainted part: every unit of the balance is equally tainted.',
    utxo: 'Each output takes total input taint * output value / total input value; the fee takes its share likewise.',
  },
  libr: {
    name: 'libr',
    title: 'Lowest intermediate balance rule (LIBR)',
    account:
      'The clean part leaves first: an outflow A carries max(0, A - (B - |T|)), split over sources in proportion to T; clean money that arrives later never becomes tainted.',
    utxo: 'Not defined for coins: FIFO is used on UTXO chains, and the result says so.',
  },
  poison: {
    name: 'poison',
    title: 'Poison (exposure)',
    account:
      "An address is poisoned from its first tainted inflow on: every later outflow counts as wholly tainted by every source that has reached it (exposure, not a conserved amount); a poisoned address's final balance is its holding.",
    utxo: 'Every output of a transaction with a tainted input is fully tainted, and so is its fee.',
  },
};

/** Rules common to every policy (TRACING.md, The walk), quoted in the report's method section. */
export const WALK_RULES: readonly string[] = [
  'All events are processed once, in chain order: by block, then transaction index, then log index (a UTXO transaction is one event). Different chains are independent.',
  "Taint is a vector: for each victim payment, the amount of that payment's money. Every figure carries its breakdown by victim payment.",
  "A source starts where the victim's payment lands: the recipient (account model) or the output (UTXO) holds the payment's full amount as taint of that payment.",
  'Value that reaches an address whose category is a stop category becomes a cash-out point (endpoint) and is not followed further. Value to no address (fees, burns) and UTXO fees are fees.',
  'Value that never leaves an address by the end of the data (or the cut-off time) is a holding. The victim payment is hop 1; each further transfer or transaction adds one; taint that would move past the hop limit stays where it is as a holding.',
  'An outflow larger than the known balance means the data began after the address was funded: the shortfall is clean money that was there before (an opening shortfall), never a negative balance.',
  'Amounts are decimal base units with at most 9 fractional digits; for every policy but poison the printed figures add up exactly (sources = endpoints + holdings + fees + dropped).',
];
