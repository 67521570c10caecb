// The chain-order scan of a namespace's transfers on Neo4j (issue 18): what a trace reads once it has
// reached many addresses. The relationship index on (ns, chain, block, txIndex, index, id) gives the
// order, so the server streams rows as it reads them, with no sort: for that the index seek must be the
// plan's leaf, and the visibility watermark (visibility.ts) is read by a first statement and passed as a
// parameter (reading it in the scan statement put an Apply above the seek and made the planner sort all
// rows before the first one left). Rows are compact lists of the fields the model needs, not maps of
// every property. The watermark read first is a snapshot: an import committed after it stays invisible
// to this scan, as to any statement that started before the commit.

import type { AccountTransfer } from '../../src/model/transfer.js';
import { int } from './records.js';
import type { Runner } from './runner.js';
import { TieSorter } from './tie-order.js';
import { FIRST_IMPORT } from './visibility.js';

/** Records pulled per round trip (the driver's default is 1,000). */
const SCAN_FETCH_SIZE = 10_000;

const SCAN = `MATCH ()-[t:TRANSFER]->() USING INDEX t:TRANSFER(ns, chain, block, txIndex, index, id)
  WHERE t.ns = $ns AND t.chain = $chain AND t.block IS NOT NULL AND t.txIndex IS NOT NULL AND t.index IS NOT NULL AND t.id IS NOT NULL
    AND coalesce(t.imp, 0) < $vis
  WITH t ORDER BY t.ns, t.chain, t.block, t.txIndex, t.index, t.id
  RETURN [t.id, t.asset, t.txHash, t.block, t.txIndex, t.index, t.time, t.amount, t.extra, startNode(t).address, endNode(t).address] AS r`;

type Row = [string, string, string, number, number, number, string | null, string, string | null, string, string | null];

/** A transfer from a compact row, with the fields in the order of recordToTransfer (records.ts). */
function rowToTransfer(chain: string, r: Row): AccountTransfer {
  const t: AccountTransfer = { id: r[0], chain, asset: r[1], txHash: r[2], block: r[3], txIndex: r[4], index: r[5], from: r[9], to: r[10] ?? null, amount: BigInt(r[7]) };
  if (r[6] !== null) t.time = r[6];
  if (r[8] !== null) t.extra = JSON.parse(r[8]);
  return t;
}

/** Every visible transfer of `chain` in chain order, ties on (block, txIndex, index) by id in code-point order. */
export async function* scanChain(runner: Runner, chain: string): AsyncIterable<AccountTransfer> {
  const recs = await runner.rows('reading the visibility watermark', 'MATCH (s:Store {ns: $ns}) RETURN s.visibleBelow AS vis');
  const vis = (recs[0]?.get('vis') as number | null | undefined) ?? FIRST_IMPORT;
  const ties = new TieSorter();
  for await (const rec of runner.stream(`reading transfers of ${chain}`, SCAN, { chain, vis: int(vis) }, SCAN_FETCH_SIZE)) {
    const done = ties.push(rowToTransfer(chain, rec.get('r') as Row));
    if (done) yield* done;
  }
  yield* ties.end();
}
