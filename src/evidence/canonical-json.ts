// Canonical JSON for hashing and signing: object keys sorted by code unit, no insignificant whitespace
// variation (2-space indent, LF, final newline), bigint written as decimal strings. The same value always
// gives the same bytes, so a SHA-256 or an Ed25519 signature over it is reproducible.

/** Deep copy of `value` with object keys sorted; `undefined` members dropped as JSON does. */
export function sortKeysDeep(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}

/** The canonical text of a JSON value: sorted keys, 2-space indent, final newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}

/** One-line canonical JSON (sorted keys, no spaces), for streaming hashes of many records. */
export function canonicalJsonLine(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}
