// Evidence pack integrity: a pack of the hand-checked small case verifies; changing one byte of any
// file, deleting a file, adding a file or altering the manifest each fails naming the file; signatures
// are checked against the pack's key and a trusted key; two exports are byte-identical except the
// manifest's creation time; the real tracer gives the hand-checked figures and retrace reproduces them.

import { appendFileSync, cpSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { readPackListing } from '../../app/export-pack.js';
import { retraceEvidencePack } from '../../app/retrace-pack.js';
import { traceForPack } from '../../app/pack-trace.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { canonicalJson } from '../../src/evidence/canonical-json.js';
import { hashStoreContents } from '../../src/evidence/content-hash.js';
import { generateSigningKeyPair, type Manifest, sealManifest, serializeManifest, sha256Hex } from '../../src/evidence/manifest.js';
import { checkPack } from '../../src/evidence/verify-pack.js';
import { tempDir } from '../support/stores.js';
import { SMALL_CASE, smallCaseRun, smallCaseStore, writeSmallPack } from './pack-helpers.js';

const EXPECTED_FILES = [
  'case/case.yaml',
  'case/tags.jsonl',
  'case/transactions.jsonl',
  'case/transfers.jsonl',
  'flows.csv',
  'freeze-requests/binance-14.csv',
  'freeze-requests/binance-14.md',
  'freeze-requests/kraken.csv',
  'freeze-requests/kraken.md',
  'graph.gexf',
  'graph.graphml',
  'report.html',
  'report.pdf',
  'trace.json',
  'transactions.csv',
  'victims/v-ann.html',
  'victims/v-ann.pdf',
  'victims/v-ben.html',
  'victims/v-ben.pdf',
  'victims/v-cai.html',
  'victims/v-cai.pdf',
];

async function check(dir: string, trustedPublicKeyPem?: string) {
  return checkPack(await readPackListing(dir), { trustedPublicKeyPem });
}

/** A fresh copy of the pack directory for one tampering case. */
function copyPack(from: string): string {
  const to = join(tempDir('lh-tamper-'), 'pack');
  cpSync(from, to, { recursive: true });
  return to;
}

describe('evidence pack of the small case', () => {
  let dir: string;
  let manifest: Manifest;

  beforeAll(async () => {
    const pack = await writeSmallPack();
    dir = pack.dir;
    manifest = pack.manifest;
  });

  it('lists every file with its SHA-256 and verifies', async () => {
    expect(manifest.files.map((f) => f.path)).toEqual(EXPECTED_FILES);
    for (const f of manifest.files) expect(f.sha256).toBe(sha256Hex(readFileSync(join(dir, f.path))));
    const result = await check(dir);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checkedFiles).toBe(EXPECTED_FILES.length);
    expect(result.signature).toBe('unsigned');
  });

  it('records the store content hash, parameters, sources and a data-derived date', async () => {
    const store = await smallCaseStore();
    try {
      expect(manifest.store.contentHash).toBe((await hashStoreContents(store)).sha256);
    } finally {
      await store.close();
    }
    expect(manifest.store).toMatchObject({ kind: 'sqlite', transfers: 5, transactions: 2, tags: 3 });
    expect(manifest.store.chains).toEqual({
      bitcoin: { transfers: 0, transactions: 2, minBlock: 840000, maxBlock: 840010 },
      ethereum: { transfers: 5, transactions: 0, minBlock: 19000000, maxBlock: 19000030 },
    });
    expect(manifest.command.parameters).toEqual({ policy: 'fifo', maxHops: 20, stopAt: ['exchange', 'otc', 'payment_processor', 'wallet_service', 'gambling', 'mixer', 'bridge'], inheritTags: false });
    expect(manifest.sources.map((s) => s.sha256).sort()).toEqual(
      ['transfers.jsonl', 'transactions.jsonl', 'tags.jsonl'].map((f) => sha256Hex(readFileSync(join(SMALL_CASE, '..', f)))).sort(),
    );
    expect(manifest.dataAsOf).toBe('2024-04-20T02:00:00Z');
    expect(manifest.case).toMatchObject({ name: 'Small evidence case', file: 'case/case.yaml', sources: ['transfers.jsonl', 'transactions.jsonl', 'tags.jsonl'] });
    // The copies are the case's own bytes.
    expect(readFileSync(join(dir, 'case/transfers.jsonl'))).toEqual(readFileSync(join(SMALL_CASE, '..', 'transfers.jsonl')));
  });

  it('fails naming the file when one byte of any file changes', async () => {
    for (const path of EXPECTED_FILES) {
      const copy = copyPack(dir);
      const file = join(copy, path);
      const bytes = readFileSync(file);
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      writeFileSync(file, bytes);
      const result = await check(copy);
      expect(result.ok, path).toBe(false);
      expect(result.problems, path).toEqual([expect.objectContaining({ path, kind: 'changed' })]);
    }
  });

  it('fails naming the file when a file is deleted or added', async () => {
    const deleted = copyPack(dir);
    unlinkSync(join(deleted, 'freeze-requests/kraken.csv'));
    expect((await check(deleted)).problems).toEqual([expect.objectContaining({ path: 'freeze-requests/kraken.csv', kind: 'missing' })]);

    const added = copyPack(dir);
    writeFileSync(join(added, 'freeze-requests/extra.md'), 'not part of the pack\n');
    expect((await check(added)).problems).toEqual([expect.objectContaining({ path: 'freeze-requests/extra.md', kind: 'added' })]);
  });

  it('fails naming manifest.json when the manifest is altered', async () => {
    // A field changed (digest no longer matches).
    const edited = copyPack(dir);
    const text = readFileSync(join(edited, 'manifest.json'), 'utf8');
    writeFileSync(join(edited, 'manifest.json'), text.replace('"policy": "fifo"', '"policy": "lifo"'));
    expect((await check(edited)).problems).toEqual([expect.objectContaining({ path: 'manifest.json', kind: 'manifest' })]);

    // Only whitespace changed (not canonical any more).
    const spaced = copyPack(dir);
    appendFileSync(join(spaced, 'manifest.json'), ' ');
    expect((await check(spaced)).problems).toEqual([expect.objectContaining({ path: 'manifest.json', kind: 'manifest' })]);

    // The manifest deleted.
    const gone = copyPack(dir);
    unlinkSync(join(gone, 'manifest.json'));
    expect((await check(gone)).problems).toEqual([expect.objectContaining({ path: 'manifest.json', kind: 'missing' })]);
  });

  it('is byte-identical when exported again, apart from the creation time in the manifest', async () => {
    const base = tempDir('lh-determinism-');
    const out = join(base, 'pack');
    const store = await smallCaseStore();
    try {
      await writeSmallPack({ store, outDir: out, now: new Date('2030-01-01T00:00:00Z') });
      renameSync(out, join(base, 'first'));
      await writeSmallPack({ store, outDir: out, now: new Date('2031-06-01T12:00:00Z') });
    } finally {
      await store.close();
    }
    const first = await readPackListing(join(base, 'first'));
    const second = await readPackListing(out);
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [path, f] of first.files) {
      if (path === 'manifest.json') continue;
      expect(second.files.get(path)?.sha256, path).toBe(f.sha256);
    }
    const a = JSON.parse(first.manifestText!) as Manifest;
    const b = JSON.parse(second.manifestText!) as Manifest;
    expect(a.createdAt).toBe('2030-01-01T00:00:00.000Z');
    expect(b.createdAt).toBe('2031-06-01T12:00:00.000Z');
    const strip = ({ createdAt: _c, digest: _d, ...rest }: Manifest) => rest;
    expect(canonicalJson(strip(b))).toBe(canonicalJson(strip(a)));
  }, 300_000);
});

describe('signed evidence packs', () => {
  const keys = generateSigningKeyPair();
  const other = generateSigningKeyPair();
  let dir: string;

  beforeAll(async () => {
    dir = (await writeSmallPack({ signingKeyPem: keys.privateKeyPem })).dir;
  });

  it('verifies with the pack key and with the trusted key', async () => {
    const own = await check(dir);
    expect(own).toMatchObject({ ok: true, signature: 'valid', signerTrusted: false });
    const trusted = await check(dir, keys.publicKeyPem);
    expect(trusted).toMatchObject({ ok: true, signature: 'valid', signerTrusted: true });
  });

  it('fails with another trusted key, saying the pack was signed by a key other than the one given', async () => {
    const result = await check(dir, other.publicKeyPem);
    expect(result).toMatchObject({ ok: false, signature: 'other-key', signerTrusted: false });
    expect(result.problems).toEqual([{ path: 'manifest.sig', kind: 'signature', detail: expect.stringContaining('signed by a key other than the one given') }]);
  });

  it('fails naming manifest.sig when a re-sealed manifest is not re-signed', async () => {
    // A forger changes a file and rewrites the manifest consistently, but cannot sign it.
    const copy = copyPack(dir);
    writeFileSync(join(copy, 'flows.csv'), 'hop,chain\n');
    const m = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as Manifest;
    const { digest: _d, ...body } = m;
    body.files = body.files.map((f) => (f.path === 'flows.csv' ? { ...f, sha256: sha256Hex('hop,chain\n'), bytes: 10 } : f));
    writeFileSync(join(copy, 'manifest.json'), serializeManifest(sealManifest(body)));
    const result = await check(copy, keys.publicKeyPem);
    expect(result.problems).toEqual([expect.objectContaining({ path: 'manifest.sig', kind: 'signature' })]);
  });

  it('fails when the signature is removed but a trusted key is given', async () => {
    const copy = copyPack(dir);
    unlinkSync(join(copy, 'manifest.sig'));
    const result = await check(copy, keys.publicKeyPem);
    expect(result.problems).toEqual([expect.objectContaining({ path: 'manifest.sig', kind: 'missing' })]);
  });
});

describe('tracing and re-tracing the small case', () => {
  it('traceCase gives the hand-checked figures', async () => {
    const store = await smallCaseStore();
    try {
      const loaded = await loadCaseFile(SMALL_CASE);
      const run = await traceForPack(store, loaded.kase);
      expect(canonicalJson(run.result)).toBe(canonicalJson(smallCaseRun().result));
    } finally {
      await store.close();
    }
  });

  it('snapshots the store when it holds data the case sources do not, and re-traces from it', async () => {
    const store = await smallCaseStore();
    // Data from elsewhere (an adapter fetch, another import): a tag on holding address C.
    const extra = join(tempDir('lh-extra-'), 'extra-tags.jsonl');
    writeFileSync(extra, `${JSON.stringify({ chain: 'ethereum', address: '0x6EEfb79A550609BDd81A9D7B5d94A4d0270A68B7', label: 'Mule C', category: 'scam', source: 'case notes', confidence: 60 })}\n`);
    await importFiles(store, [extra]);
    const loaded = await loadCaseFile(SMALL_CASE);
    const run = await traceForPack(store, loaded.kase);
    const pack = await writeSmallPack({ store, run });
    await store.close();
    const paths = pack.manifest.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['store/transfers.jsonl', 'store/transactions.jsonl', 'store/tags.jsonl']));
    expect(readFileSync(join(pack.dir, 'store/tags.jsonl'), 'utf8')).toContain('Mule C');
    expect(pack.manifest.store.tags).toBe(4);
    const deps = { createStore: async () => openSqliteStore(join(tempDir('lh-retrace-'), 'r.db')), trace: traceForPack };
    expect(await retraceEvidencePack(pack.dir, pack.manifest, deps)).toMatchObject({ ok: true, sameResult: true, sameStoreContent: true });
  });

  it('records command-line overrides and re-traces with them', async () => {
    const store = await smallCaseStore();
    const loaded = await loadCaseFile(SMALL_CASE);
    const kase = { ...loaded.kase, policy: 'haircut' as const, maxHops: 2 };
    const run = await traceForPack(store, kase);
    const pack = await writeSmallPack({ store, run, kase });
    await store.close();
    expect(pack.manifest.command.parameters).toMatchObject({ policy: 'haircut', maxHops: 2 });
    // The case file in the pack still says fifo / 20: the retrace must use the recorded parameters.
    expect(readFileSync(join(pack.dir, 'case/case.yaml'), 'utf8')).toContain('policy: fifo');
    const deps = { createStore: async () => openSqliteStore(join(tempDir('lh-retrace-'), 'r.db')), trace: traceForPack };
    expect(await retraceEvidencePack(pack.dir, pack.manifest, deps)).toMatchObject({ ok: true, sameResult: true });
    expect(run.result.policy).toBe('haircut');
    expect(run.result.holdings.some((h) => h.reason === 'hop-limit')).toBe(true);
  });

  it('re-traces only files the manifest covers', async () => {
    const pack = await writeSmallPack();
    const deps = { createStore: async () => openSqliteStore(join(tempDir('lh-retrace-'), 'r.db')), trace: traceForPack };
    const { digest: _d, ...body } = pack.manifest;
    const crafted = sealManifest({ ...body, case: { ...body.case, file: '../elsewhere/case.yaml' } });
    await expect(retraceEvidencePack(pack.dir, crafted, deps)).rejects.toMatchObject({ code: 'INTEGRITY', details: { files: ['manifest.json'] } });
    // A case file (covered by a re-sealed manifest) that names a source outside the pack.
    const copy = copyPack(pack.dir);
    const caseText = readFileSync(join(copy, 'case/case.yaml'), 'utf8').replace('  - tags.jsonl', `  - ${join(SMALL_CASE, '..', 'tags.jsonl')}`);
    writeFileSync(join(copy, 'case/case.yaml'), caseText);
    const resealed = sealManifest({ ...body, files: body.files.map((f) => (f.path === 'case/case.yaml' ? { ...f, sha256: sha256Hex(caseText), bytes: Buffer.byteLength(caseText) } : f)) });
    await expect(retraceEvidencePack(copy, resealed, deps)).rejects.toMatchObject({ code: 'INTEGRITY', details: { files: ['case/case.yaml'] } });
  });

  it("re-traces a pack from its own data, and catches a consistently re-sealed forgery of trace.json", async () => {
    const store = await smallCaseStore();
    const loaded = await loadCaseFile(SMALL_CASE);
    const run = await traceForPack(store, loaded.kase);
    const pack = await writeSmallPack({ store, run });
    await store.close();
    const deps = { createStore: async () => openSqliteStore(join(tempDir('lh-retrace-'), 'r.db')), trace: traceForPack };
    // flows.csv lets a reader follow each step: the Binance deposit e4:7 is an endpoint fed by e3:1.
    const flowsCsv = readFileSync(join(pack.dir, 'flows.csv'), 'utf8').trim().split('\n');
    expect(flowsCsv[0]).toBe('hop,chain,asset,symbol,ref,txHash,block,time,from,to,amount,amountHuman,bySource,outcome,parents,source');
    const e4 = flowsCsv.find((l) => l.includes(',0xadfaf8fdbdbf85e707e6e548ed190b97920504348cd4a993422059b44ac40287:7,'))!;
    expect(e4).toMatch(/,2000000000,2000,"\{""v-ann"":""1666666666\.666666667"",""v-ben"":""333333333\.333333333""\}",endpoint,0x1a63b95ea53cb33288c8b73f435afe536dfb7c74bd8c1ca9f8f7d84fa5b72d12:1,$/);
    const good = await retraceEvidencePack(pack.dir, pack.manifest, deps);
    expect(good).toMatchObject({ ok: true, sameResult: true, sameStoreContent: true, differences: [] });

    // Forge: move 1 USDT base unit from Binance to a holding in trace.json and re-seal the manifest.
    const copy = copyPack(pack.dir);
    const tracePath = join(copy, 'trace.json');
    const forged = readFileSync(tracePath, 'utf8').replace('"amount": "2000000000"', '"amount": "1999999999"');
    writeFileSync(tracePath, forged);
    const { digest: _d, ...body } = pack.manifest;
    body.files = body.files.map((f) => (f.path === 'trace.json' ? { ...f, sha256: sha256Hex(forged), bytes: Buffer.byteLength(forged) } : f));
    const resealed = sealManifest(body);
    writeFileSync(join(copy, 'manifest.json'), serializeManifest(resealed));
    expect((await check(copy)).ok).toBe(true);
    const bad = await retraceEvidencePack(copy, resealed, deps);
    expect(bad.ok).toBe(false);
    expect(bad.differences).toEqual(['endpoints']);
    expect(bad.problems).toEqual([expect.objectContaining({ path: 'trace.json', kind: 'changed' })]);
    rmSync(copy, { recursive: true, force: true });
  });
});
