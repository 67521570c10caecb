// The TLP 2.0 marking of an evidence pack (issue 15; sharing/tlp.ts for the order): the strictest `tlp` of
// the tags on the addresses the trace used (FORMATS.md v2), or a marking the investigator asks for with
// `export --tlp`, refused when it is less strict than that data's own. No tag with a marking: no marking.
// Also the label ("TLP:AMBER") and the FIRST TLP 2.0 colours (coloured text on black) the reports draw.

import { LedgerhoundError } from '../errors.js';
import type { Tag, Tlp } from '../model/tag.js';
import { mayShareUnder, tlpRank } from '../sharing/tlp.js';

/** The tag that sets the data's marking (the first of the strictest), or undefined when none has one. */
export function strictestTag(tags: Iterable<Tag>): Tag | undefined {
  let out: Tag | undefined;
  for (const t of tags) if (t.tlp !== undefined && (out?.tlp === undefined || tlpRank(t.tlp) > tlpRank(out.tlp))) out = t;
  return out;
}

/**
 * The pack's marking: `requested` when given and at least as strict as the strictest tag's, else that
 * tag's. INVALID_INPUT naming --tlp and the tag when `requested` is less strict.
 */
export function packMarking(tags: Iterable<Tag>, requested?: Tlp): Tlp | undefined {
  const strictest = strictestTag(tags);
  if (requested === undefined) return strictest?.tlp;
  if (strictest !== undefined && !mayShareUnder(strictest.tlp, requested)) {
    throw new LedgerhoundError(
      'INVALID_INPUT',
      `--tlp ${requested} is less strict than the data: tag "${strictest.label}" on ${strictest.chain} ${strictest.address} (${strictest.source}) is ${tlpLabel(strictest.tlp!)}; use --tlp ${strictest.tlp} or stricter`,
      { field: '--tlp', value: requested },
    );
  }
  return requested;
}

/** "TLP:AMBER+STRICT". */
export function tlpLabel(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

/** FIRST TLP 2.0 colours: the label in this colour on black. */
export const TLP_COLOURS: Record<Tlp, string> = {
  clear: '#FFFFFF',
  green: '#33FF00',
  amber: '#FFC000',
  'amber+strict': '#FFC000',
  red: '#FF2B2B',
};
