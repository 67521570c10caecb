// JSON written in pieces, byte for byte what `toJson` (cli/output.ts: JSON.stringify with bigints as
// decimal strings, 2-space indent) gives, without ever holding the whole text: the outer objects are
// written member by member, the items of an outer array a batch at a time, each by one JSON.stringify.
// A trace result of 10^6 transfers is ~30 MB of JSON (a peel chain's, 145 MB); as one string (and its
// Buffer for the write) it was the peak of the run. JSON.stringify without a replacer function is ~9x
// faster than with one (issue 19), so a value is written without it unless it holds a BigInt.

/** Bigints as decimal strings (as toJson). */
const replacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** Members nested deeper than this are written by one JSON.stringify each. */
const SPLIT_DEPTH = 3;
/** Items of a split array written by one JSON.stringify. */
const BATCH = 256;
/** Pieces are handed to `write` in chunks of about this many characters. */
const CHUNK = 1 << 16;

/** JSON.stringify(v, replacer, 2), without the replacer unless `v` holds a BigInt (a TypeError without it). */
function stringify(v: unknown): string | undefined {
  try {
    return JSON.stringify(v, null, 2);
  } catch (e) {
    if (e instanceof TypeError) return JSON.stringify(v, replacer, 2);
    throw e;
  }
}

function isPlain(v: unknown): v is Record<string, unknown> | unknown[] {
  if (v === null || typeof v !== 'object') return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Writes `value` as `toJson(value)` would print it (2-space indent), in chunks of ~64 KiB, through
 * `write`; nothing is written for a value JSON.stringify would turn into undefined.
 */
export function writeJson(value: unknown, write: (chunk: string) => void): void {
  let buffer = '';
  const out = (s: string) => {
    buffer += s;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = '';
    }
  };
  /** A value written whole at `depth`, re-indented; undefined when it has no JSON form. */
  const leaf = (v: unknown, depth: number): string | undefined => {
    const text = stringify(v);
    return text === undefined || depth === 0 ? text : text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
  };
  const split = (v: unknown, depth: number): v is Record<string, unknown> | unknown[] => depth < SPLIT_DEPTH && isPlain(v);
  /** Writes `v` (already through the replacer) at `depth`; false when it has no JSON form (undefined). */
  const emit = (v: unknown, depth: number): boolean => {
    if (!split(v, depth)) {
      const text = leaf(v, depth);
      if (text === undefined) return false;
      out(text);
      return true;
    }
    const inner = `\n${'  '.repeat(depth + 1)}`;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out('[]');
        return true;
      }
      // A batch of items as one array, its items moved `depth` levels further in: "[\n  a,\n  b\n]".
      const indent = '  '.repeat(depth);
      out('[');
      for (let i = 0; i < v.length; i += BATCH) {
        const text = stringify(v.slice(i, i + BATCH)) as string;
        const items = text.slice(2, -2);
        out(`${i === 0 ? '\n' : ',\n'}${indent}${depth === 0 ? items : items.replaceAll('\n', `\n${indent}`)}`);
      }
      out(`\n${'  '.repeat(depth)}]`);
      return true;
    }
    let first = true;
    for (const key of Object.keys(v)) {
      const member = replacer(key, v[key]);
      const text = split(member, depth + 1) ? undefined : leaf(member, depth + 1);
      if (text === undefined && !split(member, depth + 1)) continue;
      out(first ? `{${inner}` : `,${inner}`);
      first = false;
      out(`${JSON.stringify(key)}: `);
      if (text !== undefined) out(text);
      else emit(member, depth + 1);
    }
    out(first ? '{}' : `\n${'  '.repeat(depth)}}`);
    return true;
  };
  emit(replacer('', value), 0);
  if (buffer.length > 0) write(buffer);
}
