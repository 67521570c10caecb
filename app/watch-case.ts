// Use case `watch <case>` (issue 17): poll the case's chain sources (Bitcoin Core/btcd RPC, EVM node
// RPC; hosted APIs for the watched addresses: app/watch-hosted.ts) for blocks past the watch's baseline,
// ingest them (only blocks with K confirmations: a reorg shallower than K is never seen; a deeper one is
// INTEGRITY from the adapter's checkpoint check),
// bring the trace up to date incrementally (app/watch-trace.ts: the previous run stands unless what the
// poll ingested touches its frontier, else a full re-trace), raise the alerts of src/watch/alerts.ts and
// deliver them to every sink, at least once; compare the case with `--match-against` sources (`new-match`).
// State lives in the store, as GraphStore checkpoints: the baseline per chain (the last safe block at the
// first start), the last block ingested per source (the ingest's own checkpoint, written in the same
// transaction as the block's records, over one fixed range from the baseline on), and one key per
// (sink, alert) delivered, written only after the sink confirmed. Alerts are a function of the store and
// the baselines, so a restart after `kill -9` recomputes exactly the undelivered ones (`new-match` also
// of its sources as they are then, against the match ids each had when first compared, kept in the store).
// Prints nothing and reads no process state: the caller passes sinks, transport, secrets and a status hook.

import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { openBitcoinRpc } from '../adapters/bitcoin/clients.js';
import { parseBlockCheckpoint } from '../adapters/bitcoin/ingest-common.js';
import { rpcCheckpointKey } from '../adapters/bitcoin/ingest-rpc.js';
import { getBlockCount } from '../adapters/bitcoin/rpc.js';
import { blockCheckpointKey } from '../adapters/evm/ingest-blocks.js';
import { EvmRpc } from '../adapters/evm/evm-rpc.js';
import type { LoadedCase } from '../adapters/files/case-file.js';
import type { TransportSettings } from '../adapters/http/http-client.js';
import { invalidInput, isLedgerhoundError } from '../src/errors.js';
import { normalizeAddress } from '../src/model/address.js';
import type { TraceRun } from '../src/model/trace-result.js';
import type { GraphStore, ImportSource } from '../src/ports.js';
import type { TraceOptions } from '../src/tracing/trace-case.js';
import { type Alert, alertsFromRun, sourceFailingAlert } from '../src/watch/alerts.js';
import { type WatchListActivity, watchListAlerts } from '../src/watch/watch-list.js';
import { matchIdsOf, newMatchAlerts, tagMatchAlerts, tagMatchIdsOf } from '../src/watch/new-match.js';
import { chainInfo } from '../src/model/chain.js';
import { type OpenSinkOptions, openSink } from '../adapters/sinks/open-sink.js';
import type { AlertSink } from '../adapters/sinks/sink.js';
import { ingestFromSource } from './ingest.js';
import { isNeo4jLocation } from './store.js';
import { recordingStore, updateWatchTrace, type WatchTraceState } from './watch-trace.js';
import { type HostedChoice, type HostedSource, openHostedSource } from './watch-hosted.js';
import { hitsOfRun } from './hits.js';

export type { AlertSink } from '../adapters/sinks/sink.js';
export type { Alert } from '../src/watch/alerts.js';

/** The folder of the watcher's own files (dead letters): beside a SQLite store, `<cwd>/.ledgerhound` for Neo4j. */
export function watchStateDir(storeLocation: string, cwd: string): string {
  return isNeo4jLocation(storeLocation) ? join(cwd, '.ledgerhound', 'watch') : join(dirname(resolve(cwd, storeLocation)), 'watch');
}

/** Opens the sinks of `--sink` values (INVALID_INPUT naming --sink or LEDGERHOUND_WEBHOOK_SECRET). */
export function openAlertSinks(specs: readonly string[], options: OpenSinkOptions): AlertSink[] {
  const sinks = specs.map((spec) => openSink(spec, options));
  const names = new Set<string>();
  for (const s of sinks) {
    if (names.has(s.name)) throw invalidInput(`sink given twice: ${s.name}`, { field: '--sink' });
    names.add(s.name);
  }
  return sinks;
}

/** A poll interval as typed: `60s`, `5m`, `1h`, `500ms`, or seconds (`30`); at least 100 ms. */
export function parseInterval(text: string, field = '--every'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'] : Number.NaN;
  if (!Number.isFinite(ms) || ms < 100) throw invalidInput('expected an interval such as 60s, 5m or 1h (at least 100ms)', { field }, { value: text });
  return Math.round(ms);
}

/**
 * A chain source to poll: a Bitcoin node (`utxo`) or an EVM node (`evm`) by JSON-RPC URL, whose whole
 * blocks are ingested; or a hosted API (`esplora`, `etherscan`, `trongrid`) by URL, asked for the watched
 * addresses' histories (app/watch-hosted.ts).
 */
export type WatchSourceChoice =
  | {
      family: 'utxo' | 'evm';
      rpc: string;
      /** Bitcoin Core cookie file. */
      rpcCookie?: string;
      /** Chain name (EVM default `ethereum`; Bitcoin detected from the node). */
      chain?: string;
    }
  | HostedChoice;

export interface SourceStatus {
  chain: string;
  source: string;
  /** Hosted sources: the addresses asked for. */
  addresses?: number;
  /** Node sources: last block ingested (the baseline when none yet). */
  lastBlock?: number;
  /** Transactions or transfers added by this poll. */
  added: number;
  error?: string;
}

export interface PollStatus {
  poll: number;
  time: string;
  sources: SourceStatus[];
  /** Addresses watched: holdings and cash-out deposit addresses of the trace, plus the case's `watch` list. */
  watched: number;
  /** False when the previous trace stood (nothing ingested touched it), true when the case was re-traced. */
  retraced: boolean;
  /** True when the previous trace was brought up to date from the new events on (app/watch-trace.ts). */
  resumed?: boolean;
  /** `--match-against` sources compared this poll, and the error when the comparison failed. */
  matches?: { against: number; hits: number; error?: string };
  /** Alerts of the trace not yet delivered to every sink at the start of delivery. */
  alerts: number;
  delivered: number;
  failed: number;
}

export interface WatchCaseOptions {
  sources: WatchSourceChoice[];
  sinks: AlertSink[];
  transport: TransportSettings;
  /** Confirmations a block needs before it is ingested. */
  confirmations: number;
  /** Pause between polls in ms. */
  everyMs: number;
  /** One poll, then return (cron-style). */
  once?: boolean;
  /** Polls a source may fail in a row before a `source-failing` alert (default 3). */
  failingAfter?: number;
  overrides?: TraceOptions;
  /**
   * Other cases, stores, STIX bundles, MISP events and packs (`hits --against`) compared with the case at
   * every poll: a match not there when the watch first compared with that source raises `new-match`.
   */
  matchAgainst?: string[];
  /** Keyring whose names are given to pack signers in `new-match` alerts. */
  keyringDir?: string;
  signal?: AbortSignal;
  now?: () => Date;
  onPoll?(status: PollStatus): void;
  /** After the alerts were computed, before any delivery (tests use it to interrupt a watcher there). */
  beforeDelivery?(alerts: Alert[]): Promise<void> | void;
}

export interface WatchCaseResult {
  polls: number;
  delivered: number;
}

/** How far past the baseline the one ingest range of a source reaches (its checkpoint key stays fixed). */
const RANGE_SPAN = 1_000_000_000;

const STATE_SOURCE = (caseName: string): ImportSource => ({
  name: `watch:${caseName}`,
  sha256: createHash('sha256').update(`ledgerhound watch state ${caseName}`).digest('hex'),
  kind: 'adapter',
  format: 'watch-state',
});

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Store key of one delivery of one alert to one sink. */
export function deliveredKey(caseName: string, sink: string, alertId: string): string {
  return `watch:${caseName}:delivered:${hashOf(sink)}:${alertId}`;
}

/** Store key of the match ids a `--match-against` source had when the watch first compared with it. */
export function matchBaselineKey(caseName: string, against: string): string {
  return `watch:${caseName}:match-baseline:${hashOf(against)}`;
}

/** Store key of the tag sources a watched address had in the case's own store when it was first watched. */
export function tagBaselineKey(caseName: string, chain: string, address: string): string {
  return `watch:${caseName}:tags-known:${hashOf(`${chain}/${address}`)}`;
}

/** Store key of a chain's baseline. */
export function baselineKey(caseName: string, chain: string): string {
  return `watch:${caseName}:baseline:${chain}`;
}

async function writeState(store: GraphStore, caseName: string, key: string, value: string): Promise<void> {
  await store.importBatch({ source: STATE_SOURCE(caseName), checkpoint: { key, value } });
}

type NodeChoice = Extract<WatchSourceChoice, { rpc: string }>;

type OpenedSource =
  | {
      hosted?: undefined;
      choice: NodeChoice;
      chain: string;
      description: string;
      /** The last block safe to ingest now (K confirmations). */
      safeTip(): Promise<number | undefined>;
    }
  | { hosted: HostedSource; chain: string; description: string; safeTip(): Promise<number | undefined> };

async function openSource(choice: WatchSourceChoice, options: WatchCaseOptions): Promise<OpenedSource> {
  const k = options.confirmations;
  if (!('rpc' in choice)) {
    const hosted = await openHostedSource(choice, options.transport, k);
    return { hosted, chain: hosted.chain, description: hosted.description, safeTip: () => hosted.safeTip() };
  }
  if (choice.family === 'utxo') {
    const { node, chain } = await openBitcoinRpc(choice.rpc, { ...options.transport, cookieFile: choice.rpcCookie, chain: choice.chain });
    return { choice, chain, description: node.displayUrl, safeTip: async () => (await getBlockCount(node)) - Math.max(1, k) + 1 };
  }
  const rpc = new EvmRpc({ baseUrl: choice.rpc, ...options.transport });
  const chain = (choice.chain ?? 'ethereum').toLowerCase();
  return { choice, chain, description: rpc.displayUrl, safeTip: async () => (await rpc.blockNumber()) - evmDepth(k) };
}

/**
 * `--confirmations K` counts as Bitcoin does (the tip block has 1); the EVM ingest leaves the last n
 * blocks, so K confirmations are n = K - 1 (0 and 1 both take the head).
 */
function evmDepth(k: number): number {
  return Math.max(0, k - 1);
}

function ingestValues(source: { choice: NodeChoice; chain: string }, baseline: number, k: number): Record<string, unknown> {
  const blocks = `${baseline + 1}..${baseline + RANGE_SPAN}`;
  if (source.choice.family === 'utxo') return { rpc: source.choice.rpc, rpcCookie: source.choice.rpcCookie, chain: source.chain, blocks, confirmations: String(k) };
  return { rpc: source.choice.rpc, chain: source.chain, blocks, confirmations: String(evmDepth(k)), traces: 'auto' };
}

function addedOf(report: Record<string, unknown>): number {
  const counts = (report.transactions ?? report.transfers) as { added?: number } | undefined;
  return counts?.added ?? 0;
}

/** The last block ingested for a source: the checkpoint its ingest wrote with that block's records. */
async function lastIngested(store: GraphStore, source: { choice: NodeChoice; chain: string }, baseline: number): Promise<number> {
  const [from, to] = [baseline + 1, baseline + RANGE_SPAN];
  if (source.choice.family === 'utxo') {
    const cp = parseBlockCheckpoint(await store.getCheckpoint(rpcCheckpointKey(source.chain, from, to)));
    return cp?.height ?? baseline;
  }
  const cp = await store.getCheckpoint(blockCheckpointKey(source.chain, from, to));
  return cp === undefined ? baseline : Number(cp);
}

/** The addresses a poll watches: holdings and cash-out deposit addresses of the run, and the case's list. */
export function watchedAddresses(run: TraceRun, loaded: LoadedCase): string[] {
  const set = new Set<string>();
  for (const h of run.result.holdings) set.add(`${h.chain}/${h.address}`);
  for (const e of run.result.endpoints) if (e.category && loaded.kase.stopAt.includes(e.category as never)) set.add(`${e.chain}/${e.address}`);
  for (const w of loaded.kase.watch ?? []) set.add(`${w.chain}/${normalizeAddress(w.chain, w.address, { file: loaded.path }, 'watch')}`);
  return [...set].sort();
}

/** The store's records of the case's `watch:` list addresses on the watched chains. */
async function watchListActivity(store: GraphStore, loaded: LoadedCase, baselines: Record<string, number>): Promise<WatchListActivity[]> {
  const out: WatchListActivity[] = [];
  for (const w of loaded.kase.watch ?? []) {
    if (baselines[w.chain] === undefined) continue;
    const entry = { ...w, address: normalizeAddress(w.chain, w.address, { file: loaded.path }, 'watch') };
    if (chainInfo(w.chain)?.model === 'utxo') {
      const transactions = [];
      for await (const tx of store.transactionsOf(w.chain, entry.address)) if (tx.block > baselines[w.chain]) transactions.push(tx);
      out.push({ entry, transactions });
    } else {
      const transfers = [];
      for await (const t of store.ledger(w.chain, entry.address)) if (t.block > baselines[w.chain]) transfers.push(t);
      out.push({ entry, transfers });
    }
  }
  return out;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((done) => {
    if (signal?.aborted) return done();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      done();
    });
  });

/** Runs the watch until `once` is done or the signal aborts. */
export async function watchCase(given: GraphStore, loaded: LoadedCase, options: WatchCaseOptions): Promise<WatchCaseResult> {
  // Every write goes through the recording store: the incremental trace needs what each poll appended.
  const recording = recordingStore(given);
  const store = recording.store;
  let traceState: WatchTraceState | undefined;
  const caseName = loaded.kase.name;
  const now = () => (options.now ? options.now() : new Date()).toISOString();
  const failingAfter = options.failingAfter ?? 3;
  // The watch list's addresses are checked before anything is polled (INVALID_INPUT naming the case file).
  for (const w of loaded.kase.watch ?? []) normalizeAddress(w.chain, w.address, { file: loaded.path }, 'watch');
  const sources: OpenedSource[] = [];
  for (const choice of options.sources) sources.push(await openSource(choice, options));

  // Baselines: fixed at the first start, kept in the store.
  const baselines: Record<string, number> = {};
  /** Chains whose source gives no tip (TronGrid): their baseline is the newest block the first poll sees. */
  const unsettled = new Set<string>();
  for (const s of sources) {
    if (baselines[s.chain] !== undefined) continue;
    const stored = await store.getCheckpoint(baselineKey(caseName, s.chain));
    if (stored !== undefined) baselines[s.chain] = Number(stored);
    else {
      const tip = await s.safeTip();
      if (tip === undefined) {
        unsettled.add(s.chain);
        continue;
      }
      baselines[s.chain] = Math.max(0, tip);
      unsettled.delete(s.chain);
      await writeState(store, caseName, baselineKey(caseName, s.chain), String(baselines[s.chain]));
    }
  }

  // The case traced before the first poll: hosted sources ask for the addresses it watches.
  traceState = (await updateWatchTrace(store, loaded, undefined, recording.take(), recording.written, { overrides: options.overrides, importSources: true })).state;
  recording.take();

  const failures = new Map<string, { count: number; since: string; last: string }>();
  const skip = new Set<string>(); // `${sink}\0${id}`: dead-lettered in this run, retried at the next start
  let delivered = 0;

  const isDelivered = async (sink: AlertSink, id: string) => (await store.getCheckpoint(deliveredKey(caseName, sink.name, id))) !== undefined;
  const deliverTo = async (sink: AlertSink, alert: Alert): Promise<boolean> => {
    try {
      await sink.deliver(alert);
    } catch (e) {
      if (isLedgerhoundError(e) && e.details.deadLettered) skip.add(`${sink.name}\u0000${alert.id}`);
      return false;
    }
    await writeState(store, caseName, deliveredKey(caseName, sink.name, alert.id), now());
    delivered++;
    return true;
  };

  // Dead letters of an earlier run first.
  for (const sink of options.sinks) {
    for (const alert of (await sink.takePending?.()) ?? []) if (!(await isDelivered(sink, alert.id))) await deliverTo(sink, alert);
  }

  /** `new-match` alerts of the case's own tags, recomputed when the store or the trace changed. */
  let tagMatches: Alert[] = [];
  let poll = 0;
  for (;;) {
    poll++;
    const statuses: SourceStatus[] = [];
    const raised: Alert[] = [];
    for (const s of sources) {
      const status: SourceStatus = { chain: s.chain, source: s.description, added: 0 };
      try {
        if (s.hosted) {
          const addresses = watchedAddresses(traceState.traced.run, loaded)
            .filter((k) => k.startsWith(`${s.chain}/`))
            .map((k) => k.slice(s.chain.length + 1))
            .filter((a) => !a.startsWith('nonstandard:'));
          const r = await s.hosted.poll(store, addresses, options.signal);
          status.added = r.added;
          status.addresses = r.addresses;
        } else {
          const report = await ingestFromSource(store, s.choice.family, ingestValues(s, baselines[s.chain], options.confirmations), { transport: options.transport, signal: options.signal });
          status.added = addedOf(report);
          status.lastBlock = await lastIngested(store, s, baselines[s.chain]);
        }
        failures.delete(s.description);
      } catch (e) {
        if (isLedgerhoundError(e, 'INTEGRITY') || isLedgerhoundError(e, 'INVALID_INPUT')) throw e;
        status.error = (e as Error).message;
        const f = failures.get(s.description) ?? { count: 0, since: now(), last: '' };
        f.count++;
        f.last = status.error;
        failures.set(s.description, f);
        if (f.count >= failingAfter) raised.push(sourceFailingAlert(caseName, { chain: s.chain, description: s.description }, f.since, f.count, f.last));
      }
      statuses.push(status);
    }

    const appended = recording.take();
    for (const chain of unsettled) {
      // No tip from the source: everything the first poll found is history, what comes later is news.
      let newest = 0;
      for (const t of appended.transfers) if (t.chain === chain) newest = Math.max(newest, t.block);
      for (const f of traceState.traced.run.flows) if (f.chain === chain) newest = Math.max(newest, f.block);
      baselines[chain] = newest;
      await writeState(store, caseName, baselineKey(caseName, chain), String(newest));
    }
    unsettled.clear();
    const update = await updateWatchTrace(store, loaded, traceState, appended, recording.written, { overrides: options.overrides });
    recording.take();
    traceState = update.state;
    const traced = update.state.traced;
    const alertCtx = { caseName, stopAt: loaded.kase.stopAt, baselines, now: now() };
    const fromTrace = alertsFromRun(traced.run, alertCtx);
    const ids = new Set(fromTrace.map((a) => a.id));
    const listed = watchListAlerts(await watchListActivity(store, loaded, baselines), alertCtx).filter((a) => !ids.has(a.id));
    raised.unshift(...fromTrace, ...listed);

    if (poll === 1 || update.retraced || update.resumed) {
      // An address's tags when it is first watched are known; a tag source added to it later is news.
      const tags = [];
      const known = new Set<string>();
      for (const key of watchedAddresses(traced.run, loaded)) {
        const cut = key.indexOf('/');
        const [chain, address] = [key.slice(0, cut), key.slice(cut + 1)];
        const own = await store.tagsOf(chain, address);
        const stored = await store.getCheckpoint(tagBaselineKey(caseName, chain, address));
        const ids = stored !== undefined ? (JSON.parse(stored) as string[]) : tagMatchIdsOf(own);
        if (stored === undefined) await writeState(store, caseName, tagBaselineKey(caseName, chain, address), JSON.stringify(ids));
        for (const id of ids) known.add(id);
        tags.push(...own);
      }
      tagMatches = tagMatchAlerts(tags, traced.run, alertCtx, known);
    }
    raised.push(...tagMatches);

    let matches: PollStatus['matches'];
    if (options.matchAgainst && options.matchAgainst.length > 0) {
      try {
        const found = await hitsOfRun(store, loaded, traced.run, { against: options.matchAgainst, keyringDir: options.keyringDir });
        const known = new Map<string, Set<string>>();
        for (const against of options.matchAgainst) {
          const key = matchBaselineKey(caseName, against);
          const stored = await store.getCheckpoint(key);
          const ids = stored !== undefined ? (JSON.parse(stored) as string[]) : matchIdsOf(found.hits, against);
          if (stored === undefined) await writeState(store, caseName, key, JSON.stringify(ids));
          known.set(against, new Set(ids));
        }
        raised.push(...newMatchAlerts(found.hits, traced.run, alertCtx, known));
        matches = { against: found.against.length, hits: found.hits.length };
      } catch (e) {
        // A feed being rewritten or a partner store briefly away must not stop the watch; a bad location is.
        if (poll === 1 || isLedgerhoundError(e, 'INTEGRITY')) throw e;
        matches = { against: options.matchAgainst.length, hits: 0, error: (e as Error).message };
      }
    }

    const pending: [AlertSink, Alert][] = [];
    for (const alert of raised) {
      for (const sink of options.sinks) {
        if (skip.has(`${sink.name}\u0000${alert.id}`)) continue;
        if (!(await isDelivered(sink, alert.id))) pending.push([sink, alert]);
      }
    }
    await options.beforeDelivery?.(pending.map(([, a]) => a));
    let ok = 0;
    for (const [sink, alert] of pending) if (await deliverTo(sink, alert)) ok++;
    options.onPoll?.({
      poll,
      time: now(),
      sources: statuses,
      watched: watchedAddresses(traced.run, loaded).length,
      retraced: update.retraced,
      ...(update.resumed ? { resumed: true } : {}),
      ...(matches ? { matches } : {}),
      alerts: new Set(pending.map(([, a]) => a.id)).size,
      delivered: ok,
      failed: pending.length - ok,
    });
    if (options.once || options.signal?.aborted) break;
    await sleep(options.everyMs, options.signal);
    if (options.signal?.aborted) break;
  }
  return { polls: poll, delivered };
}
