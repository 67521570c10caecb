// The chain-order scan of a namespace's transfers on Neo4j (issue 18): what a trace reads once it has
// reached many addresses. The relationship index on (ns, chain, block, txIndex, index, id) gives the
// order, so the server streams rows as it reads them, with no sort: for that the index seek must be the
// plan's leaf, and the visibility watermark (visibility.ts) is read by a first statement and passed as a
// parameter (reading it in the scan statement put an Apply above the seek and made the planner sort all
// rows before the first one left). Rows are compact lists of the fields the model needs, not maps of
// every property. The watermark read first is a snapshot: an import committed after it stays invisible
// to this scan, as to any statement that started before the commit.
//
// The trace's scan of one (chain, asset) reads pages instead (scanChainPages, GraphStore.transferPages):
// one statement per page of whole blocks (keyset on the block: a page that fills up hands its last,
// possibly partial, block to the next page), each page read eagerly (the driver collects records into
// an array: no promise per record, unlike async iteration of a result), the next page requested while
// the walk processes the current one (two pages in memory at most). Chain and asset are parameters, not
// returned per row; the asset is filtered on the server. All pages use the watermark read first.
//
// Both scans read what the index does not hold from `scanRow` (records.ts: one property, PROFILE 4 db
// hits a row instead of 10 or 11), and from the properties and end nodes of a TRANSFER written without it.

import type { AccountTransfer } from '../../src/model/transfer.js';
import { compareCodePoints, int } from './records.js';
import type { Runner } from './runner.js';
import { TieSorter } from './tie-order.js';
import { readWatermark } from './visibility.js';

/** Records pulled per round trip (the driver's default is 1,000). */
const SCAN_FETCH_SIZE = 10_000;

/** `scanRow`, or the same fields from the properties and end nodes (extra as text) when it is absent. */
const PACKED = 'CASE WHEN t.scanRow IS NULL THEN [t.txHash, t.time, t.amount, t.extra, startNode(t).address, endNode(t).address] ELSE t.scanRow END';

const SCAN = `MATCH ()-[t:TRANSFER]->() USING INDEX t:TRANSFER(ns, chain, block, txIndex, index, id)
  WHERE t.ns = $ns AND t.chain = $chain AND t.block IS NOT NULL AND t.txIndex IS NOT NULL AND t.index IS NOT NULL AND t.id IS NOT NULL
    AND coalesce(t.imp, 0) < $vis
  WITH t ORDER BY t.ns, t.chain, t.block, t.txIndex, t.index, t.id
  RETURN [t.id, t.block, t.txIndex, t.index, ${PACKED}, t.asset] AS r`;

type Packed = [string, string | null, string, unknown, string, string | null];
/** id, block, txIndex, index, scanRow (or its fields with extra as text), and asset in the whole-chain scan. */
type Row = [string, number, number, number, string | Packed, string?];

/** A transfer of a known chain and asset from a scan row, fields in the order of recordToTransfer (records.ts). */
function rowToTransfer(chain: string, asset: string, r: Row): AccountTransfer {
  const p = typeof r[4] === 'string' ? (JSON.parse(r[4]) as Packed) : r[4];
  const t: AccountTransfer = { id: r[0], chain, asset, txHash: p[0], block: r[1], txIndex: r[2], index: r[3], from: p[4], to: p[5] ?? null, amount: BigInt(p[2]) };
  if (p[1] !== null) t.time = p[1];
  if (p[3] !== null) t.extra = typeof r[4] === 'string' ? (p[3] as Record<string, unknown>) : JSON.parse(p[3] as string);
  return t;
}

/** Rows of one page of a chain and asset, from block `$from` on, in index order. */
const PAGE = `MATCH ()-[t:TRANSFER]->() USING INDEX t:TRANSFER(ns, chain, block, txIndex, index, id)
  WHERE t.ns = $ns AND t.chain = $chain AND t.block >= $from AND t.txIndex IS NOT NULL AND t.index IS NOT NULL AND t.id IS NOT NULL
    AND coalesce(t.imp, 0) < $vis AND t.asset = $asset
  WITH t ORDER BY t.ns, t.chain, t.block, t.txIndex, t.index, t.id LIMIT $limit
  RETURN [t.id, t.block, t.txIndex, t.index, ${PACKED}] AS r`;

/** Transfers per page of the trace's scan (a page that is one block only grows until the block fits). */
export const SCAN_PAGE = 10_000;

/** Re-sorts, in place, each run of transfers at one place (block, txIndex, index) by id in code-point order. */
export function sortTies(page: AccountTransfer[]): void {
  for (let i = 0; i < page.length; ) {
    let j = i + 1;
    const a = page[i];
    while (j < page.length && page[j].block === a.block && page[j].txIndex === a.txIndex && page[j].index === a.index) j++;
    if (j - i > 1) {
      const run = page.slice(i, j).sort((x, y) => compareCodePoints(x.id, y.id));
      for (let k = 0; k < run.length; k++) page[i + k] = run[k];
    }
    i = j;
  }
}

/**
 * Every visible transfer of `chain` in `asset`, in chain order, `pageSize` rows (whole blocks) a page;
 * the next page is read while the caller works on the current one.
 */
export async function* scanChainPages(runner: Runner, chain: string, asset: string, pageSize = SCAN_PAGE): AsyncIterable<readonly AccountTransfer[]> {
  const vis = int(await readWatermark(runner));
  const read = (from: number, limit: number) => {
    const reading = runner.rows(`reading transfers of ${chain}`, PAGE, { chain, asset, vis, from: int(from), limit: int(limit) }).then((recs) => {
      const page = new Array<AccountTransfer>(recs.length);
      for (let i = 0; i < recs.length; i++) page[i] = rowToTransfer(chain, asset, recs[i].get(0) as Row);
      return { page, full: recs.length === limit };
    });
    // A read in flight that the caller abandons (a walk that stops early) must not reject unhandled.
    reading.catch(() => {});
    return reading;
  };
  let from = -1;
  let limit = pageSize;
  let next = read(from, limit);
  for (;;) {
    const { page, full } = await next;
    if (!full) {
      sortTies(page);
      if (page.length > 0) yield page;
      return;
    }
    // The last block may go on in the next page: it starts the next page instead.
    const lastBlock = page[page.length - 1].block;
    let cut = page.length;
    while (cut > 0 && page[cut - 1].block === lastBlock) cut--;
    if (cut === 0) {
      // One block fills the page: read it again with room for all of it.
      limit *= 2;
      next = read(from, limit);
      continue;
    }
    from = lastBlock;
    limit = pageSize;
    next = read(from, limit);
    page.length = cut;
    sortTies(page);
    yield page;
  }
}

/** Every visible transfer of `chain` in chain order, ties on (block, txIndex, index) by id in code-point order. */
export async function* scanChain(runner: Runner, chain: string): AsyncIterable<AccountTransfer> {
  const vis = await readWatermark(runner);
  const ties = new TieSorter();
  for await (const rec of runner.stream(`reading transfers of ${chain}`, SCAN, { chain, vis: int(vis) }, SCAN_FETCH_SIZE)) {
    const r = rec.get('r') as Row;
    const done = ties.push(rowToTransfer(chain, r[5] as string, r));
    if (done) yield* done;
  }
  yield* ties.end();
}
