// The chains of a namespace on Neo4j without reading every record (issue 18): a loose index scan.
// Each step seeks the first entry past the last chain found in a uniqueness index whose first keys are
// (ns, chain) (transfers: (ns, chain, id); transactions: (ns, chain, hash)), in index order, so a step
// reads one index entry, not the chain's records: a few statements instead of the full scans of
// `stats()` (2.7-5.9 s of server CPU at 10^5 transfers). A chain is listed when it has a visible record
// (visibility.ts): the watermark is read first and passed in, as the chain scan does (chain-scan.ts).

import { compareCodePoints, int } from './records.js';
import type { Runner } from './runner.js';
import { readWatermark } from './visibility.js';

/** One step of the loose scan: the next chain after `$after` and whether it has a visible record. */
const NEXT = {
  transfer: `MATCH ()-[t:TRANSFER]->() USING INDEX t:TRANSFER(ns, chain, id)
    WHERE t.ns = $ns AND t.chain > $after AND t.id IS NOT NULL
    WITH t ORDER BY t.ns, t.chain LIMIT 1
    RETURN t.chain AS chain, EXISTS { MATCH ()-[u:TRANSFER]->() WHERE u.ns = $ns AND u.chain = t.chain AND u.id IS NOT NULL AND coalesce(u.imp, 0) < $vis } AS shown`,
  transaction: `MATCH (t:Transaction) USING INDEX t:Transaction(ns, chain, hash)
    WHERE t.ns = $ns AND t.chain > $after AND t.hash IS NOT NULL
    WITH t ORDER BY t.ns, t.chain LIMIT 1
    RETURN t.chain AS chain, EXISTS { MATCH (u:Transaction) WHERE u.ns = $ns AND u.chain = t.chain AND u.hash IS NOT NULL AND coalesce(u.imp, 0) < $vis } AS shown`,
};

/** The chains with a visible transfer or UTXO transaction, in code-point order (the keys of `stats().chains`). */
export async function chainNames(runner: Runner): Promise<string[]> {
  const vis = int(await readWatermark(runner));
  const out = new Set<string>();
  for (const cypher of Object.values(NEXT)) {
    for (let after = ''; ; ) {
      const [rec] = await runner.rows('listing chains', cypher, { after, vis });
      if (rec === undefined) break;
      after = rec.get('chain') as string;
      if (rec.get('shown') === true) out.add(after);
    }
  }
  return [...out].sort(compareCodePoints);
}
