// An exchange's answer to a freeze request or production order (docs/victims.md, "Exchange returns"): per
// deposit address, what it froze or returned (asset, amount), under which reference and when, and whose
// account it is. The amounts become seized amounts shared out by `distribute`, attached to the trace's
// cash-out point at that address. The account holder's KYC name and account id are restricted personal
// data: they sit under the record's `personal` field, the model's marking that evidence packs filter on
// (only court-audience output carries it; src/evidence/personal-data.ts strips every `personal` field),
// and no seizure, distribution row or message built here carries them.

import type { Seizure } from './distribution.js';

export type ReturnStatus = 'frozen' | 'returned';

/** Restricted personal data of an exchange return: court-audience output only. */
export interface ReturnPersonalData {
  /** The account holder's name as the exchange's KYC records give it. */
  holder?: string;
  /** The exchange's account or user id. */
  account?: string;
}

/** One line of an exchange's answer. */
export interface ExchangeReturn {
  /** The exchange's reference for this answer line; the seizure id in the distribution. */
  reference: string;
  exchange: string;
  chain: string;
  /** The deposit address the funds were credited through. */
  address: string;
  asset: string;
  /** Integer base units frozen or returned. */
  amount: string;
  status: ReturnStatus;
  /** ISO-8601 UTC time of the freeze or return (a date is stamped 00:00:00Z). */
  time?: string;
  /** Restricted personal data (the model's `personal` marking). */
  personal?: ReturnPersonalData;
}

/**
 * The returns as seizures to share out: same chain, address, asset and amount, the exchange and status kept,
 * the reference as id; never the personal data.
 */
export function returnsAsSeizures(returns: readonly ExchangeReturn[]): Seizure[] {
  return returns.map((r) => {
    const s: Seizure = { id: r.reference, chain: r.chain, address: r.address, asset: r.asset, amount: r.amount, reference: `${r.exchange} ${r.reference}`, exchange: r.exchange, status: r.status };
    if (r.time !== undefined) s.time = r.time;
    return s;
  });
}
