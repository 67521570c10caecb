// Tags (FORMATS.md `tags.jsonl`): what is known about an address and who says so. Several tags on one
// address are all kept; where one label must be shown, the highest confidence wins.

import { invalidInput, type InputLocation } from '../errors.js';
import { normalizeAddress } from './address.js';
import { at, extraFields, optionalString, type RawRecord, requireObject, requireString } from './fields.js';

export const TAG_CATEGORIES = [
  'exchange',
  'otc',
  'payment_processor',
  'wallet_service',
  'gambling',
  'mixer',
  'bridge',
  'defi',
  'miner',
  'scam',
  'sanctioned',
  'victim',
  'law_enforcement',
  'other',
] as const;

export type TagCategory = (typeof TAG_CATEGORIES)[number];

/** Traffic Light Protocol 2.0 markings (FIRST), least strict first (FORMATS.md v2, `tlp`). */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

export type Tlp = (typeof TLP_LEVELS)[number];

export function isTlp(value: unknown): value is Tlp {
  return typeof value === 'string' && (TLP_LEVELS as readonly string[]).includes(value);
}

/** The evidence behind a tag that was inherited through a cluster or inferred by a heuristic (TRACING.md). */
export interface TagInference {
  heuristic: string;
  /** Transaction ids / transfer ids that justify it. */
  evidence: string[];
  /** The address whose tag was inherited, or the exchange wallet a deposit address sweeps to. */
  via?: string;
}

export interface Tag {
  chain: string;
  address: string;
  label: string;
  category: TagCategory;
  source: string;
  /** 0-100. */
  confidence: number;
  note?: string;
  /** The TLP marking the tag was received under; nothing is shared under a less strict one. */
  tlp?: Tlp;
  inferredFrom?: TagInference;
  extra?: RawRecord;
}

const FIELDS = ['chain', 'address', 'label', 'category', 'source', 'confidence', 'note', 'tlp', 'inferredFrom'] as const;

export function isTagCategory(value: unknown): value is TagCategory {
  return typeof value === 'string' && (TAG_CATEGORIES as readonly string[]).includes(value);
}

/** Validates one raw record into a Tag, or throws INVALID_INPUT naming file, line and field. */
export function parseTag(value: unknown, where: InputLocation = {}): Tag {
  const rec = requireObject(value, where);
  const chain = requireString(rec, 'chain', where);
  const category = rec.category;
  if (!isTagCategory(category)) {
    throw invalidInput(`category must be one of ${TAG_CATEGORIES.join(', ')}`, at(where, 'category'), { value: category });
  }
  const rawConfidence = rec.confidence;
  const confidence = typeof rawConfidence === 'string' && /^\d+$/.test(rawConfidence) ? Number(rawConfidence) : rawConfidence;
  if (typeof confidence !== 'number' || !Number.isInteger(confidence) || confidence < 0 || confidence > 100) {
    throw invalidInput('confidence must be an integer from 0 to 100', at(where, 'confidence'), { value: rawConfidence });
  }
  const tag: Tag = {
    chain,
    address: normalizeAddress(chain, rec.address, at(where, 'address')),
    label: requireString(rec, 'label', where),
    category,
    source: requireString(rec, 'source', where),
    confidence,
  };
  const note = optionalString(rec, 'note', where);
  if (note !== undefined) tag.note = note;
  const tlp = rec.tlp;
  if (tlp !== undefined && tlp !== null && tlp !== '') {
    // `TLP:AMBER+STRICT` and `white` (TLP 1.0's name for clear) are accepted and stored in the 2.0 form.
    const level = typeof tlp === 'string' ? tlp.trim().toLowerCase().replace(/^tlp:/, '') : tlp;
    const norm = level === 'white' ? 'clear' : level;
    if (!isTlp(norm)) throw invalidInput(`tlp must be one of ${TLP_LEVELS.join(', ')}`, at(where, 'tlp'), { value: tlp });
    tag.tlp = norm;
  }
  if (rec.inferredFrom !== undefined && rec.inferredFrom !== null) tag.inferredFrom = rec.inferredFrom as TagInference;
  const extra = extraFields(rec, FIELDS);
  if (extra) tag.extra = extra;
  return tag;
}

export function tagToJson(tag: Tag): RawRecord {
  const out: RawRecord = {
    chain: tag.chain,
    address: tag.address,
    label: tag.label,
    category: tag.category,
    source: tag.source,
    confidence: tag.confidence,
  };
  if (tag.note !== undefined) out.note = tag.note;
  if (tag.tlp !== undefined) out.tlp = tag.tlp;
  if (tag.inferredFrom) out.inferredFrom = tag.inferredFrom;
  return tag.extra ? { ...out, ...tag.extra } : out;
}

/** The tag to show for an address: highest confidence, then direct over inferred, then label order. */
export function bestTag(tags: readonly Tag[]): Tag | undefined {
  let best: Tag | undefined;
  for (const t of tags) {
    if (
      !best ||
      t.confidence > best.confidence ||
      (t.confidence === best.confidence && !!best.inferredFrom && !t.inferredFrom) ||
      (t.confidence === best.confidence && !!best.inferredFrom === !!t.inferredFrom && t.label < best.label)
    ) {
      best = t;
    }
  }
  return best;
}
