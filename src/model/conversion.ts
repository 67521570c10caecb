// Conversions (FORMATS.md v2 `conversions.jsonl`, TRACING.md v2 "Conversions"): one change of asset
// and/or chain — a DEX swap, a wrap or unwrap, a bridge, a swap service. `in.amount` is the sum of the
// in-refs' amounts and `out.amount` the sum of the out-refs'; the rate out/in includes the venue's fee.
// The parser checks the shape of one record; the sums need the referenced transfers or outputs, so they
// are checked by `checkConversionRefs` wherever those are at hand (import against the store, tracer).

import { invalidInput, type InputLocation } from '../errors.js';
import { normalizeAddress } from './address.js';
import { parseBaseUnits } from './amount.js';
import { normalizeAsset } from './asset.js';
import { chainInfo } from './chain.js';
import { at, extraFields, optionalString, type RawRecord, requireObject, requireString } from './fields.js';

export const CONVERSION_KINDS = ['swap', 'wrap', 'unwrap', 'bridge', 'service', 'ambiguous'] as const;

export type ConversionKind = (typeof CONVERSION_KINDS)[number];

/** One side of a conversion: what the trader paid in, or what came out to the recipient. */
export interface ConversionLeg {
  chain: string;
  address: string;
  asset: string;
  amount: bigint;
  /** Transfer ids (account model) or `<txid>:<vout>` outputs (UTXO) on `chain`. */
  refs: string[];
  /** Unknown fields of the input leg, kept as properties. */
  extra?: RawRecord;
}

export interface Conversion {
  /** Unique; re-importing the same conversion changes nothing. */
  id: string;
  kind: ConversionKind;
  /** Human name of the pool, router, bridge or service, e.g. `Uniswap V2 USDT/WETH 0x0d4a...1852`. */
  venue: string;
  in: ConversionLeg;
  /** Absent only for `ambiguous` conversions (assets that could not be paired). */
  out?: ConversionLeg;
  /** 100: linked on chain (same transaction, protocol link key); below 100: a probable link. */
  confidence: number;
  /** How the conversion was found, e.g. `logs: Transfer, Swap (V2), Withdrawal (WETH9)`. */
  method: string;
  /** Transaction ids that show it. */
  evidence: string[];
  note?: string;
  /** Unknown fields of the input record, kept as properties. */
  extra?: RawRecord;
}

const FIELDS = ['id', 'kind', 'venue', 'in', 'out', 'confidence', 'method', 'evidence', 'note'] as const;
const LEG_FIELDS = ['chain', 'address', 'asset', 'amount', 'refs'] as const;
const OUTPOINT = /^([0-9a-fA-F]{64}):(0|[1-9][0-9]{0,9})$/;

export function isConversionKind(value: unknown): value is ConversionKind {
  return typeof value === 'string' && (CONVERSION_KINDS as readonly string[]).includes(value);
}

/** Validates one raw record into a Conversion, or throws INVALID_INPUT naming file, line and field. */
export function parseConversion(value: unknown, where: InputLocation = {}): Conversion {
  const rec = requireObject(value, where);
  const id = requireString(rec, 'id', where);
  const kind = rec.kind;
  if (!isConversionKind(kind)) throw invalidInput(`kind must be one of ${CONVERSION_KINDS.join(', ')}`, at(where, 'kind'), { value: kind });
  const venue = requireString(rec, 'venue', where);
  const inLeg = parseLeg(rec.in, where, 'in');
  let outLeg: ConversionLeg | undefined;
  if (kind === 'ambiguous') {
    if (rec.out !== undefined && rec.out !== null) throw invalidInput('an ambiguous conversion has no out', at(where, 'out'));
  } else {
    if (rec.out === undefined || rec.out === null) throw invalidInput(`a ${kind} conversion needs an out`, at(where, 'out'));
    outLeg = parseLeg(rec.out, where, 'out');
  }
  const rawConfidence = rec.confidence;
  const confidence = typeof rawConfidence === 'string' && /^\d+$/.test(rawConfidence) ? Number(rawConfidence) : rawConfidence;
  if (typeof confidence !== 'number' || !Number.isInteger(confidence) || confidence < 0 || confidence > 100) {
    throw invalidInput('confidence must be an integer from 0 to 100', at(where, 'confidence'), { value: rawConfidence });
  }
  const method = requireString(rec, 'method', where);
  const evidence = stringList(rec.evidence, at(where, 'evidence'), { allowEmpty: true });
  // Built in one key order (out between in and confidence) so stored JSON is the same on every store.
  const conversion: Conversion = outLeg
    ? { id, kind, venue, in: inLeg, out: outLeg, confidence, method, evidence }
    : { id, kind, venue, in: inLeg, confidence, method, evidence };
  const note = optionalString(rec, 'note', where);
  if (note !== undefined) conversion.note = note;
  const extra = extraFields(rec, FIELDS);
  if (extra) conversion.extra = extra;
  return conversion;
}

function parseLeg(value: unknown, where: InputLocation, side: 'in' | 'out'): ConversionLeg {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput('must be an object', at(where, side), { value });
  const rec = value as RawRecord;
  const field = (name: string) => at(where, `${side}.${name}`);
  const chain = rec.chain;
  if (typeof chain !== 'string' || chain.length === 0) throw invalidInput('required string is missing or empty', field('chain'), { value: chain });
  const info = chainInfo(chain);
  if (!info) throw invalidInput(`unknown chain "${chain}"`, field('chain'), { chain });
  const address = normalizeAddress(chain, rec.address, field('address'));
  const asset = normalizeAsset(chain, rec.asset, field('asset'));
  const amount = parseBaseUnits(rec.amount, field('amount'));
  const refs = stringList(rec.refs, field('refs'), { allowEmpty: false }).map((ref, i) => {
    if (info.model === 'account') return ref;
    const m = OUTPOINT.exec(ref);
    if (!m) throw invalidInput(`on ${chain} (UTXO) a ref is an output <txid>:<vout>`, field(`refs[${i}]`), { value: ref });
    return `${m[1].toLowerCase()}:${m[2]}`;
  });
  const seen = new Set<string>();
  refs.forEach((ref, i) => {
    if (seen.has(ref)) throw invalidInput('ref listed twice', field(`refs[${i}]`), { value: ref });
    seen.add(ref);
  });
  const leg: ConversionLeg = { chain, address, asset, amount, refs };
  const extra = extraFields(rec, LEG_FIELDS);
  if (extra) leg.extra = extra;
  return leg;
}

function stringList(value: unknown, where: InputLocation, opts: { allowEmpty: boolean }): string[] {
  if (!Array.isArray(value)) throw invalidInput('must be an array of strings', where, { value });
  if (!opts.allowEmpty && value.length === 0) throw invalidInput('must not be empty', where);
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v.length === 0) throw invalidInput('must be a non-empty string', { ...where, field: `${where.field}[${i}]` }, { value: v });
  });
  return [...(value as string[])];
}

function legToJson(leg: ConversionLeg): RawRecord {
  const out: RawRecord = { chain: leg.chain, address: leg.address, asset: leg.asset, amount: leg.amount.toString(), refs: [...leg.refs] };
  return leg.extra ? { ...out, ...leg.extra } : out;
}

/** The interchange (JSON) form of a conversion: amounts as strings, unknown fields back in place. */
export function conversionToJson(c: Conversion): RawRecord {
  const out: RawRecord = { id: c.id, kind: c.kind, venue: c.venue, in: legToJson(c.in) };
  if (c.out) out.out = legToJson(c.out);
  out.confidence = c.confidence;
  out.method = c.method;
  out.evidence = [...c.evidence];
  if (c.note !== undefined) out.note = c.note;
  return c.extra ? { ...out, ...c.extra } : out;
}

/** What a conversion's ref points at: a transfer (account model) or an output (UTXO). */
export interface ConversionRefTarget {
  asset: string;
  amount: bigint;
  /** Account transfers: the payer. */
  from?: string;
  /** Account transfers: the recipient (null: left circulation); UTXO outputs: the output's address. */
  to?: string | null;
}

/** Finds the target of `ref` on `chain`, or undefined when it is not known (yet). */
export type ConversionRefLookup = (chain: string, ref: string) => ConversionRefTarget | undefined | Promise<ConversionRefTarget | undefined>;

export interface ConversionRefCheck {
  /** Refs whose transfer or output was not found, as `in.refs[i]` / `out.refs[i]` paths with the ref. */
  missing: { field: string; ref: string }[];
}

/**
 * Checks a conversion against what its refs point at (TRACING.md v2): every ref's asset is the leg's
 * asset; an account in-ref is paid by `in.address` and an out-ref (account or UTXO) pays `out.address`;
 * and, when every ref of a leg is found, the leg's amount is the sum of its refs' amounts. A breach is an
 * INVALID_INPUT naming `where` and the field (`in.amount`, `out.refs[1]`...). Refs not found are returned:
 * the caller decides whether that is an error (a tracer) or not yet checkable (an import).
 */
export async function checkConversionRefs(c: Conversion, lookup: ConversionRefLookup, where: InputLocation = {}): Promise<ConversionRefCheck> {
  const missing: ConversionRefCheck['missing'] = [];
  const legs: ['in' | 'out', ConversionLeg][] = c.out ? [['in', c.in], ['out', c.out]] : [['in', c.in]];
  for (const [side, leg] of legs) {
    const utxo = chainInfo(leg.chain)?.model === 'utxo';
    let sum = 0n;
    let complete = true;
    for (const [i, ref] of leg.refs.entries()) {
      const field = `${side}.refs[${i}]`;
      const target = await lookup(leg.chain, ref);
      if (!target) {
        complete = false;
        missing.push({ field, ref });
        continue;
      }
      const details = { conversion: c.id, ref };
      if (target.asset !== leg.asset) {
        throw invalidInput(`ref is ${target.asset}, not the ${side} asset ${leg.asset}`, at(where, field), { ...details, asset: target.asset });
      }
      if (side === 'in' && !utxo && target.from !== leg.address) {
        throw invalidInput(`in-ref is paid by ${target.from}, not by in.address ${leg.address}`, at(where, field), { ...details, from: target.from });
      }
      if (side === 'out' && target.to !== leg.address) {
        throw invalidInput(`out-ref pays ${target.to}, not out.address ${leg.address}`, at(where, field), { ...details, to: target.to });
      }
      sum += target.amount;
    }
    if (complete && sum !== leg.amount) {
      throw invalidInput(`${side}.amount ${leg.amount} is not the sum of its refs' amounts (${sum})`, at(where, `${side}.amount`), {
        conversion: c.id,
        amount: leg.amount.toString(),
        sum: sum.toString(),
      });
    }
  }
  return { missing };
}

function legFromJson(json: RawRecord): ConversionLeg {
  const { chain, address, asset, amount, refs, ...rest } = json;
  const leg: ConversionLeg = { chain: chain as string, address: address as string, asset: asset as string, amount: BigInt(amount as string), refs: [...(refs as string[])] };
  if (Object.keys(rest).length > 0) leg.extra = rest;
  return leg;
}

/**
 * Rebuilds a conversion from the JSON form `conversionToJson` wrote (a store's copy), without checks or
 * normalisation, so that what was stored comes back exactly.
 */
export function conversionFromJson(json: RawRecord): Conversion {
  const { id, kind, venue, in: inLeg, out: outLeg, confidence, method, evidence, note, ...rest } = json;
  const base = { id: id as string, kind: kind as ConversionKind, venue: venue as string, in: legFromJson(inLeg as RawRecord) };
  const tail = { confidence: confidence as number, method: method as string, evidence: [...(evidence as string[])] };
  const c: Conversion = outLeg === undefined ? { ...base, ...tail } : { ...base, out: legFromJson(outLeg as RawRecord), ...tail };
  if (note !== undefined) c.note = note as string;
  if (Object.keys(rest).length > 0) c.extra = rest;
  return c;
}
