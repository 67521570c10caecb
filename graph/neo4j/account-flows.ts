// The account transfers `communities` reads on Neo4j (issue 18), as the SQLite store's `accountFlows`
// gives them (src/ports.ts `AccountFlowRow`): one streamed statement over the transfer-id index
// returning five fields a transfer (chain, from, to, asset, amount), in no particular order (the flow
// entries are put in canonical order later, src/clustering/flow-edges.ts), leaving out what SQLite
// leaves out (no recipient, self-transfers, zero amounts). Addresses are numbered as they first appear.
// Against reading every transfer in chain order (`transfers()`: eleven fields, the order kept, a BigInt
// each) this halves the server's CPU and cuts the client's to a third at 10^5 transfers (docs/neo4j.md).

import type { AccountFlowQuery, AccountFlowRow, StreamedAccountFlows } from '../../src/ports.js';
import { int } from './records.js';
import type { Runner } from './runner.js';
import { FIRST_IMPORT } from './visibility.js';

/** Records pulled per round trip (the driver's default is 1,000). */
const FETCH_SIZE = 10_000;
/** Rows a page. */
const PAGE_ROWS = 10_000;

const FLOWS = `MATCH (f)-[t:TRANSFER]->(x:Address) USING INDEX t:TRANSFER(ns, chain, id)
  WHERE t.ns = $ns AND t.chain IS NOT NULL AND t.id IS NOT NULL AND ($chains IS NULL OR t.chain IN $chains) AND ($asset IS NULL OR t.asset = $asset)
    AND f <> x AND t.amount <> '0' AND coalesce(t.imp, 0) < $vis
  RETURN [t.chain, f.address, x.address, t.asset, t.amount] AS r`;

/** An amount's text as [high, low] with amount = high * 10^12 + low, or [null, text] past 27 digits. */
function split(amount: string): [number | null, number | string] {
  const n = amount.length;
  if (n <= 12) return [0, Number(amount)];
  if (n <= 27) return [Number(amount.slice(0, n - 12)), Number(amount.slice(n - 12))];
  return [null, amount];
}

/** The visible account transfers of the namespace as flow rows, a page at a time. */
export function streamAccountFlows(runner: Runner, query: AccountFlowQuery = {}): StreamedAccountFlows {
  const ids = new Map<string, number>();
  const list: [number, string, string][] = [];
  const id = (chain: string, address: string) => {
    const key = `${chain}\u0000${address}`;
    let i = ids.get(key);
    if (i === undefined) {
      i = list.length;
      ids.set(key, i);
      list.push([i, chain, address]);
    }
    return i;
  };
  async function* pages(): AsyncIterable<AccountFlowRow[]> {
    const recs = await runner.rows('reading the visibility watermark', 'MATCH (s:Store {ns: $ns}) RETURN s.visibleBelow AS vis');
    const vis = int((recs[0]?.get('vis') as number | null | undefined) ?? FIRST_IMPORT);
    let page: AccountFlowRow[] = [];
    const params = { vis, chains: query.chains ? [...query.chains] : null, asset: query.asset ?? null };
    for await (const rec of runner.stream('reading account flows', FLOWS, params, FETCH_SIZE)) {
      const [chain, from, to, asset, amount] = rec.get('r') as [string, string, string, string, string];
      const [high, low] = split(amount);
      page.push([id(chain, from), id(chain, to), asset, high, low]);
      if (page.length === PAGE_ROWS) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }
  return { pages: pages(), addresses: () => list };
}
