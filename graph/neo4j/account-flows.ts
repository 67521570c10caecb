// The account transfers `communities` reads on Neo4j (issue 18), as the SQLite store's `accountFlows`
// gives them (src/ports.ts `AccountFlowRow`): per chain, pages of 10,000 transfers in the order of the
// transfer-id index (keyset on the id: each page is an index seek, no sort), five fields a transfer
// (id, from, to, asset, amount), each page read whole (no promise per record) and the next one asked
// for while the caller sums this one. What SQLite leaves out (no recipient, self-transfers, zero
// amounts) is left out here. Addresses are numbered as they first appear. The flow entries are put in
// canonical order later (src/clustering/flow-edges.ts), so the order read does not matter.

import type { AccountFlowQuery, AccountFlowRow, StreamedAccountFlows } from '../../src/ports.js';
import { int } from './records.js';
import { chainNames } from './chain-names.js';
import type { Runner } from './runner.js';
import { readWatermark } from './visibility.js';

/** Transfers a page. */
const PAGE_ROWS = 10_000;

/** One page: the visible transfers of `$chain` (of `$asset` when given) after id `$after`, in id order. */
const PAGE = `MATCH ()-[t:TRANSFER]->() USING INDEX t:TRANSFER(ns, chain, id)
  WHERE t.ns = $ns AND t.chain = $chain AND t.id > $after AND ($asset IS NULL OR t.asset = $asset) AND coalesce(t.imp, 0) < $vis
  WITH t ORDER BY t.ns, t.chain, t.id LIMIT $limit
  RETURN [t.id, startNode(t).address, endNode(t).address, t.asset, t.amount] AS r`;

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
    const vis = int(await readWatermark(runner));
    const chains = (await chainNames(runner)).filter((c) => query.chains === undefined || query.chains.includes(c));
    const read = (chain: string, after: string) => {
      const p = runner.rows(`reading account flows of ${chain}`, PAGE, { chain, after, vis, asset: query.asset ?? null, limit: int(PAGE_ROWS) });
      p.catch(() => {}); // awaited below; this only keeps an abandoned prefetch from being reported unhandled
      return p;
    };
    for (const chain of chains) {
      let next = read(chain, '');
      for (;;) {
        const recs = await next;
        const full = recs.length === PAGE_ROWS;
        if (full) next = read(chain, (recs[recs.length - 1].get('r') as string[])[0]);
        const page: AccountFlowRow[] = [];
        for (const rec of recs) {
          const [, from, to, asset, amount] = rec.get('r') as [string, string, string | null, string, string];
          if (to === null || to === from || amount === '0') continue;
          const [high, low] = split(amount);
          page.push([id(chain, from), id(chain, to), asset, high, low]);
        }
        if (page.length > 0) yield page;
        if (!full) break;
      }
    }
  }
  return { pages: pages(), addresses: () => list };
}
