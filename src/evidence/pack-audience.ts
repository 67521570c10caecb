// Who an evidence pack is for (issue 16, `export --audience`): `court` gets everything (the trace, the data,
// the report, the freeze requests and a statement per victim with names); `exchange` gets the freeze
// requests, flows, trace and report with the data it re-traces from, and no personal data
// (personal-data.ts): no statements, no victim-wallet tags, no names or contacts, the case file without its
// comments; `victim` gets that one victim's statement and nothing else. The audience goes into the manifest.

import { LedgerhoundError } from '../errors.js';

export const AUDIENCES = ['court', 'exchange', 'victim'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The audience a pack is written for, checked: `victim` needs the victim's id and only it takes one. */
export interface AudienceChoice {
  audience: Audience;
  /** The victim (intake victim id, or payment-id stem) of a `victim` pack. */
  victim?: string;
}

/** Reads `--audience` and `--victim` (INVALID_INPUT naming the option). Default: court. */
export function parseAudience(audience: string | undefined, victim: string | undefined): AudienceChoice {
  const a = audience ?? 'court';
  if (!(AUDIENCES as readonly string[]).includes(a)) {
    throw new LedgerhoundError('INVALID_INPUT', `--audience must be one of ${AUDIENCES.join(', ')}`, { field: '--audience', value: audience });
  }
  if (a === 'victim' && (victim === undefined || victim === '')) {
    throw new LedgerhoundError('INVALID_INPUT', '--audience victim needs --victim <id>: the victim whose statement the pack carries', { field: '--victim' });
  }
  if (a !== 'victim' && victim !== undefined) {
    throw new LedgerhoundError('INVALID_INPUT', '--victim is only for --audience victim', { field: '--victim', value: victim });
  }
  return a === 'victim' ? { audience: 'victim', victim } : { audience: a as Audience };
}
