// Traces a case (TRACING.md): resolves its victim payments in the store, walks each chain and asset
// independently from them under the chosen rule (account-walk.ts, utxo-walk.ts), and assembles the trace
// result of FORMATS.md plus the flows behind every figure. Reads only what taint reaches.
// Conversions (TRACING.md v2) link the walks: the conversions of the chains reached are read once; a pass
// walks every group with the landings known so far, and records the taint reaching in-refs, which gives
// the landings of the next pass. Passes repeat until the landings no longer change (conversions are
// ordered in time, so each pass settles at least one more step); the last pass is the result.

import { createTagResolver, type TagResolver } from '../attribution/resolve-tags.js';
import { invalidInput, LedgerhoundError } from '../errors.js';
import { type CaseFile, POLICIES, type Policy } from '../model/case.js';
import { chainInfo } from '../model/chain.js';
import type { Tag, TagCategory } from '../model/tag.js';
import { isTagCategory } from '../model/tag.js';
import type { TraceRun } from '../model/trace-result.js';
import type { AccountTransfer } from '../model/transfer.js';
import type { UtxoTransaction } from '../model/utxo.js';
import type { GraphStore } from '../ports.js';
import { createAccountPolicy, ruleProperties } from './account/account-policy.js';
import { type AccountPayment, walkAccount } from './account-walk.js';
import { cmp, type SourceEntry, TraceCollector } from './collector.js';
import { ConversionBook, type Landing, landingsKey } from './conversion-book.js';
import { toScaled } from './scaled.js';
import { TaintKeys } from './taint.js';
import { createUtxoRule } from './utxo/utxo-rule.js';
import { type UtxoPayment, walkUtxo } from './utxo-walk.js';
import type { ResumableWalk } from './resumable-walk.js';
import type { WalkContext } from './walk-context.js';

/** Overrides of the case file's tracing settings. */
export interface TraceOptions {
  policy?: Policy;
  maxHops?: number;
  /** ISO-8601 UTC: events after it are ignored. */
  until?: string;
  stopAt?: TagCategory[];
  inheritTags?: boolean;
  /** Dust threshold in base units: one figure for every asset, or per asset (`<asset>` or `<chain>/<asset>`). */
  dust?: string | bigint | Record<string, string>;
  /** Called now and then with the number of events processed. */
  onProgress?(done: number): void;
  /**
   * Account model: once taint has reached more than this many addresses of one chain and asset, read the
   * chain once in order (store.transfers) instead of one ledger per address. Default 2,000; 0 scans from
   * the start; Infinity never scans. The result is the same either way. Before the limit, the walk also
   * scans once that costs less than its ledger reads (store.countTransfers).
   */
  scanAfter?: number;
  /** Collect `flows` (default true); a caller that needs only the result can save memory with false. */
  flows?: boolean;
  /**
   * Account model: unknown-order groups held before the walk drops those of blocks it has left (default
   * 65,536; unknown-order.ts). The result is the same either way; tests set 1 to drop them at once.
   */
  unknownOrderSweepFrom?: number;
  /** Follow conversions with confidence below 100 (TRACING.md v2); default: the case's `followProbable`. */
  followProbable?: boolean;
}

/** Tracked addresses beyond which an account walk reads the chain once instead of ledgers. */
export const DEFAULT_SCAN_AFTER = 2_000;
/**
 * The same on a server store (GraphStore.batchReads). It was 200 while the walk could not price its
 * round trips; it now switches by cost (account-walk.ts, issue 18), so a small trace on a large chain
 * keeps reading ledgers instead of the whole chain.
 */
export const DEFAULT_SCAN_AFTER_BATCHED = 2_000;

/** The settings a trace ran with, after overrides. */
export interface TraceSettings {
  policy: Policy;
  maxHops: number;
  until?: string;
  stopAt: TagCategory[];
  inheritTags: boolean;
  dust?: string | Record<string, string>;
  /** Set (true) only when probable conversions are followed. */
  followProbable?: true;
}

/** Merges the case's settings with overrides and validates them (INVALID_INPUT naming the field). */
export function resolveTraceSettings(kase: CaseFile, options: TraceOptions = {}): TraceSettings {
  const policy = options.policy ?? kase.policy;
  if (!(POLICIES as readonly string[]).includes(policy)) throw invalidInput(`policy must be one of ${POLICIES.join(', ')}`, { field: 'policy' }, { value: policy });
  const maxHops = options.maxHops ?? kase.maxHops;
  if (!Number.isSafeInteger(maxHops) || maxHops < 1 || maxHops > 100_000) throw invalidInput('maxHops must be an integer from 1', { field: 'maxHops' }, { value: maxHops });
  const until = options.until ?? kase.until;
  if (until !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(until) || Number.isNaN(Date.parse(until)))) {
    throw invalidInput('until must be an ISO-8601 UTC time (2025-03-01T12:00:00Z)', { field: 'until' }, { value: until });
  }
  const stopAt = options.stopAt ?? kase.stopAt;
  for (const c of stopAt) if (!isTagCategory(c)) throw invalidInput(`unknown stop category "${c}"`, { field: 'stopAt' }, { value: c });
  const rawDust = options.dust ?? kase.dust;
  const dust = typeof rawDust === 'bigint' ? rawDust.toString() : rawDust;
  const check = (v: string, field: string) => {
    if (!/^(0|[1-9]\d*)$/.test(v)) throw invalidInput('dust must be an integer of base units', { field }, { value: v });
  };
  if (typeof dust === 'string') check(dust, 'dust');
  else if (dust) for (const [k, v] of Object.entries(dust)) check(v, `dust.${k}`);
  const settings: TraceSettings = { policy, maxHops, stopAt: [...stopAt], inheritTags: options.inheritTags ?? kase.inheritTags };
  if (until !== undefined) settings.until = until;
  if (dust !== undefined) settings.dust = dust;
  if (options.followProbable ?? kase.followProbable) settings.followProbable = true;
  return settings;
}

/**
 * Traces the case's victim payments through the store. The result is deterministic: the same store
 * content and settings give byte-identical JSON whatever the order records were imported in.
 */
export async function traceCase(store: GraphStore, kase: CaseFile, options: TraceOptions = {}): Promise<TraceRun> {
  const { settings, keys, sources, accountGroups, utxoGroups, rule, tags, book } = await prepareTrace(store, kase, options);

  let landings: Landing[] = [];
  let landingsText = '';
  let collector: TraceCollector;
  let done = 0;
  for (let pass = 1; ; pass++) {
    collector = new TraceCollector(keys, sources, { exposure: rule.exposure, flows: options.flows ?? true });
    const ctx = walkContext(store, settings, keys, collector, tags, options, book);
    if (rule.exposure) collector.addNote(`${settings.policy} counts exposure: a unit reached by several victims counts once for each, so totals do not add up`);
    book.beginPass();
    done = await walkGroups(ctx, settings.policy, accountGroups, utxoGroups, landings);
    if (book.count === 0) break;
    const next = await book.landings();
    collector.setConversions(book.passages(next));
    const text = landingsKey(next);
    if (text === landingsText) break;
    // Each pass settles at least one more conversion in time order; more passes than conversions means
    // the data put a conversion's out-ref before its own taint could arrive (a cycle across chains).
    if (pass > book.count + 1) {
      throw new LedgerhoundError('INTEGRITY', 'conversions do not settle: an out-ref lies before the taint that reaches it (a cycle across chains)', { passes: pass });
    }
    landings = next;
    landingsText = text;
  }
  options.onProgress?.(done);
  return finishRun(store, kase, settings, collector, tags);
}

/** What a trace needs before its walks: settings, the victim payments grouped per walk, tags, conversions. */
export async function prepareTrace(store: GraphStore, kase: CaseFile, options: TraceOptions = {}) {
  const settings = resolveTraceSettings(kase, options);
  const keys = new TaintKeys(settings.maxHops);
  const sources: SourceEntry[] = [];
  const accountGroups = new Map<string, AccountPayment[]>();
  const utxoGroups = new Map<string, { payments: UtxoPayment[]; first: Map<string, UtxoTransaction> }>();
  const seen = new Map<string, string>();

  for (const [index, v] of kase.victimPayments.entries()) {
    const info = chainInfo(v.chain);
    const field = `victimPayments.${index}`;
    if (!info) throw invalidInput(`unknown chain "${v.chain}"`, { field: `${field}.chain` });
    if (info.model === 'account') {
      if (!v.transfer) throw invalidInput('an account-chain payment needs a transfer id', { field: `${field}.transfer` });
      const t = await findTransfer(store, v.chain, v.transfer);
      if (!t) throw new LedgerhoundError('NOT_FOUND', `victim payment ${v.id}: transfer ${v.chain}/${v.transfer} is not in the store`, { victim: v.id, chain: v.chain, transfer: v.transfer });
      const ref = `${v.chain}\u0000${t.id}`;
      if (seen.has(ref)) throw invalidInput(`victim payments ${seen.get(ref)} and ${v.id} name the same transfer`, { field: `${field}.transfer` }, { transfer: t.id });
      seen.set(ref, v.id);
      sources.push({ index, amount: t.amount, row: sourceRow(v.id, v.chain, t.asset, t.amount, t.id, t.to, t.time) });
      const key = `${v.chain}\u0000${t.asset}`;
      const group = accountGroups.get(key) ?? [];
      group.push({ sourceIndex: index, sourceId: v.id, transfer: t });
      accountGroups.set(key, group);
    } else {
      const m = v.output ? /^([0-9a-fA-F]{64}):(\d+)$/.exec(v.output) : null;
      if (!m) throw invalidInput('a UTXO payment needs an output <txid>:<vout>', { field: `${field}.output` }, { value: v.output });
      const txid = m[1].toLowerCase();
      const vout = Number(m[2]);
      const tx = await store.getTransaction(v.chain, txid);
      const out = tx?.outputs[vout];
      if (!tx || !out) throw new LedgerhoundError('NOT_FOUND', `victim payment ${v.id}: output ${v.chain}/${txid}:${vout} is not in the store`, { victim: v.id, chain: v.chain, output: `${txid}:${vout}` });
      const ref = `${v.chain}\u0000${txid}:${vout}`;
      if (seen.has(ref)) throw invalidInput(`victim payments ${seen.get(ref)} and ${v.id} name the same output`, { field: `${field}.output` }, { output: `${txid}:${vout}` });
      seen.set(ref, v.id);
      sources.push({ index, amount: out.value, row: sourceRow(v.id, v.chain, 'BTC', out.value, `${txid}:${vout}`, out.address, tx.time) });
      const group = utxoGroups.get(v.chain) ?? { payments: [] as UtxoPayment[], first: new Map<string, UtxoTransaction>() };
      group.payments.push({ sourceIndex: index, sourceId: v.id, txid, vout });
      group.first.set(txid, tx);
      utxoGroups.set(v.chain, group);
    }
  }

  const rule = ruleProperties(settings.policy);
  const tags = createTagResolver(store, { inheritTags: settings.inheritTags });
  const book = new ConversionBook(store, keys, { followProbable: settings.followProbable === true, exposure: rule.exposure });
  for (const chain of [...new Set(kase.victimPayments.map((v) => v.chain))].sort(cmp)) await book.load(chain);

  return { settings, keys, sources, accountGroups, utxoGroups, rule, tags, book };
}

/** The context the walks of one pass share. */
export function walkContext(
  store: GraphStore,
  settings: TraceSettings,
  keys: TaintKeys,
  collector: TraceCollector,
  tags: TagResolver,
  options: TraceOptions,
  book: ConversionBook,
): WalkContext {
  return {
    store,
    keys,
    collector,
    tags,
    stopAt: new Set(settings.stopAt),
    untilMs: settings.until === undefined ? undefined : Date.parse(settings.until),
    dustOf: (chain, asset) => dustFor(settings.dust, chain, asset),
    progress: (n) => options.onProgress?.(n),
    scanAfter: options.scanAfter ?? (store.batchReads ? DEFAULT_SCAN_AFTER_BATCHED : DEFAULT_SCAN_AFTER),
    ...(options.unknownOrderSweepFrom !== undefined ? { unknownOrderSweepFrom: options.unknownOrderSweepFrom } : {}),
    ...(book.count > 0 ? { conversions: book } : {}),
  };
}

/** After the walks: the labels and tag conflicts of holding addresses, and the result with its flows. */
export async function finishRun(store: GraphStore, kase: CaseFile, settings: TraceSettings, collector: TraceCollector, tags: TagResolver): Promise<TraceRun> {
  // Only the addresses with a tag get an entry (most holdings have none; a peel case has 283,818 of them).
  const labels = new Map<string, Map<string, Tag>>();
  for (const [chain, all] of collector.holdingAddresses()) {
    const addresses = [...all].filter((a) => !a.startsWith('nonstandard:'));
    all.clear();
    if (store.batchReads) await tags.prefetch(chain, addresses);
    const found = new Map<string, Tag>();
    for (const address of addresses) {
      const tag = await tags.bestOf(chain, address);
      if (tag) found.set(address, tag);
      const conflict = await tags.conflictOf(chain, address);
      if (conflict) collector.addTagConflict(chain, address, conflict, false);
    }
    if (found.size > 0) labels.set(chain, found);
  }
  return { result: collector.build({ caseName: kase.name, policy: settings.policy }, labels), flows: collector.flows };
}

/**
 * One pass: every (chain, asset) group with victim payments or landings, in a fixed order. With `keep`,
 * each walk is handed over open when it ends instead of reporting (src/tracing/resumable-trace.ts).
 */
export async function walkGroups(
  ctx: WalkContext,
  policy: Policy,
  accountGroups: Map<string, AccountPayment[]>,
  utxoGroups: Map<string, { payments: UtxoPayment[]; first: Map<string, UtxoTransaction> }>,
  landings: readonly Landing[],
  keep?: (walk: ResumableWalk) => void,
): Promise<number> {
  const accountLandings = new Map<string, Landing[]>();
  const utxoLandings = new Map<string, Landing[]>();
  for (const l of landings) {
    const [map, key] = l.tx ? [utxoLandings, l.chain] : [accountLandings, `${l.chain}\u0000${l.asset}`];
    const list = map.get(key) ?? [];
    list.push(l);
    map.set(key, list);
  }
  let done = 0;
  for (const key of [...new Set([...accountGroups.keys(), ...accountLandings.keys()])].sort(cmp)) {
    const [chain, asset] = key.split('\u0000');
    done = await walkAccount(ctx, chain, asset, createAccountPolicy(policy, ctx.keys), accountGroups.get(key) ?? [], done, accountLandings.get(key), keep);
  }
  for (const chain of [...new Set([...utxoGroups.keys(), ...utxoLandings.keys()])].sort(cmp)) {
    const rule = createUtxoRule(policy, ctx.keys);
    if (!ruleProperties(policy).definedForCoins) ctx.collector.addNote(`${policy} is not defined for coins: ${rule.name} was used on ${chain}`);
    const group = utxoGroups.get(chain);
    done = await walkUtxo(ctx, chain, rule, group?.payments ?? [], group?.first ?? new Map(), done, utxoLandings.get(chain), keep);
  }
  return done;
}

async function findTransfer(store: GraphStore, chain: string, id: string): Promise<AccountTransfer | undefined> {
  return (await store.getTransfer(chain, id)) ?? (id !== id.toLowerCase() ? await store.getTransfer(chain, id.toLowerCase()) : undefined);
}

function sourceRow(id: string, chain: string, asset: string, amount: bigint, ref: string, address: string | null, time: string | undefined) {
  return {
    id,
    chain,
    asset,
    amount: amount.toString(),
    ref,
    ...(address !== null ? { address } : {}),
    ...(time !== undefined ? { time } : {}),
  };
}

/** The dust threshold (scaled) for a chain and asset: `<chain>/<asset>`, then `<asset>`, then one figure for all. */
export function dustFor(dust: TraceSettings['dust'], chain: string, asset: string): bigint {
  if (dust === undefined) return 0n;
  if (typeof dust === 'string') return toScaled(BigInt(dust));
  const v = dust[`${chain}/${asset}`] ?? dust[asset];
  return v === undefined ? 0n : toScaled(BigInt(v));
}
