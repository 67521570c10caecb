// import-pack and hits on evidence packs of each audience (issue 16, export --audience): an exchange pack
// (no personal data, the data it re-traces from) is verified, re-traced and imported, and hits compares
// with it; a victim pack holds one statement and no trace data, so both refuse it with INTEGRITY (exit 4),
// reason `victim-pack`, saying so, and write nothing.

import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../app/export-case.js';
import type { WrittenPack } from '../../app/export-pack.js';
import { findHits } from '../../app/hits.js';
import { importPartnerPack } from '../../app/import-pack.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { AudienceChoice } from '../../src/evidence/pack-audience.js';
import type { GraphStore } from '../../src/ports.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

const SAMPLE = fileURLToPath(new URL('../../samples/pig-butchering/', import.meta.url));
const CASE = join(SAMPLE, 'case.yaml');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUB = publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function refusalOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isLedgerhoundError(e)) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('import-pack and hits on exchange and victim packs', () => {
  let store: GraphStore;
  const packs: Partial<Record<string, WrittenPack>> = {};

  async function write(audience: AudienceChoice): Promise<WrittenPack> {
    return exportCase(store, await readCaseFile(CASE), {
      outDir: join(tempDir(`lh-imp-${audience.audience}-`), 'pack'),
      tool: { name: 'ledgerhound', version: 'test' },
      argv: ['ledgerhound', 'export', 'case.yaml', '--audience', audience.audience],
      audience,
      signingKeyPem: KEY,
      intakeFile: join(SAMPLE, 'intake.csv'),
    });
  }

  beforeAll(async () => {
    store = await sqliteFactory.create();
    packs.exchange = await write({ audience: 'exchange' });
    packs.victim = await write({ audience: 'victim', victim: 'alice' });
  }, 600_000);
  afterAll(async () => {
    await store?.close();
  });

  it('an exchange pack is verified, re-traced and imported with its data', { timeout: 300_000 }, async () => {
    const ours = await sqliteFactory.create();
    try {
      const out = await importPartnerPack(ours, packs.exchange!.dir, { trust: { pem: PUB, file: 'partner.pub.pem' }, retrace: true });
      expect(out.retraced).toBe(true);
      expect(out.totals.transfers).toBeGreaterThan(0);
      expect((await ours.listSources()).map((s) => s.name)).toContain(`pack:${out.pack.id}`);
    } finally {
      await ours.close();
    }
  });

  it('a victim pack is refused by import-pack (INTEGRITY, reason victim-pack), nothing written', { timeout: 120_000 }, async () => {
    const ours = await sqliteFactory.create();
    try {
      const e = await refusalOf(importPartnerPack(ours, packs.victim!.dir, { trust: { pem: PUB, file: 'partner.pub.pem' } }));
      expect(e.code).toBe('INTEGRITY');
      expect(e.details).toMatchObject({ reason: 'victim-pack', audience: 'victim' });
      expect(e.message).toContain("holds one victim's statement");
      expect(e.message).toContain('no trace data');
      expect(await ours.listSources()).toEqual([]);
    } finally {
      await ours.close();
    }
  });

  it('hits compares with an exchange pack and refuses a victim pack the same way', { timeout: 300_000 }, async () => {
    const ours = await sqliteFactory.create();
    try {
      const r = await findHits(ours, CASE, { against: [packs.exchange!.dir] });
      expect(r.against[0]).toMatchObject({ kind: 'pack', roles: 'traced' });
      expect(r.hits.length).toBeGreaterThan(0);
      const e = await refusalOf(findHits(ours, CASE, { against: [packs.victim!.dir], importSources: false }));
      expect(e.code).toBe('INTEGRITY');
      expect(e.details).toMatchObject({ reason: 'victim-pack' });
      expect(e.message).toContain('no trace data');
    } finally {
      await ours.close();
    }
  });
});
