// Victim intake (issue 16): complaints (samples/pig-butchering/intake.csv) become a case file whose
// payments are the sample case's; a wrong amount, a wrong recipient, a wrong chain and an unknown
// transaction are each reported by row, and nothing is guessed.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readIntakeCsv } from '../../adapters/files/intake-csv.js';
import { caseFromIntake } from '../../app/case-intake.js';
import { withStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { tempDir } from '../support/stores.js';

const SAMPLE = join(import.meta.dirname, '../../samples/pig-butchering');
const INTAKE = join(SAMPLE, 'intake.csv');
let dir = '';

beforeAll(async () => {
  dir = tempDir();
  // The store the intake is resolved against: the sample's data imported.
  const loaded = await readCaseFile(join(SAMPLE, 'case.yaml'));
  await withStore({ store: join(dir, 'case.db'), cwd: dir }, (store) => traceLoadedCase(store, loaded, { flows: false }));
}, 120_000);

describe('case new --intake', () => {
  it("resolves every sample complaint to the sample case's victim payments", async () => {
    const result = await caseFromIntake({ intakeFile: INTAKE, out: join(dir, 'case.yaml'), store: { store: join(dir, 'case.db'), cwd: dir } });
    expect(result.mismatched).toBe(0);
    const built = parse(result.text);
    const sample = parse(readFileSync(join(SAMPLE, 'case.yaml'), 'utf8'));
    expect(built.victimPayments).toEqual(sample.victimPayments);
    // Names and contacts stay out of the case file.
    expect(result.text).not.toContain('Alice Example');
    expect(result.text).not.toContain('LF-2024');
  });

  it('reports a wrong amount, a wrong recipient, a wrong chain and an unknown transaction by row', async () => {
    const lines = readFileSync(INTAKE, 'utf8').trim().split('\n');
    const bad = [
      lines[0],
      lines[1].replace(',50000,USDT,', ',5000,USDT,'), // line 2: amount
      lines[2].replace('0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043', '0x0000000000000000000000000000000000000001'), // line 3: recipient
      lines[4].replace(',tron,', ',ethereum,'), // line 4: chain
      lines[6].replace('dbcbce23', '00000000'), // line 5: not in the store
      lines[3], // line 6: fine
    ].join('\n');
    const file = join(tempDir(), 'intake.csv');
    writeFileSync(file, `${bad}\n`);
    const result = await caseFromIntake({ intakeFile: file, out: join(dir, 'case2.yaml'), store: { store: join(dir, 'case.db'), cwd: dir } });
    const byLine = new Map(result.rows.map((r) => [r.line, r]));
    expect(byLine.get(2)).toMatchObject({ status: 'mismatch', field: 'amount', found: ['50000 USDT'] });
    expect(byLine.get(3)).toMatchObject({ status: 'mismatch', field: 'recipient', found: ['0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043'] });
    expect(byLine.get(4)).toMatchObject({ status: 'mismatch', field: 'chain', found: ['tron'] });
    expect(byLine.get(5)).toMatchObject({ status: 'mismatch', field: 'txHash' });
    expect(byLine.get(6)).toMatchObject({ status: 'resolved', chain: 'ethereum', ref: '0x4f903fe2ad02afc690960b8818151b2ce6e71df71e6c4d1f98573d5b78239ceb:66' });
    expect(parse(result.text).victimPayments).toEqual([{ id: 'alice-1', chain: 'ethereum', transfer: '0x4f903fe2ad02afc690960b8818151b2ce6e71df71e6c4d1f98573d5b78239ceb:66' }]);
  });

  it('compares any valid form of the recipient (upper-case bech32, lower-case hex); an invalid one is a recipient mismatch', async () => {
    const lines = readFileSync(INTAKE, 'utf8').trim().split('\n');
    const rows = [
      lines[0],
      lines[6].replace('bc1q3yve49tnn3jqjsrkdpvh4u3xjce9vauxrx5nrv', 'BC1Q3YVE49TNN3JQJSRKDPVH4U3XJCE9VAUXRX5NRV'),
      lines[1].replace('0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043', '0x19a7470f093ecd3edd8e9b84c803bfeca5b6d043'),
      lines[2].replace('0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043', '0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D04'),
    ].join('\n');
    const file = join(tempDir(), 'intake.csv');
    writeFileSync(file, `${rows}\n`);
    const result = await caseFromIntake({ intakeFile: file, out: join(dir, 'case3.yaml'), store: { store: join(dir, 'case.db'), cwd: dir } });
    expect(result.rows.map((r) => r.status)).toEqual(['resolved', 'resolved', 'mismatch']);
    expect(result.rows[2]).toMatchObject({ field: 'recipient', line: 4 });
  });

  it('refuses a malformed row naming file, line and field', async () => {
    const file = join(tempDir(), 'intake.csv');
    writeFileSync(file, `${readFileSync(INTAKE, 'utf8').split('\n')[0]}\nalice,,,,ethereum,0xabc,0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043,"50,000",USDT,,\n`);
    const e = await readIntakeCsv(file).catch((err: unknown) => err);
    expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
    expect((e as { details: object }).details).toMatchObject({ file, line: 2, field: 'amount' });
  });
});
