// The reads `cluster build` makes for the deposit-address rule on Neo4j (issue 18): the senders to a
// few service wallets, then the transfers of those candidates only, in chain order, instead of every
// transfer of the chain (src/clustering/cluster-store.ts; the rule reads nothing else, so its result is
// the same). On the 10^5 bench case: 103 candidates, 2,379 transfers read instead of 100,000.

import type { AccountTransfer } from '../../src/model/transfer.js';
import { recordToTransfer, TRANSFER_PROJECTION } from './records.js';
import type { Runner } from './runner.js';
import { TieSorter } from './tie-order.js';
import { visible, WITH_VIS } from './visibility.js';

/** The distinct senders of visible transfers to any of `addresses` on `chain`, in code-unit order. */
export async function readSendersTo(runner: Runner, chain: string, addresses: readonly string[]): Promise<string[]> {
  const recs = await runner.rows(
    'reading the senders to service wallets',
    `${WITH_VIS} UNWIND $addresses AS address
     MATCH (:Address {ns: $ns, chain: $chain, address: address})<-[t:TRANSFER]-(f:Address) WHERE ${visible('t')}
     RETURN DISTINCT f.address AS a`,
    { chain, addresses: [...new Set(addresses)] },
  );
  return recs.map((r) => r.get('a') as string).sort();
}

/** The visible transfers of `chain` from or to any of `addresses`, each once, in chain order. */
export async function* readTransfersOfMany(runner: Runner, chain: string, addresses: readonly string[]): AsyncIterable<AccountTransfer> {
  const ties = new TieSorter();
  const stream = runner.stream(
    `reading transfers of ${addresses.length} addresses`,
    `${WITH_VIS} UNWIND $addresses AS address
     MATCH (a:Address {ns: $ns, chain: $chain, address: address})
     CALL (a, vis) {
       MATCH (a)-[t:TRANSFER]->(x) WHERE ${visible('t')} RETURN t, a AS f, x
       UNION ALL
       MATCH (a)<-[t:TRANSFER]-(f) WHERE f <> a AND ${visible('t')} RETURN t, f, a AS x
     }
     WITH DISTINCT t, f, x
     RETURN ${TRANSFER_PROJECTION} ORDER BY t.block, t.txIndex, t.index, t.id`,
    { chain, addresses: [...new Set(addresses)] },
    10_000,
  );
  for await (const rec of stream) {
    const done = ties.push(recordToTransfer(rec));
    if (done) yield* done;
  }
  yield* ties.end();
}
