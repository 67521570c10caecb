// Reads everything a GraphStore answers (every list, every per-address and per-record query) into one
// JSON text, so two stores holding the same records can be compared byte for byte (issue 5: "same JSON
// from both stores"). Also a guard for Neo4j-only suites: they run when the neo4j service was started.

import { toJson } from '../../../cli/output.js';
import type { GraphStore } from '../../../src/ports.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * Every answer of `store`, as canonical JSON (bigints as strings). `withImportTimes: false` leaves out
 * the sources' `retrievedAt` (the wall clock at import, which differs between two imports);
 * `perRecord: false` skips the lookups of every record by id (slow on large stores).
 */
export async function dumpStore(store: GraphStore, options: { withImportTimes?: boolean; perRecord?: boolean } = {}): Promise<string> {
  const transfers = await collect(store.transfers());
  const transactions = await collect(store.transactions());
  const tags = await collect(store.tags());
  const links = await collect(store.clusterLinks());
  const conversions = await collect(store.conversions());
  const addresses = new Map<string, Set<string>>();
  const add = (chain: string, address: string | null) => {
    if (address === null) return;
    if (!addresses.has(chain)) addresses.set(chain, new Set());
    addresses.get(chain)?.add(address);
  };
  for (const t of transfers) {
    add(t.chain, t.from);
    add(t.chain, t.to);
  }
  for (const tx of transactions) {
    for (const i of tx.inputs) add(tx.chain, i.address);
    for (const o of tx.outputs) add(tx.chain, o.address);
  }
  for (const t of tags) add(t.chain, t.address);
  for (const l of links) {
    add(l.chain, l.a);
    add(l.chain, l.b);
  }
  const perAddress: unknown[] = [];
  for (const chain of [...addresses.keys()].sort()) {
    for (const address of [...(addresses.get(chain) ?? [])].sort()) {
      const assets = [...new Set(transfers.filter((t) => t.chain === chain).map((t) => t.asset))].sort();
      perAddress.push({
        chain,
        address,
        ledger: await collect(store.ledger(chain, address)),
        byAsset: await Promise.all(assets.map(async (asset) => ({ asset, ledger: await collect(store.ledger(chain, address, { asset })) }))),
        transactionsOf: await collect(store.transactionsOf(chain, address)),
        tagsOf: await store.tagsOf(chain, address),
        clusterOf: (await store.clusterOf(chain, address)) ?? null,
        linksOf: await store.linksOf(chain, address),
        communityOf: (await store.communityOf(chain, address)) ?? null,
      });
    }
  }
  const spenders: unknown[] = [];
  for (const tx of transactions) {
    for (const i of tx.inputs) {
      if (i.prevTxid === undefined || i.prevVout === undefined) continue;
      const spender = await store.spenderOf(tx.chain, i.prevTxid, i.prevVout);
      spenders.push({ outpoint: `${i.prevTxid}:${i.prevVout}`, spender: spender?.txid ?? null });
    }
    for (const o of tx.outputs) {
      const spender = await store.spenderOf(tx.chain, tx.txid, o.n);
      spenders.push({ outpoint: `${tx.txid}:${o.n}`, spender: spender?.txid ?? null });
    }
  }
  const chains = [...new Set(conversions.flatMap((c) => [c.in.chain, ...(c.out ? [c.out.chain] : [])]))].sort();
  const conversionsOf = await Promise.all(chains.map(async (chain) => ({ chain, conversions: (await collect(store.conversions({ chain }))).map((c) => c.id) })));
  const conversionRefs: unknown[] = [];
  for (const c of conversions) {
    for (const leg of c.out ? [c.in, c.out] : [c.in]) {
      for (const ref of leg.refs) conversionRefs.push({ chain: leg.chain, ref, conversions: (await store.conversionsByRef(leg.chain, ref)).map((x) => x.id) });
    }
  }
  const perRecord = options.perRecord !== false;
  const byId = perRecord ? await Promise.all(transfers.map((t) => store.getTransfer(t.chain, t.id))) : [];
  const byTxid = perRecord ? await Promise.all(transactions.map((t) => store.getTransaction(t.chain, t.txid))) : [];
  const byConversionId = perRecord ? await Promise.all(conversions.map((c) => store.getConversion(c.id))) : [];
  return toJson(
    {
      stats: await store.stats(),
      sources: (await store.listSources()).map((s) => (options.withImportTimes === false ? { ...s, retrievedAt: undefined } : s)),
      transfers,
      transactions,
      tags,
      links,
      conversions,
      conversionsOf,
      conversionRefs,
      perAddress,
      spenders,
      byId,
      byTxid,
      byConversionId,
    },
    1,
  );
}

/** True when this run started the neo4j service (or should have: then a missing NEO4J_URL fails). */
export function neo4jWanted(): boolean {
  if (process.env.NEO4J_URL) return true;
  const wanted = process.env.LEDGERHOUND_SERVICES?.split(',').map((s) => s.trim());
  return !wanted || wanted.includes('neo4j');
}
