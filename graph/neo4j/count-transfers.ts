// The bounded count of a chain's transfers on Neo4j (GraphStore.countTransfers, issue 18): what the
// account walk asks before it trades its per-address ledger reads for one chain scan
// (src/tracing/account-walk.ts). It stops at `atMost`, so it costs at most that many index entries, and
// counts visible records only (visibility.ts). Records a reader must not see exist only while an
// :Import marker does (import-staging.ts) or when the namespace is hidden (`visibleBelow` 0, a case
// being deleted): without a marker the count reads the (ns, chain, id) index alone (PROFILE: one db hit
// per entry, no property reads; 20,001 entries in 80-300 ms at load 11); with one it also filters on each
// record's `imp` (one more hit each). A count is only a cost estimate: it never changes a trace's result.

import { int } from './records.js';
import type { Runner } from './runner.js';
import { FIRST_IMPORT } from './visibility.js';

// `seen` is null when the namespace is hidden, so the index seek finds nothing; `imp` is read only when
// an import is staged (the OR stops at `NOT staged`).
const COUNT = `OPTIONAL MATCH (m:Store {ns: $ns})
  WITH coalesce(m.visibleBelow, ${FIRST_IMPORT}) AS vis, EXISTS { MATCH (i:Import {ns: $ns}) } AS staged
  WITH vis, staged, CASE WHEN vis > 0 THEN $chain END AS seen
  MATCH ()-[t:TRANSFER]->() WHERE t.ns = $ns AND t.chain = seen AND t.id IS NOT NULL AND (NOT staged OR coalesce(t.imp, 0) < vis)
  WITH t LIMIT $cap RETURN count(t) AS n`;

/** The visible transfers of `chain`, counted up to `atMost` only. */
export async function countTransfers(runner: Runner, chain: string, atMost: number): Promise<number> {
  if (atMost <= 0) return 0;
  const recs = await runner.rows(`counting transfers of ${chain}`, COUNT, { chain, cap: int(Math.floor(Math.min(atMost, Number.MAX_SAFE_INTEGER))) });
  return (recs[0]?.get('n') as number | undefined) ?? 0;
}
