// Analysts' notes in evidence packs (issue 14): a court pack carries notes.jsonl with the notes on the
// addresses its trace used (not notes elsewhere in the store), byte for byte as stored, listed and hashed
// in the manifest, and the pack still verifies; a pack of a store without such notes has no notes.jsonl,
// and an exchange pack (no personal data) leaves notes out.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { writeEvidencePack } from '../../app/export-pack.js';
import { verifyPack } from '../../app/verify-pack.js';
import { tempDir } from '../support/stores.js';
import { sha256Hex } from '../../src/evidence/manifest.js';
import { createNote, noteToJson } from '../../src/model/note.js';
import { evmAddress } from '../support/addresses.js';
import { SMALL_CASE, smallCaseRun, smallCaseStore, writeSmallPack } from './pack-helpers.js';

describe('evidence packs carry analysts notes', () => {
  it("writes notes.jsonl with the notes on the trace's addresses, listed in the manifest; the pack verifies", async () => {
    const run = smallCaseRun();
    const cashOut = run.result.endpoints[0];
    const store = await smallCaseStore();
    try {
      const onCashOut = createNote({ chain: cashOut.chain, address: cashOut.address, text: 'Deposit address confirmed by the exchange\n<b>ticket</b> 4711', author: 'ana', time: '2024-05-01T08:00:00Z' });
      const later = createNote({ chain: cashOut.chain, address: cashOut.address, text: 'Freeze requested', author: 'bo', time: '2024-05-02T08:00:00Z' });
      const elsewhere = createNote({ chain: 'ethereum', address: evmAddress('not-in-the-trace'), text: 'unrelated', author: 'ana', time: '2024-05-01T08:00:00Z' });
      for (const n of [later, elsewhere, onCashOut]) await store.addNote(n);
      const pack = await writeSmallPack({ store });
      const bytes = readFileSync(join(pack.dir, 'notes.jsonl'));
      expect(bytes.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([noteToJson(onCashOut), noteToJson(later)]);
      expect(pack.manifest.files.find((f) => f.path === 'notes.jsonl')).toEqual({ path: 'notes.jsonl', sha256: sha256Hex(bytes), bytes: bytes.length });
      expect((await verifyPack(pack.dir)).ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('writes no notes.jsonl when no note is on the trace', async () => {
    const pack = await writeSmallPack();
    expect(pack.manifest.files.some((f) => f.path === 'notes.jsonl')).toBe(false);
  }, 120_000);

  it('leaves notes out of an exchange pack (free text may name people)', async () => {
    const run = smallCaseRun();
    const cashOut = run.result.endpoints[0];
    const store = await smallCaseStore();
    try {
      await store.addNote(createNote({ chain: cashOut.chain, address: cashOut.address, text: 'Owner: J. Doe, born 1970', author: 'ana', time: '2024-05-01T08:00:00Z' }));
      const loaded = await loadCaseFile(SMALL_CASE);
      const pack = await writeEvidencePack({
        store,
        loaded,
        kase: loaded.kase,
        run,
        outDir: join(tempDir('lh-pack-'), 'pack'),
        tool: { name: 'ledgerhound', version: '0.1.0-test' },
        argv: ['export', SMALL_CASE, '--audience', 'exchange'],
        audience: { audience: 'exchange' },
      });
      expect(pack.manifest.files.some((f) => f.path === 'notes.jsonl')).toBe(false);
    } finally {
      await store.close();
    }
  }, 120_000);
});
