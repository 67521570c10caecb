// Personal data in evidence packs (issue 16, docs/sharing.md "Audiences"): what an exchange-audience pack
// leaves out. The marking is in the model, not in the audience code: a record field named `personal`
// holds restricted personal data (a victim's name and contact, an account holder's KYC name), and a tag
// is personal when its category is `victim` (a victim's own wallet, labelled from the victim's statement)
// or when it carries `"personal": true`. Only court packs carry either; victim ids are not personal data.

import type { Tag } from '../model/tag.js';

/** The field name that marks restricted personal data in any record of the model. */
export const PERSONAL_FIELD = 'personal';

/** True when the tag names or describes a person: a victim's wallet, or a tag marked `"personal": true`. */
export function isPersonalTag(tag: Tag): boolean {
  return tag.category === 'victim' || tag.extra?.[PERSONAL_FIELD] === true;
}

/** The tags an exchange pack carries: every tag but the personal ones. */
export function isNotPersonalTag(tag: Tag): boolean {
  return !isPersonalTag(tag);
}

/** A deep copy of `value` without any field named `personal` (at any depth). */
export function withoutPersonal<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutPersonal(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (k !== PERSONAL_FIELD) out[k] = withoutPersonal(v);
  return out as T;
}
