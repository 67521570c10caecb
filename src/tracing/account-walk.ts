// The account-model walk (TRACING.md, The walk and Account model) for one chain and asset: a merge, in
// chain order (block, txIndex, index), of the ledgers of the addresses that taint has reached. Only those
// ledgers are read (store.ledger per address and asset), so the work grows with the transfers taint
// reaches, not with the store. When taint first reaches an address, its earlier events are replayed as
// clean money to know its balance (and lots) at that point; the walk then follows it to the end.
// When taint has spread to very many addresses (more than ctx.scanAfter), one ledger query per address
// costs more than reading the chain once: the walk then switches to a single chain-order scan
// (store.transfers) that keeps the clean balance of every untracked address instead of replaying
// ledgers. Both modes give the same result (tested).
// Conversions (TRACING.md v2): an in-ref's taint leaves its payer under the rule and goes into the
// conversion (conversion-step.ts), never to the venue; in-refs do not credit the venue and out-refs do not
// debit it, also in the clean history. A landing (conversion-book.ts) is injected at its out-ref, at the
// out-ref's place or just after the conversion's last in-ref, and is the only way that out-ref is applied.

import type { AccountTransfer } from '../model/transfer.js';
import { compareTransfers } from '../model/transfer.js';
import type { NumberedPage, ScanRow } from '../ports.js';
import type { AccountPolicy, AccountState } from './account/account-rule.js';
import { CleanBalances, type CleanRecord } from './clean-balances.js';
import { MinHeap } from './heap.js';
import { FRONTIER_BATCH, inWindows, LEDGER_LIMIT, LedgerCache, reachableIn, SCAN_WINDOW } from './prefetch.js';
import { toScaled } from './scaled.js';
import { advanceHops, emptyTaint, minHop, type Taint } from './taint.js';
import { type Bucket, emptyBucket, type FlowInput, type TraceCollector } from './collector.js';
import type { Landing, Position } from './conversion-book.js';
import { enterConversion } from './conversion-step.js';
import type { ResumableWalk } from './resumable-walk.js';
import { BY_TEXT, ScanNumbers } from './scan-numbers.js';
import { TrackedRecords } from './tracked-records.js';
import { type BlockGroup, extendGroup, UnknownOrderWatch } from './unknown-order.js';
import { isAfterUntil, reportHolding, stopTagOf, type WalkContext } from './walk-context.js';

export interface AccountPayment {
  sourceIndex: number;
  sourceId: string;
  transfer: AccountTransfer;
}

interface Tracked {
  address: string;
  state: AccountState;
  /** Merge mode: the address's ledger, positioned after the events already seen. */
  iterator?: AsyncIterator<AccountTransfer>;
  /** An event of this address was cut by `until`. */
  cut: boolean;
  /** Taint that would have moved past maxHops (holding `hop-limit`); made on first use (most addresses never have any). */
  hopLimited?: Bucket;
  /** Taint a victim's own payment would have carried out (held here, see docs/tracing.md); made on first use. */
  parked?: Bucket;
}

function hopLimitedOf(t: Tracked): Bucket {
  if (!t.hopLimited) t.hopLimited = emptyBucket();
  return t.hopLimited;
}

function parkedOf(t: Tracked): Bucket {
  if (!t.parked) t.parked = emptyBucket();
  return t.parked;
}

interface Pending {
  transfer: AccountTransfer;
  owner?: Tracked;
  /** A landing: the out-ref with its taint, taken at `at` when that is later than the out-ref. */
  landing?: Landing;
  at?: Position;
}

const placeOf = (p: Pending): AccountTransfer => (p.at ?? p.transfer) as AccountTransfer;
const byPlace = (a: Pending, b: Pending) => compareTransfers(placeOf(a), placeOf(b));

/**
 * Merge mode also gives way to one chain scan as soon as scanning the whole chain would cost less than
 * SCAN_PER_LEDGER_WORK times what the ledgers cost so far (issue 19: on the 10^5 bench case the 2,000
 * ledgers before the switch took a third of the trace). Ledger work is counted in scanned rows: a ledger
 * costs LEDGER_ADDRESS_ROWS (its query) plus LEDGER_ROW_WORK per row it gives. Measured on SQLite
 * (`node --cpu-prof` of 10^6 traces, compiled; the chain scan 2.6-3.2 us a row): the deep case's 988
 * ledgers (220,816 rows) took 2.10 s and the layered case's 2,001 ledgers (37,901 rows) 0.54 s, which
 * solve to ~18 scanned rows a ledger and ~3.5 a ledger row (joined to both addresses' text, merged and
 * sorted). Asked from LEDGER_WORK_FLOOR on, then at each doubling, by counting the chain's transfers up
 * to the budget (store.countTransfers: a bounded count, cheap beside the work done). Both modes give the
 * same result.
 */
const LEDGER_ADDRESS_ROWS = 20;
const LEDGER_ROW_WORK = 3.5;
const LEDGER_WORK_FLOOR = 5_000;
const SCAN_PER_LEDGER_WORK = 4;
/**
 * On a batched store (Neo4j, issue 18) the same switch is priced in round trips, in scanned-row
 * equivalents: a frontier's ledger read is one statement, measured at ~6-8 ms of client + server CPU,
 * the cost of about BATCH_STATEMENT_ROWS scanned rows (~31 us each), plus its rows (~1.3 scanned rows
 * each). The work still expected is every payee in the ledgers read so far that has not been read yet,
 * at the cost per address so far. The walk scans once the chain is at most SCAN_PER_LEDGER_WORK times
 * the work so far plus the work expected. The chain's size is counted once (an index entry costs ~1/60
 * of a scanned row, so the count asks up to BATCH_COUNT_AHEAD times the budget and is usually exact).
 */
const BATCH_STATEMENT_ROWS = 250;
const BATCH_COUNT_AHEAD = 16;

/** A row-at-a-time source as pages of one row (a store without transferPages; the batched tag prefetch reads as the walk goes). */
async function* rowByRow(rows: AsyncIterable<AccountTransfer>): AsyncIterable<readonly AccountTransfer[]> {
  for await (const t of rows) yield [t];
}

/** `pages` unchanged, `before(page)` awaited before each page is yielded (a batched store's tag prefetch). */
async function* beforeEachPage(pages: AsyncIterable<readonly AccountTransfer[]>, before: (page: readonly AccountTransfer[]) => Promise<void>): AsyncIterable<readonly AccountTransfer[]> {
  for await (const page of pages) {
    await before(page);
    yield page;
  }
}

const isScanRow = (e: AccountTransfer | ScanRow): e is ScanRow => Array.isArray(e);
/** The position of a scan row, as a transfer's (block, txIndex, index, id). */
const positionOf = (r: ScanRow): Position => ({ block: r[2], txIndex: r[3], index: r[4], id: r[0] });
/** compareTransfers of a scan row and a position. */
const compareRow = (r: ScanRow, p: Position): number => r[2] - p.block || r[3] - p.txIndex || r[4] - p.index || (r[0] < p.id ? -1 : r[0] > p.id ? 1 : 0);
/** What an unknown-order group needs of a scan row (its id, block and extra fields). */
const eventOf = (r: ScanRow): AccountTransfer => ({ id: r[0], block: r[2], ...(r[9] !== null ? { extra: JSON.parse(r[9]) } : {}) }) as AccountTransfer;

/**
 * Walks one (chain, asset) from its victim payments; reports to ctx.collector. Returns events processed.
 * With `keep`, the walk is handed over open instead of reporting its end (resumable-walk.ts).
 */
export async function walkAccount(
  ctx: WalkContext,
  chain: string,
  asset: string,
  rule: AccountPolicy,
  payments: AccountPayment[],
  done0 = 0,
  landings: readonly Landing[] = [],
  keep?: (walk: ResumableWalk) => void,
): Promise<number> {
  const { keys, collector } = ctx;
  const dust = ctx.dustOf(chain, asset);
  /** An inflow's ref, which only flows use (a lot's parents): none kept when the trace collects no flows. */
  const refOf = collector.collectsFlows ? (ref: string) => ref : () => '';
  const victims = new Map(payments.map((p) => [p.transfer.id, p]));
  /**
   * The addresses followed (tracked-records.ts): by text, and by number once the walk scans a store that
   * numbers its addresses. Scan mode forgets the record of one that an outflow emptied (its state as
   * `rule.create()` gives): a peel chain or a layering empties most of them, and their records were most
   * of the walk's memory. By number the slot is emptied (the scan's numbers still say it is followed);
   * by text the entry stays as null. `followed` makes a new record at the address's next event.
   */
  const tracked = new TrackedRecords<Tracked>();
  /** The number `tracked` keys `address` (a party of `e`) by: only once the records are keyed by number. */
  const numberOf = (address: string, e: AccountTransfer): number | undefined => (byNumber ? numbers!.of(address, e) : undefined);
  const followed = (address: string, e: AccountTransfer): Tracked | undefined => {
    const n = numberOf(address, e);
    const t = tracked.get(address, n);
    if (t) return t;
    if (t === undefined && !(n !== undefined && numbers!.followsNumber(n))) return undefined;
    const fresh: Tracked = { address, state: rule.create(), cut: false };
    tracked.set(address, fresh, n);
    return fresh;
  };
  /** Scan mode, after event `e`: forgets the sender's record if the event left it as a new one. */
  const forgetIfEmpty = (address: string, e: AccountTransfer) => {
    const n = numberOf(address, e);
    const t = tracked.get(address, n);
    if (!t || !rule.isEmpty?.(t.state) || t.cut || t.iterator || t.parked || t.hopLimited) return;
    // By number: a peel chain's 10^6 transfers left ~700,000 such entries (a 29 MB table) and their texts (45 MB).
    if (n !== undefined && n >= 0) tracked.delete(address, n);
    else tracked.set(address, null);
  };
  /** Whether the walk follows `address`, a party of `e` (merge and scan mode; by number once keyed so). */
  const isFollowed = (address: string, e: AccountTransfer) => {
    const n = numberOf(address, e);
    return n !== undefined && n >= 0 ? numbers!.followsNumber(n) : tracked.has(address);
  };
  const heap = new MinHeap<Pending>(byPlace);
  for (const p of payments) heap.push({ transfer: p.transfer });
  const book = ctx.conversions?.hasRefs(chain) ? ctx.conversions : undefined;
  /** Out-refs with a landing: pending, applied (to a followed address or an endpoint), or not applied (clean history). */
  const injected = new Map<string, 'pending' | 'applied' | 'unapplied'>();
  for (const l of landings) {
    injected.set(l.ref, 'pending');
    heap.push({ transfer: l.transfer!, landing: l, ...(l.at ? { at: l.at } : {}) });
  }
  const isInRefId = (id: string) => book !== undefined && book.inRef(chain, id) !== undefined;
  const isOutRefId = (id: string) => book !== undefined && book.outRef(chain, id) !== undefined;
  const isInRef = (t: AccountTransfer) => isInRefId(t.id);
  const isOutRef = (t: AccountTransfer) => isOutRefId(t.id);
  let last: Position | undefined;
  let done = done0;
  let scanning = false;
  /** Set when the walk's records are keyed by number (scan mode on a store that numbers its addresses). */
  let byNumber = false;
  /** Scan mode: the clean money of every untracked address met (clean-balances.ts). */
  const clean = new CleanBalances();
  /** Scan mode on a store that numbers its addresses: rows, clean balances and followed parties by number. */
  const numbers =
    ctx.store.addressNumbers && ctx.store.numberedPages && ctx.store.batchReads !== true
      ? new ScanNumbers(
          (a) => ctx.store.addressNumbers!(chain, a),
          (n) => tracked.addressOf(n),
        )
      : undefined;
  /**
   * Scan mode: the rows applied as clean money in the block being read. When taint reaches an address, its
   * events among them are its group of that block (for unknown-order reporting), found then instead of
   * kept per address and row. Rows of an earlier block are never used again (taint arrives at or after the
   * row being read), so they are dropped as the scan leaves their block.
   */
  let blockRows: (AccountTransfer | ScanRow)[] = [];
  let groupsBlock = Number.NEGATIVE_INFINITY;
  const watch = new UnknownOrderWatch(
    chain,
    (row) => collector.addUnknownOrder(row),
    isFollowed,
    new Set(landings.flatMap((l) => (l.transfer ? [l.transfer.block] : []))),
    ctx.unknownOrderSweepFrom,
  );
  // A server store: tags and ledgers read per batch of addresses (prefetch.ts), never one per address.
  const batch = ctx.store.batchReads === true;
  let ledgerCache = new LedgerCache();
  const readFrontier = async (address: string) => {
    if (ledgerCache.has(address)) return;
    const frontier = new Set([address]);
    for (const p of heap.values()) {
      if (frontier.size >= FRONTIER_BATCH) break;
      const to = p.transfer.to;
      if (to !== null && !tracked.has(to) && !ledgerCache.has(to)) frontier.add(to);
    }
    const all = [...frontier];
    await ctx.tags.prefetch(chain, all);
    const open: string[] = [];
    for (const a of all) {
      const tag = await ctx.tags.bestOf(chain, a);
      if (!tag || !ctx.stopAt.has(tag.category)) open.push(a);
    }
    const found = await ctx.store.ledgersOf(chain, open, { asset, limit: LEDGER_LIMIT });
    if (open.length > 0) {
      let read = BATCH_STATEMENT_ROWS;
      for (const [owner, list] of found) {
        read += list.length;
        for (const t of list) if (t.from === owner && t.to !== null) parties.add(t.to);
      }
      ledgerWork += read;
      addressesRead += open.length;
      // Expected: every payee in the ledgers read so far and not read yet may be reached, at the cost per address so far.
      expected = Math.max(read, ((parties.size - addressesRead) * ledgerWork) / addressesRead);
    }
    ledgerCache.put(all, found);
  };

  /** Merge mode's reads so far in scanned-row equivalents (LEDGER_ADDRESS_ROWS per ledger, rowWork per row read). */
  let ledgerWork = 0;
  /** A ledger row in scanned rows (batched stores keep their own calibration, BATCH_STATEMENT_ROWS). */
  const rowWork = batch ? 1 : LEDGER_ROW_WORK;
  let nextCheck = LEDGER_WORK_FLOOR;
  /** True when one scan of the chain would cost less than what the ledgers have cost so far. */
  const ledgerHeavy = async (): Promise<boolean> => {
    nextCheck = ledgerWork * 2;
    const budget = ledgerWork * SCAN_PER_LEDGER_WORK;
    return (await ctx.store.countTransfers!(chain, budget + 1)) <= budget;
  };
  const rowCheck = !batch && ctx.store.countTransfers !== undefined && ctx.scanAfter !== Number.POSITIVE_INFINITY;
  /** Batched stores: the payees in the ledgers read, the ledger work still expected, the chain's transfers (exact once below the count's cap). */
  const parties = new Set<string>();
  let addressesRead = 0;
  let expected = 0;
  let chainRows: number | undefined;
  let chainExact = false;
  const batchCheck = batch && ctx.store.countTransfers !== undefined && ctx.scanAfter !== Number.POSITIVE_INFINITY;
  /** True when one scan of the chain would cost less than the ledger reads so far and the next one expected. */
  const readsHeavy = async (): Promise<boolean> => {
    const work = ledgerWork + expected;
    const budget = work * SCAN_PER_LEDGER_WORK;
    if (!chainExact && (chainRows === undefined || chainRows <= budget)) {
      if (work < nextCheck) return false;
      nextCheck = work * 2;
      const cap = Math.ceil(budget) * BATCH_COUNT_AHEAD + 1;
      chainRows = await ctx.store.countTransfers!(chain, cap);
      chainExact = chainRows < cap;
    }
    return chainRows! <= budget;
  };

  const advance = async (owner: Tracked) => {
    ledgerWork += rowWork;
    const next = await owner.iterator?.next();
    if (next && !next.done) heap.push({ transfer: next.value, owner });
  };

  const shortfall = (address: string, amount: bigint, t: AccountTransfer) => {
    if (amount > 0n) collector.addShortfall(chain, asset, address, amount, t.id);
  };

  /** Starts following `address`: its events before `at` become its clean opening balance. */
  const activate = async (address: string, at: Position): Promise<Tracked> => {
    const t: Tracked = { address, state: rule.create(), cut: false };
    if (scanning) {
      let rec: CleanRecord | undefined;
      let number = BY_TEXT;
      if (numbers) {
        let n = numbers.peek(address, at);
        if (n === undefined) {
          await numbers.ensure([address]);
          n = numbers.peek(address, at)!;
        }
        numbers.follow(n);
        rec = n >= 0 ? clean.takeNumber(n) : clean.take(address);
        number = n;
      } else rec = clean.take(address);
      tracked.set(address, t, byNumber ? number : undefined);
      const group = cleanGroupOf(address, number, at.block);
      if (rec) {
        rule.inflow(t.state, rec.balance, emptyTaint(), refOf(`${address}:opening`));
        if (rec.shortfall > 0n) collector.addShortfall(chain, asset, address, rec.shortfall, rec.shortfallRef!);
        t.cut = rec.cut;
      }
      watch.start(address, group, at as AccountTransfer);
      return t;
    }
    tracked.set(address, t);
    const prefetched = batch ? ledgerCache.take(address) : undefined;
    ledgerWork += !batch ? LEDGER_ADDRESS_ROWS : prefetched ? 0 : BATCH_STATEMENT_ROWS;
    const iterator = (prefetched ? (async function* () { yield* prefetched })() : ctx.store.ledger(chain, address, { asset }))[Symbol.asyncIterator]();
    t.iterator = iterator;
    let group: BlockGroup | undefined;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      ledgerWork += rowWork;
      const e = next.value;
      if (compareTransfers(e, at as AccountTransfer) >= 0) {
        heap.push({ transfer: e, owner: t });
        break;
      }
      if (isAfterUntil(e.time, ctx.untilMs)) {
        t.cut = true;
        continue;
      }
      const landing = injected.get(e.id);
      if (landing !== undefined && landing !== 'unapplied') continue;
      if (e.from === address && !isOutRef(e)) shortfall(address, rule.outflow(t.state, e.amount).shortfall, e);
      if (e.to === address && !isInRef(e)) rule.inflow(t.state, e.amount, emptyTaint(), refOf(e.id));
      group = extendGroup(group, e);
    }
    watch.start(address, group, at as AccountTransfer);
    return t;
  };

  /** Scan mode: the clean-balance slot of `address`, an untracked party of `t`. */
  const cleanSlot = (address: string, t: AccountTransfer) => {
    if (!numbers) return clean.slotOf(address);
    const n = numbers.of(address, t);
    return n >= 0 ? clean.slotOfNumber(n) : clean.slotOf(address);
  };
  /** Scan mode: applies a transfer to the clean records of its untracked parties. */
  const applyClean = (t: AccountTransfer) => {
    // The venue's side of a conversion ref is not part of its ledger: treated as if followed (skipped).
    const fromTracked = isFollowed(t.from, t) || isOutRef(t);
    const toTracked = t.to === null || isFollowed(t.to, t) || isInRef(t);
    if (fromTracked && toTracked) return;
    // One slot per party (the same slot for a self-transfer).
    const from = fromTracked ? -1 : cleanSlot(t.from, t);
    const to = toTracked ? -1 : cleanSlot(t.to!, t);
    if (isAfterUntil(t.time, ctx.untilMs)) {
      if (from >= 0) clean.cut(from);
      if (to >= 0) clean.cut(to);
      return;
    }
    blockRows.push(t);
    if (from >= 0) clean.debit(from, t.amount, t.id);
    if (to >= 0) clean.credit(to, t.amount);
  };
  /** Scan mode: applies a numbered scan row that concerns no followed address (as applyClean, without its text). */
  const applyCleanRow = (r: ScanRow) => {
    const id = r[0];
    const fromTracked = numbers!.followsNumber(r[6]) || isOutRefId(id);
    const toTracked = r[7] < 0 || numbers!.followsNumber(r[7]) || isInRefId(id);
    if (fromTracked && toTracked) return;
    const from = fromTracked ? -1 : clean.slotOfNumber(r[6]);
    const to = toTracked ? -1 : clean.slotOfNumber(r[7]);
    if (r[5] !== null && isAfterUntil(r[5], ctx.untilMs)) {
      if (from >= 0) clean.cut(from);
      if (to >= 0) clean.cut(to);
      return;
    }
    blockRows.push(r);
    const amount = BigInt(r[8]);
    if (from >= 0) clean.debit(from, amount, id);
    if (to >= 0) clean.credit(to, amount);
  };
  const blockOf = (e: AccountTransfer | ScanRow) => (isScanRow(e) ? e[2] : e.block);
  /**
   * Scan mode: the events of `address` (untracked so far; `number` its number, or BY_TEXT) applied as
   * clean money in `block`, as a group (what advancing a group per row gave: the venue's side of a
   * conversion ref is not among them).
   */
  const cleanGroupOf = (address: string, number: number, block: number): BlockGroup | undefined => {
    let group: BlockGroup | undefined;
    for (const e of blockRows) {
      if (isScanRow(e)) {
        if (e[2] !== block || number < 0) continue;
        if ((e[6] === number && !isOutRefId(e[0])) || (e[7] === number && !isInRefId(e[0]))) group = extendGroup(group, eventOf(e));
        continue;
      }
      if (e.block !== block) continue;
      if ((e.from === address && !isOutRef(e)) || (e.to === address && !isInRef(e))) group = extendGroup(group, e);
    }
    return group;
  };
  /** Scan mode, before the row in `block` and after the landings placed before it: drops rows of earlier blocks. */
  const leaveBlocksBefore = (block: number) => {
    if (block <= groupsBlock) return;
    groupsBlock = block;
    watch.leaveBlocksBefore(block);
    // Rows are applied in chain order, so usually all of them are of earlier blocks.
    if (blockRows.length === 0) return;
    if (blockOf(blockRows[blockRows.length - 1]) < groupsBlock) blockRows.length = 0;
    else blockRows = blockRows.filter((e) => blockOf(e) >= groupsBlock);
  };

  /** `conversion`: the in-ref's conversion; `landed`: the conversion this landing came out of. */
  const flow = (
    t: AccountTransfer,
    taint: Taint,
    outcome: FlowInput['outcome'],
    parents: string[] | undefined,
    source: string | undefined,
    conversion?: string,
    landed?: string,
  ) => {
    if (!collector.collectsFlows) return;
    collector.addFlow({
      chain,
      asset,
      ref: t.id,
      txHash: t.txHash,
      block: t.block,
      time: t.time,
      from: t.from,
      to: t.to,
      taint,
      outcome,
      parents,
      source,
      ...(conversion !== undefined ? { conversion } : {}),
      ...(landed !== undefined ? { fromConversion: landed } : {}),
    });
  };

  /** Delivers moving taint to the recipient; returns a promise only when it must read the store. */
  const deliver = (
    t: AccountTransfer,
    moving: Taint,
    parents: string[] | undefined,
    source: string | undefined,
    landing?: { conversion: string; at: Position },
  ): Promise<void> | undefined => {
    const conv = landing?.conversion;
    const recipient = t.to === null ? undefined : followed(t.to, t);
    if (moving.size === 0) {
      if (recipient) rule.inflow(recipient.state, t.amount, moving, refOf(t.id));
      return;
    }
    if (t.to === null) {
      collector.addFee(chain, asset, moving);
      flow(t, moving, 'fee', parents, source, undefined, conv);
      return;
    }
    if (source === undefined && dust > 0n && collector.amountOf(moving) < dust) {
      collector.addDropped(chain, asset, t.to, moving);
      flow(t, moving, 'dropped', parents, source, undefined, conv);
      if (recipient) rule.inflow(recipient.state, t.amount, emptyTaint(), refOf(t.id));
      return;
    }
    if (recipient) {
      rule.inflow(recipient.state, t.amount, moving, refOf(t.id));
      flow(t, moving, 'followed', parents, source, undefined, conv);
      return;
    }
    return deliverToNew(t, t.to, moving, parents, source, landing);
  };

  /** Taint reaching an address for the first time: an endpoint, or an address to follow from now on. */
  const deliverToNew = async (
    t: AccountTransfer,
    to: string,
    moving: Taint,
    parents: string[] | undefined,
    source: string | undefined,
    landing?: { conversion: string; at: Position },
  ) => {
    if (batch && !scanning) await readFrontier(to);
    const stop = await stopTagOf(ctx, chain, to);
    if (stop) {
      collector.addEndpoint(chain, asset, to, stop, moving, minHop(moving, keys), { ref: t.id, time: t.time });
      flow(t, moving, 'endpoint', parents, source, undefined, landing?.conversion);
      return;
    }
    const fresh = await activate(to, landing?.at ?? t);
    // A self-transfer that first brings taint (a victim paying itself): its outflow side happens here.
    if (t.from === to && !landing) shortfall(t.from, rule.outflow(fresh.state, t.amount).shortfall, t);
    rule.inflow(fresh.state, t.amount, moving, refOf(t.id));
    flow(t, moving, 'followed', parents, source, undefined, landing?.conversion);
  };

  /** Taint reaching a conversion's in-ref: into the conversion, or an endpoint at the venue. */
  const convert = async (t: AccountTransfer, moving: Taint, parents: string[] | undefined, source: string | undefined) => {
    const c = book!.inRef(chain, t.id)!;
    const outcome = await enterConversion(ctx, chain, asset, c, t.to, t, { ref: t.id, time: t.time }, moving);
    if (outcome) flow(t, moving, outcome, parents, source, c.id);
  };

  /** A landing: the conversion's taint arrives with its out-ref's inflow, one hop after the in-ref. */
  const land = async (t: AccountTransfer, l: Landing, at: Position) => {
    collector.addLanded(chain, asset, l.taint);
    const { moved, blocked } = advanceHops(l.taint, keys);
    const place = t.to ?? t.from;
    if (blocked.size > 0) {
      const held = emptyBucket();
      collector.fill(held, blocked);
      reportHolding(ctx, chain, asset, place, 'hop-limit', held, dust);
    }
    if (isAfterUntil(t.time, ctx.untilMs)) {
      const held = emptyBucket();
      collector.fill(held, moved);
      reportHolding(ctx, chain, asset, place, 'until', held, dust);
      const r = t.to === null ? undefined : followed(t.to, t);
      if (r) r.cut = true;
      injected.set(t.id, 'applied');
      return;
    }
    await deliver(t, moved, undefined, undefined, { conversion: l.conversion.id, at });
    injected.set(t.id, t.to !== null && isFollowed(t.to, t) ? 'applied' : 'unapplied');
  };

  /** After an event was processed: notes it for the followed addresses it touches (unknown order). */
  const noteEvent = (t: AccountTransfer) => {
    if (!victims.has(t.id) && isAfterUntil(t.time, ctx.untilMs)) return;
    watch.note(t.from, t);
    if (t.to !== null && t.to !== t.from) watch.note(t.to, t);
  };

  /** Processes one event; returns a promise only when it must read the store. */
  const process = (t: AccountTransfer): Promise<void> | undefined => {
    const victim = victims.get(t.id);
    const inRef = isInRef(t);
    const sender = isOutRef(t) ? undefined : followed(t.from, t);
    if (victim === undefined && isAfterUntil(t.time, ctx.untilMs)) {
      if (sender) sender.cut = true;
      const recipient = t.to === null ? undefined : followed(t.to, t);
      if (recipient) recipient.cut = true;
      return;
    }
    let carried = emptyTaint();
    let parents: string[] | undefined;
    if (sender) {
      const out = rule.outflow(sender.state, t.amount);
      shortfall(sender.address, out.shortfall, t);
      carried = out.taint;
      parents = out.parents;
    }
    if (victim !== undefined) {
      // The payment is wholly its victim's money; what the victim's address held does not matter.
      if (sender && !rule.exposure && carried.size > 0) collector.fill(parkedOf(sender), carried);
      const moving: Taint = new Map([[keys.key(victim.sourceIndex, 1), toScaled(t.amount)]]);
      if (inRef) return convert(t, moving, undefined, victim.sourceId);
      const cut = () => {
        const r = t.to === null ? undefined : followed(t.to, t);
        if (r && isAfterUntil(t.time, ctx.untilMs)) r.cut = true;
      };
      const pending = deliver(t, moving, undefined, victim.sourceId);
      if (pending) return pending.then(cut);
      cut();
      return;
    }
    if (inRef) {
      if (!sender) return;
      const { moved, blocked } = advanceHops(carried, keys);
      if (blocked.size > 0) collector.fill(hopLimitedOf(sender), blocked);
      return convert(t, moved, moved.size > 0 ? parents : undefined, undefined);
    }
    if (carried.size === 0) return deliver(t, carried, undefined, undefined);
    const { moved, blocked } = advanceHops(carried, keys);
    if (sender && blocked.size > 0) collector.fill(hopLimitedOf(sender), blocked);
    return deliver(t, moved, moved.size > 0 ? parents : undefined, undefined);
  };

  const scanAfter = ctx.scanAfter ?? Number.POSITIVE_INFINITY;
  // Scan mode: landings not yet applied keep their places; they are merged into the chain order as it is read.
  const queue = new MinHeap<Pending>(byPlace);
  /** Scan mode: the last transfer of this asset read (a resumed walk goes on after it). */
  let scanEnd: AccountTransfer | undefined;
  const flushBefore = async (t: AccountTransfer | undefined) => {
    for (let p = queue.peek(); p && (!t || compareTransfers(placeOf(p), t) < 0); p = queue.peek()) {
      queue.pop();
      last = placeOf(p);
      if (numbers) await numbers.ensureParties([p.transfer]);
      await land(p.transfer, p.landing!, placeOf(p));
      noteEvent(p.transfer);
      applyClean(p.transfer);
      done++;
    }
  };
  /** Scan mode, after processing a row that concerns a followed address or a victim. */
  const afterScanEvent = (t: AccountTransfer) => {
    noteEvent(t);
    applyClean(t);
    forgetIfEmpty(t.from, t);
    done++;
    if (done % 10_000 === 0) ctx.progress(done);
  };
  /** Scan mode: processes such a row; returns a promise only when it must read the store. */
  const scanEvent = (t: AccountTransfer): Promise<void> | undefined => {
    const pending = process(t);
    if (pending) return pending.then(() => afterScanEvent(t));
    afterScanEvent(t);
    return undefined;
  };
  /** Scan mode: walks `source` in chain order (the chain, or the records appended after it). */
  // A page at a time: a row awaits only when it must (a landing before it, or a store read for a new address).
  const scanFrom = async (source: AsyncIterable<readonly AccountTransfer[]> | Iterable<readonly AccountTransfer[]>) => {
    for await (const page of source) {
      // Transfers without numbers (the records a resumed walk appends): looked up first.
      if (numbers) await numbers.ensureParties(page);
      for (const t of page) {
        if (t.asset !== asset) continue;
        scanEnd = t;
        if (injected.has(t.id)) continue;
        numbers?.at(t);
        if (queue.size > 0) await flushBefore(t);
        leaveBlocksBefore(t.block);
        if (last && compareTransfers(t, last as AccountTransfer) <= 0) {
          applyClean(t);
          continue;
        }
        last = t;
        if (!victims.has(t.id) && !isFollowed(t.from, t) && (t.to === null || !isFollowed(t.to, t))) {
          applyClean(t);
          continue;
        }
        const pending = scanEvent(t);
        if (pending) await pending;
      }
    }
    await flushBefore(undefined);
  };
  /**
   * Scan mode on a store that numbers its addresses: as scanFrom, over numbered rows (ScanRow). A row
   * becomes a transfer (its parties' text read) only when it concerns a followed address or a victim; the
   * others go to the clean balances by number. `last` is then a position updated in place.
   */
  const scanNumbered = async (pages: AsyncIterable<NumberedPage>) => {
    const n = numbers!;
    const position = { block: 0, txIndex: 0, index: 0, id: '' };
    const isVictim = (id: string) => victims.has(id);
    /** Rows of the previous page that became transfers, and its rows. */
    let made = 0;
    let read = 0;
    for await (const page of pages) {
      n.prefetchTexts(page, isVictim, made * 2 > read);
      made = 0;
      const rows = page.rows;
      read = rows.length;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const id = r[0];
        if (injected.has(id)) continue;
        if (queue.size > 0) await flushBefore(positionOf(r) as AccountTransfer);
        leaveBlocksBefore(r[2]);
        if (last && compareRow(r, last) <= 0) {
          applyCleanRow(r);
          continue;
        }
        if (!victims.has(id) && !n.followsNumber(r[6]) && !n.followsNumber(r[7])) {
          position.block = r[2];
          position.txIndex = r[3];
          position.index = r[4];
          position.id = id;
          last = position;
          applyCleanRow(r);
          continue;
        }
        const t = n.transferOf(page, r, chain, asset);
        made++;
        n.at(t, r[6], r[7]);
        last = t;
        const pending = scanEvent(t);
        if (pending) await pending;
      }
      if (rows.length > 0) scanEnd = positionOf(rows[rows.length - 1]) as AccountTransfer;
    }
    if (last === position) last = { ...position };
    await flushBefore(undefined);
  };

  /** Merge mode: walks the heap until it is empty, or switches to one scan of the chain. */
  const drain = async () => {
    while (!scanning) {
      if (
        tracked.size > scanAfter ||
        scanAfter === 0 ||
        (rowCheck && ledgerWork >= nextCheck && (await ledgerHeavy())) ||
        (batchCheck && expected > 0 && (await readsHeavy()))
      ) {
        scanning = true;
        break;
      }
      const next = heap.pop();
      if (!next) break;
      if (next.owner) await advance(next.owner);
      // An out-ref with a landing is applied by its landing only (at its own place or after the last in-ref).
      if (!next.landing && injected.has(next.transfer.id)) continue;
      const place = placeOf(next);
      if (last && compareTransfers(place, last as AccountTransfer) <= 0) continue;
      last = place;
      watch.leaveBlocksBefore(place.block);
      const pending = next.landing ? land(next.transfer, next.landing, place) : process(next.transfer);
      if (pending) await pending;
      noteEvent(next.transfer);
      done++;
      if (done % 10_000 === 0) ctx.progress(done);
    }

    if (scanning) {
      // Close the ledgers (each holds a statement and a page of rows), then read the chain once.
      for (const [, t] of tracked.entries()) {
        if (!t) continue;
        await t.iterator?.return?.();
        t.iterator = undefined;
      }
      for (let p = heap.pop(); p; p = heap.pop()) if (p.landing) queue.push(p);
      if (numbers) {
        await numbers.ensure(tracked.addresses());
        for (const a of tracked.addresses()) numbers.follow(numbers.peek(a, undefined)!);
        tracked.keyByNumber((a) => numbers.peek(a, undefined)!);
        byNumber = true;
      }
      // On a batched store the tags of the addresses a window (or page) can reach are read in bulk first.
      const prefetch = (window: readonly AccountTransfer[]) =>
        ctx.tags.prefetch(
          chain,
          reachableIn(
            window.filter((t) => t.asset === asset),
            (a) => tracked.has(a),
            (t) => victims.has(t.id),
          ),
        );
      const pages = numbers ? undefined : ctx.store.transferPages?.(chain, asset);
      if (numbers) await scanNumbered(ctx.store.numberedPages!(chain, asset));
      else if (pages) await scanFrom(batch ? beforeEachPage(pages, prefetch) : pages);
      else await scanFrom(rowByRow(batch ? inWindows(ctx.store.transfers({ chain }), SCAN_WINDOW, prefetch) : ctx.store.transfers({ chain })));
    }
  };
  await drain();

  const walk: ResumableWalk = {
    get events() {
      return done - done0;
    },
    async resume(appended) {
      // One record written twice in a poll (overlapping pages of a hosted source) counts once.
      const mine = [...new Map(appended.transfers.filter((t) => t.chain === chain && t.asset === asset).map((t) => [t.id, t])).values()].sort(compareTransfers);
      // Merge mode reads only the ledgers of followed addresses: other records are read from the store when
      // taint reaches their addresses. Scan mode has read every transfer of the asset.
      const relevant = scanning ? mine : mine.filter((t) => tracked.has(t.from) || (t.to !== null && tracked.has(t.to)));
      const bound = scanning ? scanEnd : (last as AccountTransfer | undefined);
      const early = bound === undefined ? undefined : relevant.find((t) => compareTransfers(t, bound) <= 0);
      if (early) return `${chain} transfer ${early.id} is not after the last event the trace read`;
      // Ledgers prefetched before the records were appended are stale.
      ledgerCache = new LedgerCache();
      if (scanning) await scanFrom([mine]);
      else {
        for (const t of relevant) heap.push({ transfer: t });
        await drain();
      }
      return undefined;
    },
    report(out: TraceCollector) {
      reportTo(out, false);
    },
  };
  /**
   * Reports the walk's end (holdings, open unknown-order groups) to `out`. `release`: the walk is over, and
   * each record is dropped once reported, so the result's rows replace the walk's records instead of
   * joining them (a peel case reports ~300,000 holdings).
   */
  const reportTo = (out: TraceCollector, release: boolean) => {
    const at = out === collector ? ctx : { ...ctx, collector: out };
    watch.open((row) => out.addUnknownOrder(row));
    for (const [, t] of tracked.entries(release)) {
      if (!t) continue; // forgotten when emptied: nothing held
      const held = emptyBucket();
      out.fill(held, rule.held(t.state));
      if (t.parked) out.fill(held, t.parked.taint);
      reportHolding(at, chain, asset, t.address, t.cut ? 'until' : 'unspent', held, dust);
      if (t.hopLimited) reportHolding(at, chain, asset, t.address, 'hop-limit', t.hopLimited, dust);
    }
  };
  if (keep) keep(walk);
  else reportTo(collector, true);
  return done;
}
