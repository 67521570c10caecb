// `share stix|misp` on the sample case: the documents pass the reference validators (stix2-validator
// 3.3.2 with zero errors, PyMISP load + strict objects), ids are deterministic, victims appear only as
// opaque payment ids, our bundle and our event import back to the same tags, and TLP is enforced.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareCase } from '../../app/share-case.js';
import { importFile } from '../../adapters/files/import-files.js';
import { openSqliteStore, type SqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { Tag } from '../../src/model/tag.js';
import type { MispEventDocument } from '../../src/sharing/misp-event.js';
import { importMispEvent } from '../../src/sharing/misp-import.js';
import { parseProducer } from '../../src/sharing/producer.js';
import type { StixBundle } from '../../src/sharing/stix-bundle.js';
import { importStixBundle } from '../../src/sharing/stix-import.js';
import { REPO_ROOT } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { validate, warningCodes } from './validators.js';

const CASE = join(REPO_ROOT, 'samples/pig-butchering/case.yaml');
const NOW = '2026-01-15T10:00:00.000Z';
const LATER = '2026-02-20T08:30:00.000Z';
const producer = parseProducer({ name: 'Example Cybercrime Unit', uuid: '5a0e7c4e-1c2b-4c33-9d7e-2f1a3b4c5d6e', country: 'NL' });

/** Tag fields that a share carries (the source names the document, so it differs by format). */
const carried = (t: Tag) => ({ chain: t.chain, address: t.address, label: t.label, category: t.category, confidence: t.confidence, tlp: t.tlp, note: t.note });
const byAddress = (a: { chain: string; address: string }, b: { chain: string; address: string }) => `${a.chain}/${a.address}`.localeCompare(`${b.chain}/${b.address}`);

describe('share on the sample case', () => {
  let store: SqliteStore;
  let stix: StixBundle;
  let misp: MispEventDocument;
  let walletCount: number;

  beforeAll(async () => {
    store = openSqliteStore(join(tempDir('lh-share-'), 'case.db'));
    const s = await shareCase(store, CASE, { format: 'stix', producer, now: NOW });
    stix = s.document as StixBundle;
    walletCount = s.content.wallets.length;
    misp = (await shareCase(store, CASE, { format: 'misp', producer, now: NOW, importSources: false })).document as MispEventDocument;
  }, 120_000);
  afterAll(async () => store?.close());

  it('STIX bundle: stix2-validator 3.3.2 finds no error; the warnings left are the UUIDv5 ids (103) only', () => {
    const findings = validate('stix', stix);
    expect(findings.errors).toEqual([]);
    expect(findings.valid).toBe(true);
    expect(Object.keys(warningCodes(findings)).filter((c) => c !== '103')).toEqual([]);
  }, 120_000);

  it('STIX bundle: wallets with the extension, indicators with wallet patterns, campaign, exchanges, flows, one report over all', () => {
    const types = (t: string) => stix.objects.filter((o) => o.type === t);
    expect(types('extension-definition').map((o) => o.id)).toContain('extension-definition--be78509e-6958-51b1-8b26-d17ee0eba2d7');
    expect(types('cryptocurrency-wallet')).toHaveLength(walletCount);
    for (const w of types('cryptocurrency-wallet')) {
      expect(w.extensions).toEqual({ 'extension-definition--be78509e-6958-51b1-8b26-d17ee0eba2d7': { extension_type: 'new-sco' } });
      expect(w.x_ledgerhound_chain).toMatch(/^(ethereum|tron|bitcoin)$/);
    }
    for (const i of types('indicator')) expect(i.pattern).toMatch(/^\[cryptocurrency-wallet:value = '[^']+'\]$/);
    expect(types('campaign')).toHaveLength(1);
    const exchanges = types('identity').filter((o) => o.id !== `identity--${producer.uuid}`).map((o) => o.name);
    expect(exchanges).toEqual(expect.arrayContaining(['bitfinex', 'binance', 'Mekong Lotus OTC (fictional broker)']));
    const holders = new Set(types('cryptocurrency-wallet').map((w) => w.holder_ref).filter(Boolean));
    expect(holders.size).toBe(exchanges.length);
    expect(types('cryptocurrency-transaction').length).toBeGreaterThan(6);
    const [report] = types('report');
    const refs = new Set(report.object_refs as string[]);
    for (const o of stix.objects) if (!['report', 'marking-definition', 'extension-definition'].includes(o.type)) expect(refs.has(o.id)).toBe(true);
  });

  it('STIX bundle: every object but the extension definitions carries the TLP:AMBER marking', () => {
    for (const o of stix.objects) {
      if (o.type === 'extension-definition' || o.type === 'marking-definition') continue;
      expect(o.object_marking_refs, o.id).toEqual(['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421']);
    }
    expect(stix.objects.find((o) => o.type === 'marking-definition')?.name).toBe('TLP:AMBER');
  });

  it('MISP event: PyMISP loads it and accepts every object with strict templates', () => {
    const findings = validate('misp', misp);
    expect(findings.errors).toEqual([]);
    expect(findings.attributes?.every((t) => t === 'btc')).toBe(true);
    expect(new Set(findings.objects)).toEqual(new Set(['coin-address', 'cryptocurrency-transaction']));
    expect(findings.tags).toEqual(['tlp:amber', 'cryptocurrency-threat:Pig Butchering Scam', 'circl:incident-classification="scam"']);
  }, 120_000);

  it('MISP event: Bitcoin wallets are btc attributes; ETH and TRON wallets coin-address objects; flows reference wallets', () => {
    const e = misp.Event;
    const uuids = new Set([...e.Attribute.map((a) => a.uuid), ...e.Object.filter((o) => o.name === 'coin-address').map((o) => o.uuid)]);
    expect(e.Attribute.length + e.Object.filter((o) => o.name === 'coin-address').length).toBe(walletCount);
    for (const o of e.Object.filter((x) => x.name === 'coin-address')) {
      expect(o.Attribute.find((a) => a.object_relation === 'address-crypto')?.value).toMatch(/^(0x|T)/);
      expect(['USDT', 'ETH', 'TRX']).toContain(o.Attribute.find((a) => a.object_relation === 'symbol')?.value);
    }
    for (const o of e.Object.filter((x) => x.name === 'cryptocurrency-transaction')) {
      expect(o.ObjectReference?.length).toBeGreaterThan(0);
      for (const r of o.ObjectReference ?? []) expect(uuids.has(r.referenced_uuid)).toBe(true);
    }
  });

  it('deterministic: shared again later, only the documented timestamps differ', async () => {
    const again = await shareCase(store, CASE, { format: 'stix', producer, now: LATER, importSources: false });
    const strip = (doc: unknown) => JSON.parse(JSON.stringify(doc).replaceAll(LATER, NOW));
    expect(strip(again.document)).toEqual(stix);
    const mispAgain = await shareCase(store, CASE, { format: 'misp', producer, now: LATER, importSources: false });
    const t = (iso: string) => String(Date.parse(iso) / 1000);
    const text = JSON.stringify(mispAgain.document).replaceAll(`"${t(LATER)}"`, `"${t(NOW)}"`).replaceAll('"2026-02-20"', '"2026-01-15"');
    expect(JSON.parse(text)).toEqual(misp);
  }, 120_000);

  it('victims appear only as opaque payment ids: no names, no victim wallets, no victim tags', () => {
    const caseNotes = readFileSync(join(REPO_ROOT, 'samples/pig-butchering/case-notes-tags.csv'), 'utf8');
    const victimWallets = caseNotes
      .split('\n')
      .filter((l) => l.includes(',victim,'))
      .map((l) => l.split(',')[1]);
    expect(victimWallets).toHaveLength(5);
    for (const doc of [JSON.stringify(stix), JSON.stringify(misp)]) {
      for (const name of ['Alice', 'Bob', 'Chen', 'Dana', 'Erik', 'alice-1', 'Victim ']) expect(doc).not.toContain(name);
      for (const w of victimWallets) expect(doc.toLowerCase()).not.toContain(w.toLowerCase());
      expect(doc).toContain('payment-1');
    }
  });

  it('round trip: our bundle and our event import back to the same tags, which are the shared ones', async () => {
    const fromStix = importStixBundle(stix).tags.map(carried).sort(byAddress);
    const fromMisp = importMispEvent(misp).tags.map(carried).sort(byAddress);
    expect(fromStix).toHaveLength(walletCount);
    expect(fromMisp).toEqual(fromStix);
    const shared = (await shareCase(store, CASE, { format: 'stix', producer, now: NOW, importSources: false })).content.wallets;
    expect(fromStix).toEqual(
      shared.map((w) => ({ chain: w.chain, address: w.address, label: w.tag.label, category: w.tag.category, confidence: w.tag.confidence, tlp: 'amber', note: `${w.role} wallet` })).sort(byAddress),
    );
    for (const t of importStixBundle(stix).tags) expect(t.source).toBe(`STIX ${stix.id} by Example Cybercrime Unit (identity--${producer.uuid})`);
    for (const t of importMispEvent(misp).tags) expect(t.source).toBe(`MISP event ${misp.Event.uuid} by Example Cybercrime Unit (${producer.uuid})`);
  }, 120_000);

  it('`import` recognises our bundle and event: tags land with their TLP in a fresh store', async () => {
    const dir = tempDir('lh-share-import-');
    const other = openSqliteStore(join(dir, 'other.db'));
    try {
      const bundleFile = join(dir, 'bundle.json');
      const eventFile = join(dir, 'event.json');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(bundleFile, JSON.stringify(stix, null, 2));
      writeFileSync(eventFile, JSON.stringify(misp, null, 2));
      const a = await importFile(other, bundleFile);
      expect(a.kind).toBe('stix-bundle');
      expect(a.summary.tags.added).toBe(walletCount);
      const b = await importFile(other, eventFile);
      expect(b.kind).toBe('misp-event');
      expect(b.summary.tags.added).toBe(walletCount);
      const again = await importFile(other, eventFile);
      expect(again.summary.tags).toEqual({ added: 0, existing: walletCount });
      const tags: Tag[] = [];
      for await (const t of other.tags()) tags.push(t);
      expect(tags).toHaveLength(2 * walletCount);
      expect(new Set(tags.map((t) => t.tlp))).toEqual(new Set(['amber']));
    } finally {
      await other.close();
    }
  }, 120_000);
});
