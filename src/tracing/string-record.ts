// Records of many computed keys (a trace result's `bySource`: a decimal figure per victim) built so that
// V8 keeps them small. An object that gets its properties by keyed stores (`out[id] = v`) turns into a
// hash-table ("dictionary mode") object past a dozen of them: with 100 victims that is ~6.3 KB an object
// against ~0.9 KB for the same object with fast properties, measured with `%HasFastProperties` and the heap
// used by 20,000 of each (issue 19: the 10^6 many-victims trace held 20,238 such holdings). Past FAST_UP_TO
// keys a record is cloned from a template of the same keys, made once by JSON.parse (which builds fast
// properties), and its values written in place. The record is the same either way: same keys, same order
// (JavaScript's own: integer-like keys first, then insertion order), same values; a key "__proto__" is
// an own property on both paths.

/** Up to this many keys, keyed stores keep fast properties. */
const FAST_UP_TO = 12;
/** Templates kept, by key list (cleared past this many). */
const TEMPLATES = 4096;

const templates = new Map<string, Record<string, string>>();

/** The record { keys[i]: values[i] } (keys distinct), with fast properties when it has many keys. */
export function stringRecord(keys: readonly string[], values: readonly string[]): Record<string, string> {
  const n = keys.length;
  if (n <= FAST_UP_TO) {
    const out: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      // A key "__proto__" is an own property like any other (a plain store would set the prototype).
      if (keys[i] === '__proto__') Object.defineProperty(out, '__proto__', { value: values[i], enumerable: true, writable: true, configurable: true });
      else out[keys[i]] = values[i];
    }
    return out;
  }
  const signature = keys.join('\u0000');
  let template = templates.get(signature);
  if (template === undefined) {
    if (templates.size >= TEMPLATES) templates.clear();
    template = JSON.parse(`{${keys.map((k) => `${JSON.stringify(k)}:""`).join(',')}}`) as Record<string, string>;
    templates.set(signature, template);
  }
  const out = { ...template };
  for (let i = 0; i < n; i++) out[keys[i]] = values[i];
  return out;
}
