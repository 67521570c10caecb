// Taint reaching a conversion's in-ref (TRACING.md v2, "Conversions"), for both walks: the taint the
// in-ref carries was taken from its payer under the case rule, and does not land at the venue. It goes
// into the conversion when the conversion is followed; an `ambiguous` conversion (no out) stops it as an
// endpoint at the venue with category `defi` and the note `ambiguous conversion`; a probable one (confidence
// below 100) not followed stops it as an endpoint at the venue with the venue's tag category, or `defi`,
// naming the conversion, whether or not that category is in stopAt.

import type { Conversion } from '../model/conversion.js';
import type { Tag } from '../model/tag.js';
import type { Position } from './conversion-book.js';
import { minHop, type Taint } from './taint.js';
import type { WalkContext } from './walk-context.js';

/** What became of taint at an in-ref: into the conversion, or an endpoint at the venue. */
export type InRefOutcome = 'converted' | 'endpoint';

/**
 * Records `moving` (already one hop on: the in-ref's own hop) at conversion `c`. `venue` is the in-ref's
 * recipient, `at` its place in chain order (account model). Returns undefined for clean in-refs.
 */
export async function enterConversion(
  ctx: WalkContext,
  chain: string,
  asset: string,
  c: Conversion,
  venue: string | null,
  at: Position | undefined,
  ref: { ref: string; time?: string },
  moving: Taint,
): Promise<InRefOutcome | undefined> {
  const book = ctx.conversions!;
  const { collector } = ctx;
  const amount = moving.size === 0 ? 0n : collector.amountOf(moving);
  book.addIn(c, at, moving, amount);
  if (moving.size === 0) return undefined;
  const mode = book.modeOf(c);
  if (mode === 'follow') {
    collector.addConverted(chain, asset, moving, amount);
    return 'converted';
  }
  const address = venue ?? c.in.address;
  const known = await ctx.tags.bestOf(chain, address);
  const tag: Tag = {
    chain,
    address,
    label: known?.label ?? c.venue,
    category: mode === 'ambiguous' ? 'defi' : (known?.category ?? 'defi'),
    source: known?.source ?? `conversion: ${c.id}`,
    confidence: known?.confidence ?? c.confidence,
  };
  const note = mode === 'ambiguous' ? 'ambiguous conversion' : `conversion: ${c.id}`;
  collector.addEndpoint(chain, asset, address, tag, moving, minHop(moving, ctx.keys), ref, note);
  return 'endpoint';
}
