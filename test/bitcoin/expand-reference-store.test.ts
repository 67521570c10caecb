// The expansion engine on the sample pig-butchering case (Ethereum and TRON transfers, Bitcoin
// transactions), with a reference store holding all of its data as the source (`--from-store`): the
// case store starts with only the tags and the victim transfers, and expansion must reach every
// cash-out point that the hand-computed FIFO trace names (test/fixtures/sample/expected-fifo.json),
// at no more hops than the trace needed, for the account model and the UTXO model alike, and through
// the sample's conversions (a Uniswap V2 swap, an Allbridge Core bridge from TRON to Ethereum), which
// the reference store holds and the expansion copies.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandCase } from '../../adapters/expand/engine.js';
import { openStoreSources } from '../../adapters/expand/store-source.js';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { importFile } from '../../adapters/files/import-files.js';
import type { GraphStore } from '../../src/ports.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/cli.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

const SAMPLE = join(REPO_ROOT, 'samples/pig-butchering');
const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/sample/expected-fifo.json'), 'utf8')) as {
  endpoints: { chain: string; address: string; category: string; hops: number }[];
  holdings: { chain: string; address: string; reason: string }[];
};

async function referenceStore(): Promise<GraphStore> {
  const ref = await sqliteFactory.create();
  for (const f of ['transfers.jsonl', 'transactions.jsonl', 'conversions.jsonl', 'tags.jsonl', 'case-notes-tags.csv']) await importFile(ref, join(SAMPLE, f));
  return ref;
}

async function caseStore(ref: GraphStore): Promise<GraphStore> {
  const store = await sqliteFactory.create();
  for (const f of ['tags.jsonl', 'case-notes-tags.csv']) await importFile(store, join(SAMPLE, f));
  const { kase } = await loadCaseFile(join(SAMPLE, 'case.yaml'));
  const transfers = [];
  for (const v of kase.victimPayments) if (v.transfer) transfers.push(await ref.getTransfer(v.chain, v.transfer));
  await store.importBatch({ source: { name: 'victim transfers', sha256: '0'.repeat(64), kind: 'file' }, transfers: transfers.filter((t) => t !== undefined) });
  return store;
}

describe('expansion from a reference store (sample case, all three chains)', () => {
  it('reaches every cash-out point of the FIFO trace, at no more hops', async () => {
    const ref = await referenceStore();
    const store = await caseStore(ref);
    const { kase } = await loadCaseFile(join(SAMPLE, 'case.yaml'));
    const report = await expandCase({ store, kase, sources: await openStoreSources(ref), hops: kase.maxHops });
    expect(report.missing).toEqual([]);
    for (const e of expected.endpoints) {
      const stop = report.stops.find((s) => s.chain === e.chain && s.address === e.address);
      expect(stop, `${e.chain} ${e.address}`).toBeDefined();
      expect(stop?.category).toBe(e.category);
      expect(stop?.hop).toBeLessThanOrEqual(e.hops);
    }
    // Where the walk found nothing leaving after the arrival (checked by hand): L3 and L9 on Ethereum (L9 reached
    // through the bridge) and P4's coin. L4 and L8 pay on (the swap, the bridge, their payouts).
    expect(report.unspent).toBe(3);
    // Both conversions are met once and followed: the swap to L4's ETH, the bridge to L9 on Ethereum.
    expect(report.conversions.map((c) => [c.kind, c.chain, c.hop, c.followed, c.to?.chain, c.to?.asset])).toEqual([
      ['swap', 'ethereum', 4, true, 'ethereum', 'ETH'],
      ['bridge', 'tron', 5, true, 'ethereum', 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7'],
    ]);
    const stats = await store.stats();
    expect(stats.chains.bitcoin.transactions).toBeGreaterThan(0);
    expect(stats.chains.ethereum.transfers).toBeGreaterThan(3);
    expect(stats.chains.tron.transfers).toBeGreaterThan(2);

    // A second run finds everything in the case store and adds nothing.
    const again = await expandCase({ store, kase, sources: await openStoreSources(ref), hops: kase.maxHops });
    expect(again.added).toEqual({ transactions: 0, transfers: 0 });
    expect(again.stops).toEqual(report.stops);
    await store.close();
    await ref.close();
  });

  it('fetches less with fewer hops and counts what was left at the limit', async () => {
    const ref = await referenceStore();
    const store = await caseStore(ref);
    const { kase } = await loadCaseFile(join(SAMPLE, 'case.yaml'));
    const report = await expandCase({ store, kase, sources: await openStoreSources(ref), hops: 2 });
    expect(report.atHopLimit).toBeGreaterThan(0);
    expect(report.stops.every((s) => s.hop <= 2)).toBe(true);
    const full = await expandCase({ store: await caseStore(ref), kase, sources: await openStoreSources(ref), hops: kase.maxHops });
    expect(report.added.transfers + report.added.transactions).toBeLessThan(full.added.transfers + full.added.transactions);
    await store.close();
    await ref.close();
  });

  it('stops when interrupted, and a rerun completes the same expansion', async () => {
    const ref = await referenceStore();
    const { kase } = await loadCaseFile(join(SAMPLE, 'case.yaml'));
    const store = await caseStore(ref);
    const abort = new AbortController();
    const first = await expandCase({ store, kase, sources: await openStoreSources(ref), hops: kase.maxHops, signal: abort.signal, onHop: (h) => h.hop === 3 && abort.abort() });
    expect(first.interrupted).toBe(true);
    const second = await expandCase({ store, kase, sources: await openStoreSources(ref), hops: kase.maxHops });
    expect(second.interrupted).toBe(false);
    const reference = await caseStore(ref);
    const full = await expandCase({ store: reference, kase, sources: await openStoreSources(ref), hops: kase.maxHops });
    expect(second.stops).toEqual(full.stops);
    expect(await store.stats()).toMatchObject({ transfers: (await reference.stats()).transfers, transactions: (await reference.stats()).transactions });
    for (const s of [store, reference, ref]) await s.close();
  });

  it('works from the command line with --from-store', () => {
    const dir = tempDir();
    const refPath = join(dir, 'reference.db');
    const casePath = join(dir, 'case.db');
    const files = ['transfers.jsonl', 'transactions.jsonl', 'conversions.jsonl', 'tags.jsonl', 'case-notes-tags.csv'].map((f) => join(SAMPLE, f));
    expect(runCli(['import', ...files, '--store', refPath, '--quiet']).code).toBe(0);
    // The case store: tags and the victims' transfers only (the Bitcoin payment is fetched by expand).
    expect(runCli(['import', join(SAMPLE, 'tags.jsonl'), join(SAMPLE, 'case-notes-tags.csv'), join(SAMPLE, 'transfers.jsonl'), '--store', casePath, '--quiet']).code).toBe(0);
    const res = runCli(['expand', join(SAMPLE, 'case.yaml'), '--from-store', refPath, '--store', casePath, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.sources).toEqual(['bitcoin', 'ethereum', 'tron'].map((c) => `store:${refPath} (${c})`));
    expect(out.stops.length).toBeGreaterThanOrEqual(expected.endpoints.length);
    expect(out.added.transactions).toBeGreaterThan(0);
  });
});
