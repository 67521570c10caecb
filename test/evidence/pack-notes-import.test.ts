// Analysts' notes through a court pack and back (issue 14): the signed pack's report.html and report.pdf
// show the notes on the trace's addresses (author, time, text; markup in a note stays text), an exchange
// pack's reports do not; `import-pack` brings notes.jsonl into another store as written (same ids), a
// second import adds nothing, and a notes.jsonl whose note does not match its id is refused naming the line.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { writeEvidencePack } from '../../app/export-pack.js';
import { importPartnerPack } from '../../app/import-pack.js';
import { readPackNotes } from '../../app/pack-notes.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { generateSigningKeyPair, type Manifest, publicKeyFingerprint, sha256Hex } from '../../src/evidence/manifest.js';
import { createNote, type Note, noteToJson } from '../../src/model/note.js';
import { tempDir } from '../support/stores.js';
import { SMALL_CASE, smallCaseRun, smallCaseStore, writeSmallPack } from './pack-helpers.js';

const keys = generateSigningKeyPair();
const XSS = '<img src=x onerror=alert(1)>';
let notes: Note[];
let packDir: string;

describe("analysts' notes in court packs: reports and import-pack", () => {
  beforeAll(async () => {
    const cashOut = smallCaseRun().result.endpoints[0];
    notes = [
      createNote({ chain: cashOut.chain, address: cashOut.address, text: `Deposit address confirmed by the exchange\nticket ${XSS} 4711`, author: 'Ana Lind', time: '2024-05-01T08:00:00Z' }),
      createNote({ chain: cashOut.chain, address: cashOut.address, text: 'Freeze requested on 2 May', author: 'bo', time: '2024-05-02T09:30:00Z' }),
    ];
    const store = await smallCaseStore();
    try {
      for (const n of notes) await store.addNote(n);
      packDir = (await writeSmallPack({ store, signingKeyPem: keys.privateKeyPem })).dir;
    } finally {
      await store.close();
    }
  }, 180_000);

  it('report.html lists each note with author and time, its markup escaped', () => {
    const html = readFileSync(join(packDir, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="analyst-notes">');
    expect(html).toContain('Ana Lind');
    expect(html).toContain('2024-05-01T08:00:00.000Z');
    expect(html).toContain('Freeze requested on 2 May');
    expect(html).toContain('ticket &lt;img src=x onerror=alert(1)&gt; 4711');
    expect(html).not.toContain(XSS);
  });

  it('report.pdf shows the notes as text (pdftotext)', () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(packDir, 'report.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain("Analysts' notes");
    expect(text).toContain('Ana Lind, 2024-05-01T08:00:00.000Z');
    expect(text).toContain('Deposit address confirmed by the exchange');
    expect(text).toContain(XSS);
    expect(text).toContain('bo, 2024-05-02T09:30:00.000Z');
  });

  it('import-pack adds the notes as written, with the pack as source; importing again adds nothing', async () => {
    const store = openSqliteStore(join(tempDir('lh-notes-import-'), 'case.db'));
    try {
      const trust = { pem: keys.publicKeyPem, file: 'partner.pub' };
      const first = await importPartnerPack(store, packDir, { trust });
      expect(first.totals.notes).toBe(2);
      const cashOut = notes[0];
      expect((await store.notesOf(cashOut.chain, cashOut.address)).map(noteToJson)).toEqual(notes.map(noteToJson));
      expect(first.source.format).toBe(`evidence-pack;signer=${publicKeyFingerprint(keys.publicKeyPem)}`);
      const again = await importPartnerPack(store, packDir, { trust });
      expect(again.totals.notes).toBe(0);
      expect(again.totals.existing).toBeGreaterThanOrEqual(2);
      const all: Note[] = [];
      for await (const n of store.notes()) all.push(n);
      expect(all).toHaveLength(2);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses a notes.jsonl whose note was changed, naming file, line and field', async () => {
    const dir = tempDir('lh-notes-forged-');
    mkdirSync(dir, { recursive: true });
    const forged = { ...noteToJson(notes[1]), author: 'someone else' };
    const bytes = `${JSON.stringify(noteToJson(notes[0]))}\n${JSON.stringify(forged)}\n`;
    writeFileSync(join(dir, 'notes.jsonl'), bytes);
    const manifest = { files: [{ path: 'notes.jsonl', sha256: sha256Hex(bytes), bytes: bytes.length }] } as unknown as Manifest;
    const err = await readPackNotes(dir, manifest).catch((e: unknown) => e);
    expect(isLedgerhoundError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as Error).message).toMatch(/notes\.jsonl:2: id: /);
    // Bytes that differ from the manifest's digest: INTEGRITY.
    const other = { files: [{ path: 'notes.jsonl', sha256: sha256Hex('x'), bytes: 1 }] } as unknown as Manifest;
    const err2 = await readPackNotes(dir, other).catch((e: unknown) => e);
    expect(isLedgerhoundError(err2, 'INTEGRITY')).toBe(true);
  });

  it("leaves notes out of an exchange pack's reports", async () => {
    const run = smallCaseRun();
    const store = await smallCaseStore();
    try {
      for (const n of notes) await store.addNote(n);
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
      const html = readFileSync(join(pack.dir, 'report.html'), 'utf8');
      expect(html).not.toContain('analyst-notes');
      expect(html).not.toContain('Ana Lind');
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(pack.dir, 'report.pdf'), '-'], { encoding: 'utf8' });
      expect(text).not.toContain('Ana Lind');
    } finally {
      await store.close();
    }
  }, 120_000);
});
