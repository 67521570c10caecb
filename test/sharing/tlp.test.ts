// TLP on tags (FORMATS.md v2 `tlp`): parsed and validated, stored and read back by every store (and by
// a store made before the field existed), ordered, and enforced by a share: a `red` tag is left out of
// an `amber` bundle and the command says so.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shareCase } from '../../app/share-case.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { parseTag, type Tag, TLP_LEVELS, type Tlp, tagToJson } from '../../src/model/tag.js';
import { mayShareUnder, parseTlpName, strictestTlp, tlpRank } from '../../src/sharing/tlp.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { storeFactories, tempDir } from '../support/stores.js';

const CASE = join(REPO_ROOT, 'samples/pig-butchering/case.yaml');
const L1 = '0x9D88c72c23627D88EE5772B325966DAf7b0985b6';
const base = { chain: 'ethereum', address: L1, label: 'L1 controller (informant)', category: 'scam', source: 'Partner agency', confidence: 95 };

describe('tag tlp field', () => {
  it.each([
    ['red', 'red'],
    ['amber+strict', 'amber+strict'],
    ['TLP:AMBER', 'amber'],
    ['white', 'clear'],
  ])('%s is read as %s and written back', (input, expected) => {
    const tag = parseTag({ ...base, tlp: input });
    expect(tag.tlp).toBe(expected);
    expect(tagToJson(tag).tlp).toBe(expected);
  });

  it('an unknown marking is INVALID_INPUT naming the field', () => {
    try {
      parseTag({ ...base, tlp: 'orange' }, { file: 'tags.jsonl', line: 3 });
      expect.unreachable();
    } catch (e) {
      expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
      expect((e as { details: Record<string, unknown> }).details).toMatchObject({ file: 'tags.jsonl', line: 3, field: 'tlp', value: 'orange' });
    }
  });

  it('order: data may go out under its own marking or a stricter one, never a less strict one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TLP_LEVELS), fc.constantFrom(...TLP_LEVELS), (data: Tlp, marking: Tlp) => {
        expect(mayShareUnder(data, marking)).toBe(tlpRank(data) <= tlpRank(marking));
        expect(strictestTlp([data, marking])).toBe(tlpRank(data) >= tlpRank(marking) ? data : marking);
      }),
    );
    expect(mayShareUnder(undefined, 'clear')).toBe(true);
    expect(parseTlpName('tlp:amber+strict')).toBe('amber+strict');
  });
});

describe.each(storeFactories())('$name store keeps a tag’s tlp', (factory) => {
  it('stored and read back; a tag without tlp stays without', async () => {
    const store = await factory.create();
    try {
      const red = parseTag({ ...base, tlp: 'red' });
      const plain = parseTag({ ...base, source: 'case notes' });
      await store.importBatch({ source: { name: 'tags.jsonl', sha256: 'a'.repeat(64), kind: 'file' }, tags: [red, plain] });
      const back = await store.tagsOf('ethereum', L1);
      expect(back.find((t) => t.source === 'Partner agency')?.tlp).toBe('red');
      expect(back.find((t) => t.source === 'case notes')).not.toHaveProperty('tlp');
    } finally {
      await store.close();
    }
  });
});

it('a SQLite store made before tags had tlp gets the column on open', async () => {
  const path = join(tempDir('lh-tlp-old-'), 'old.db');
  const db = new Database(path);
  db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('schema', '2');
    CREATE TABLE tags (chain TEXT NOT NULL, address TEXT NOT NULL, label TEXT NOT NULL, category TEXT NOT NULL, source TEXT NOT NULL,
      confidence INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '', inferred_from TEXT, extra TEXT, UNIQUE (chain, address, source, label, category, confidence, note));
    INSERT INTO tags (chain, address, label, category, source, confidence) VALUES ('ethereum', '${L1}', 'old', 'scam', 'old notes', 90);`);
  db.close();
  const store = openSqliteStore(path);
  try {
    await store.importBatch({ source: { name: 't', sha256: 'b'.repeat(64), kind: 'file' }, tags: [parseTag({ ...base, tlp: 'amber' })] });
    const tags = await store.tagsOf('ethereum', L1);
    expect(tags.map((t: Tag) => [t.label, t.tlp])).toEqual([
      ['L1 controller (informant)', 'amber'],
      ['old', undefined],
    ]);
  } finally {
    await store.close();
  }
});

describe('TLP enforced by share', () => {
  function redTagFile(): string {
    const file = join(tempDir('lh-tlp-'), 'partner-tags.jsonl');
    writeFileSync(file, `${JSON.stringify({ ...base, tlp: 'red' })}\n`);
    return file;
  }

  it('a case with a red tag shared as amber leaves that tag (and its wallet) out and says so; shared as red it goes in', async () => {
    const store = openSqliteStore(join(tempDir('lh-tlp-'), 'case.db'));
    try {
      const { importFile } = await import('../../adapters/files/import-files.js');
      await importFile(store, redTagFile());
      const amber = await shareCase(store, CASE, { format: 'stix', tlp: 'amber', now: '2026-01-15T10:00:00.000Z' });
      expect(amber.leftOut).toContainEqual(expect.objectContaining({ kind: 'tag', chain: 'ethereum', address: L1, label: base.label, tlp: 'red', reason: 'tlp' }));
      expect(amber.leftOut).toContainEqual(expect.objectContaining({ kind: 'wallet', address: L1, reason: 'tlp' }));
      expect(JSON.stringify(amber.document).toLowerCase()).not.toContain(L1.toLowerCase());
      const misp = await shareCase(store, CASE, { format: 'misp', tlp: 'amber', now: '2026-01-15T10:00:00.000Z', importSources: false });
      expect(JSON.stringify(misp.document).toLowerCase()).not.toContain(L1.toLowerCase());
      const red = await shareCase(store, CASE, { format: 'stix', tlp: 'red', now: '2026-01-15T10:00:00.000Z', importSources: false });
      expect(red.leftOut.filter((l) => l.reason === 'tlp')).toEqual([]);
      expect(JSON.stringify(red.document)).toContain(L1);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('CLI: `share stix --tlp amber` writes the bundle and lists the red tag it left out', () => {
    const dir = tempDir('lh-tlp-cli-');
    const storePath = join(dir, 'case.db');
    expect(runCli(['import', redTagFile(), '--store', storePath]).code).toBe(0);
    const out = join(dir, 'bundle.json');
    const res = runCli(['share', 'stix', CASE, '--out', out, '--store', storePath, '--quiet']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/under TLP:AMBER/);
    expect(res.stdout).toContain(`tag ethereum ${L1} "${base.label}": tlp (marked TLP:RED, stricter than TLP:AMBER)`);
    const json = runCli(['share', 'misp', CASE, '--out', join(dir, 'event.json'), '--store', storePath, '--json', '--no-import']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).leftOut).toContainEqual(expect.objectContaining({ kind: 'tag', address: L1, tlp: 'red' }));
  }, 180_000);

  it('CLI: an unknown --tlp is a usage error (exit 2)', () => {
    const res = runCli(['share', 'stix', CASE, '--tlp', 'orange', '--store', join(tempDir('lh-tlp-cli-'), 'x.db')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--tlp');
  });
});
