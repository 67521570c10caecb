// Victims' statements and audiences of evidence packs (issue 16) on the real sample case
// (samples/pig-butchering with its intake.csv, seizures.jsonl, returns.csv and prices.csv):
// - a court pack has one statement per victim person (Alice's two payments in one), with her name, her
//   payments, where the money went and her seizure shares (hand-computed below), in HTML and in the PDF
//   text (pdftotext); the statements are in the manifest and a changed byte fails verify;
//   and the account holder an exchange's return names (court only);
// - an exchange pack has no victim name, contact, victim-wallet label or account holder in any file (raw
//   bytes of every file, and pdftotext of every PDF), keeps the victim ids, and still verifies and re-traces;
// - a victim pack carries that victim's statement only, without anyone else's personal data, and verifies
//   (retrace: not applicable).

import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExchangeReturns } from '../../adapters/files/exchange-returns.js';
import { readIntakeCsv } from '../../adapters/files/intake-csv.js';
import { exportCase } from '../../app/export-case.js';
import type { WrittenPack } from '../../app/export-pack.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { verifyPack } from '../../app/verify-pack.js';
import type { AudienceChoice } from '../../src/evidence/pack-audience.js';
import type { GraphStore } from '../../src/ports.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

const SAMPLE = fileURLToPath(new URL('../../samples/pig-butchering/', import.meta.url));
const CASE = join(SAMPLE, 'case.yaml');

/** Every file of a directory, relative `/` paths. */
function filesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The personal data of the sample: names and contacts from intake.csv, labels and notes of the victim-wallet tags, account holders of returns.csv. */
async function personalStrings(): Promise<string[]> {
  const rows = await readIntakeCsv(join(SAMPLE, 'intake.csv'));
  const out = new Set<string>();
  for (const r of rows) {
    if (r.name) out.add(r.name);
    if (r.contact) out.add(r.contact);
  }
  for (const r of await readExchangeReturns(join(SAMPLE, 'returns.csv'))) {
    if (r.personal?.holder) out.add(r.personal.holder);
    if (r.personal?.account) out.add(r.personal.account);
  }
  for (const line of readFileSync(join(SAMPLE, 'case-notes-tags.csv'), 'utf8').split('\n')) {
    const cells = line.split(',');
    if (cells[3] === 'victim') {
      out.add(cells[2]); // "Victim Alice"
      out.add(cells[4]); // "... statement of Alice"
    }
  }
  return [...out];
}

describe('evidence packs of the sample case for each audience', () => {
  let store: GraphStore;
  const packs: Partial<Record<string, WrittenPack>> = {};

  async function write(audience: AudienceChoice): Promise<WrittenPack> {
    const loaded = await readCaseFile(CASE);
    return exportCase(store, loaded, {
      outDir: join(tempDir(`lh-aud-${audience.audience}-`), 'pack'),
      tool: { name: 'ledgerhound', version: 'test' },
      argv: ['ledgerhound', 'export', 'case.yaml', '--audience', audience.audience],
      audience,
      intakeFile: join(SAMPLE, 'intake.csv'),
      seizuresFile: join(SAMPLE, 'seizures.jsonl'),
      returnsFile: join(SAMPLE, 'returns.csv'),
      pricesFile: join(SAMPLE, 'prices.csv'),
    });
  }

  beforeAll(async () => {
    store = await sqliteFactory.create();
    packs.court = await write({ audience: 'court' });
    packs.exchange = await write({ audience: 'exchange' });
    packs.victim = await write({ audience: 'victim', victim: 'alice' });
  }, 600_000);
  afterAll(async () => {
    await store?.close();
  });

  it('court: one statement per victim person, listed in the manifest with its hash', () => {
    const pack = packs.court!;
    expect(pack.manifest.audience).toBe('court');
    const statements = pack.manifest.files.map((f) => f.path).filter((p) => p.startsWith('victims/'));
    // Six payments, five people: alice-1 and alice-2 are Alice's.
    expect(statements).toEqual(['alice', 'bob', 'chen', 'dana', 'erik'].flatMap((v) => [`victims/${v}.html`, `victims/${v}.pdf`]));
  });

  it("court: Alice's statement (HTML and PDF text) has her name, both payments, the cash-out points and her seizure shares", () => {
    const dir = packs.court!.dir;
    const html = readFileSync(join(dir, 'victims', 'alice.html'), 'utf8');
    const pdf = pdfText(join(dir, 'victims', 'alice.pdf'));
    for (const text of [html, pdf.replace(/\s+/g, ' ')]) {
      expect(text).toContain('Alice Example (fictional)');
      expect(text).toContain('complaint ref. LF-2024-0117');
      expect(text).toContain('alice-1');
      expect(text).toContain('alice-2');
      expect(text).not.toContain('bob-1');
      expect(text).not.toContain('Bob Example');
      // 50,000 + 20,000 USDT, valued at 1 USD each by the stablecoin rule.
      expect(text).toContain('70,000 USDT on ethereum');
      expect(text).toContain('70000.00 USD');
      // alice-1's 50,000 USDT reached Bitfinex; alice-2's 20,000 went 12,000 to OKX, 4,000 to the OTC desk, 4,000 swapped to ETH.
      expect(text).toContain('bitfinex ETH/ERC20 hot wallet');
      expect(text).toContain('12,000 USDT');
      // OKX freeze S-2026-001 (30,000 USDT): traced 12,000 USDT (alice-2); pari passu by USD loss
      // 30,000 x 50,000 / 261,418.51 = 5,737.925749... -> 5,737.92575 and 30,000 x 20,000 / 261,418.51 =
      // 2,295.170299... -> 2,295.1703 (largest remainder per payment), together 8,033.09605 USDT.
      expect(text).toContain('S-2026-001');
      expect(text).toContain('8,033.09605 USDT');
      // OKX's answer froze the same 30,000 USDT at that address: the court statement names the account holder.
      expect(text).toContain('OKX-LEA-2026-0457');
      expect(text).toContain('account holder (KYC): Wang Lei (fictional), UID 58120093 (fictional)');
    }
  }, 60_000);

  it('court: the pack verifies and re-traces; a changed byte of a statement fails naming it', async () => {
    const dir = packs.court!.dir;
    const ok = await verifyPack(dir, { retrace: true });
    expect(ok.problems).toEqual([]);
    expect(ok.retrace?.sameResult).toBe(true);
    const copy = join(tempDir('lh-aud-tamper-'), 'pack');
    cpSync(dir, copy, { recursive: true });
    const file = join(copy, 'victims', 'alice.pdf');
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] ^= 1;
    writeFileSync(file, bytes);
    const bad = await verifyPack(copy);
    expect(bad.ok).toBe(false);
    expect(bad.problems).toEqual([expect.objectContaining({ path: 'victims/alice.pdf', kind: 'changed' })]);
  }, 600_000);

  it('exchange: no victim name, contact or victim-wallet label in any file (PDF text included); victim ids kept', async () => {
    const pack = packs.exchange!;
    const personal = await personalStrings();
    expect(personal.length).toBeGreaterThanOrEqual(16);
    const files = filesOf(pack.dir);
    expect(files.some((f) => f.startsWith('victims/'))).toBe(false);
    const pdfs = files.filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toContain('report.pdf');
    for (const f of files) {
      const text = readFileSync(join(pack.dir, f), 'utf8');
      for (const p of personal) expect(text.includes(p), `${p} in ${f}`).toBe(false);
    }
    for (const f of pdfs) {
      const text = pdfText(join(pack.dir, f));
      for (const p of personal) expect(text.includes(p), `${p} in the text of ${f}`).toBe(false);
      // Names are also looked for with the PDF's line breaks taken out.
      const flat = text.replace(/\s+/g, ' ');
      for (const p of personal) expect(flat.includes(p), `${p} in the text of ${f}`).toBe(false);
    }
    expect(readFileSync(join(pack.dir, 'trace.json'), 'utf8')).toContain('"alice-1"');
    expect(pack.manifest.audience).toBe('exchange');
    // The five victim-wallet tags of case-notes-tags.csv are withheld.
    expect(pack.manifest.personalDataWithheld).toEqual({ tags: 5 });
    expect(pack.manifest.case.sources).toEqual([]);
    expect(files).toContain('freeze-requests/okx-erc20-reserves.md');
  }, 120_000);

  it('exchange: verify --retrace gives the same figures and store content from the pack alone', async () => {
    const report = await verifyPack(packs.exchange!.dir, { retrace: true });
    expect(report.problems).toEqual([]);
    expect(report.retrace).toMatchObject({ sameResult: true, sameStoreContent: true });
    expect(report.audience).toBe('exchange');
  }, 600_000);

  it("victim: only Alice's statement, no other victim's name; verifies, retrace not applicable", async () => {
    const pack = packs.victim!;
    expect(filesOf(pack.dir)).toEqual(['manifest.json', 'victims/alice.html', 'victims/alice.pdf']);
    expect(pack.manifest).toMatchObject({ audience: 'victim', victim: 'alice' });
    const alice = (await readIntakeCsv(join(SAMPLE, 'intake.csv'))).filter((r) => r.victim === 'alice').flatMap((r) => [r.name, r.contact]);
    const others = (await personalStrings()).filter((p) => !alice.includes(p) && !/Alice/.test(p));
    expect(others).toContain('Wang Lei (fictional)');
    for (const text of [readFileSync(join(pack.dir, 'victims', 'alice.html'), 'utf8'), pdfText(join(pack.dir, 'victims', 'alice.pdf'))]) {
      expect(text).toContain('Alice Example (fictional)');
      expect(text).toContain('OKX-LEA-2026-0457');
      for (const p of others) expect(text.includes(p), p).toBe(false);
    }
    const report = await verifyPack(pack.dir, { retrace: true });
    expect(report.ok).toBe(true);
    expect(report.retrace).toBeUndefined();
    expect(report.retraceSkipped).toMatch(/victim pack/);
  }, 120_000);

  it('victim: an unknown victim id is NOT_FOUND, naming the victims there are, and writes nothing', async () => {
    const out = join(tempDir('lh-aud-none-'), 'pack');
    const loaded = await readCaseFile(CASE);
    await expect(exportCase(store, loaded, { outDir: out, tool: { name: 'ledgerhound', version: 'test' }, argv: [], audience: { audience: 'victim', victim: 'zoe' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { field: '--victim', value: 'zoe' },
    });
    expect(readdirSync(join(out, '..'))).toEqual([]);
  }, 120_000);
});
