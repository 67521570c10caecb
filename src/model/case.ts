// Case files (FORMATS.md `case.json` / `case.yaml`): the victims' payments and how to trace them,
// validated with a schema (zod). Paths in `sources` are relative to the case file.

import { z } from 'zod';
import { invalidInput, type InputLocation } from '../errors.js';
import { chainInfo } from './chain.js';
import { TAG_CATEGORIES, type TagCategory } from './tag.js';

export const POLICIES = ['poison', 'haircut', 'fifo', 'lifo', 'libr'] as const;
export type Policy = (typeof POLICIES)[number];

export const DEFAULT_STOP_AT: TagCategory[] = ['exchange', 'otc', 'payment_processor', 'wallet_service', 'gambling', 'mixer', 'bridge'];
export const DEFAULT_MAX_HOPS = 20;

export interface VictimPayment {
  id: string;
  chain: string;
  /** Account model: a transfer id. */
  transfer?: string;
  /** UTXO model: `<txid>:<vout>`. */
  output?: string;
}

export interface CaseFile {
  name: string;
  sources: string[];
  victimPayments: VictimPayment[];
  policy: Policy;
  maxHops: number;
  until?: string;
  stopAt: TagCategory[];
  inheritTags: boolean;
  /** Dust threshold in base units, per asset (`"erc20:0x...": "1000"`) or one figure for all assets. */
  dust?: string | Record<string, string>;
  /** Follow conversions with confidence below 100 (TRACING.md v2); absent: false. */
  followProbable?: boolean;
  /** Addresses watched besides the trace's holdings and cash-out points (`watch`, issue 17). */
  watch?: WatchEntry[];
  /** Unknown fields, kept. */
  extra?: Record<string, unknown>;
}

/** An address a `watch` keeps an eye on, with why. */
export interface WatchEntry {
  chain: string;
  address: string;
  note?: string;
}

const isoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'must be an ISO-8601 UTC time');
const baseUnits = z.string().regex(/^(0|[1-9]\d*)$/, 'must be an integer string of base units');

const victimPaymentSchema = z
  .object({
    id: z.string().min(1),
    chain: z.string().refine((c) => chainInfo(c) !== undefined, 'unknown chain'),
    transfer: z.string().min(1).optional(),
    output: z
      .string()
      .regex(/^[0-9a-fA-F]{64}:\d+$/, 'must be <txid>:<vout>')
      .optional(),
  })
  .superRefine((v, ctx) => {
    const model = chainInfo(v.chain)?.model;
    if (model === 'account' && !v.transfer) ctx.addIssue({ code: 'custom', path: ['transfer'], message: 'an account-chain payment needs a transfer id' });
    if (model === 'utxo' && !v.output) ctx.addIssue({ code: 'custom', path: ['output'], message: 'a UTXO payment needs an output <txid>:<vout>' });
    if (v.transfer && v.output) ctx.addIssue({ code: 'custom', path: ['output'], message: 'give a transfer or an output, not both' });
  });

export const caseSchema = z.looseObject({
  name: z.string().min(1),
  sources: z.array(z.string().min(1)).default([]),
  victimPayments: z.array(victimPaymentSchema).min(1, 'at least one victim payment is needed'),
  policy: z.enum(POLICIES).default('fifo'),
  maxHops: z.number().int().min(1).default(DEFAULT_MAX_HOPS),
  until: isoUtc.optional(),
  stopAt: z.array(z.enum(TAG_CATEGORIES)).default(DEFAULT_STOP_AT),
  inheritTags: z.boolean().default(false),
  dust: z.union([baseUnits, z.record(z.string(), baseUnits)]).optional(),
  followProbable: z.boolean().optional(),
  watch: z
    .array(
      z.object({
        chain: z.string().refine((c) => chainInfo(c) !== undefined, 'unknown chain'),
        address: z.string().min(1),
        note: z.string().optional(),
      }),
    )
    .optional(),
});

const KNOWN = ['name', 'sources', 'victimPayments', 'policy', 'maxHops', 'until', 'stopAt', 'inheritTags', 'dust', 'followProbable', 'watch'];

/**
 * Validates a parsed case document. Errors are INVALID_INPUT with `field` set to the path of the first
 * problem (`victimPayments.1.output`) and `details.path` as an array, so a loader can find its line.
 */
export function parseCase(value: unknown, where: InputLocation = {}): CaseFile {
  const result = caseSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    throw invalidInput(issue.message, { ...where, field: path.join('.') || undefined }, { path });
  }
  const data = result.data;
  const ids = new Set<string>();
  data.victimPayments.forEach((v, i) => {
    if (ids.has(v.id)) throw invalidInput(`duplicate victim payment id "${v.id}"`, { ...where, field: `victimPayments.${i}.id` }, { path: ['victimPayments', i, 'id'] });
    ids.add(v.id);
  });
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(data)) if (!KNOWN.includes(key)) extra[key] = (data as Record<string, unknown>)[key];
  const out: CaseFile = {
    name: data.name,
    sources: data.sources,
    victimPayments: data.victimPayments.map((v) => ({
      id: v.id,
      chain: v.chain,
      ...(v.transfer ? { transfer: v.transfer } : {}),
      ...(v.output ? { output: v.output.toLowerCase() } : {}),
    })),
    policy: data.policy,
    maxHops: data.maxHops,
    stopAt: data.stopAt,
    inheritTags: data.inheritTags,
  };
  if (data.until) out.until = data.until;
  if (data.dust !== undefined) out.dust = data.dust;
  if (data.followProbable !== undefined) out.followProbable = data.followProbable;
  if (data.watch) out.watch = data.watch.map((w) => ({ chain: w.chain, address: w.address, ...(w.note !== undefined ? { note: w.note } : {}) }));
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}
