// Helpers for the TLP tests of evidence packs: a copy of the small case whose cash-out tag "Binance 14"
// is marked `amber`, and the text of each page of a PDF (pdfinfo for the count, pdftotext -f N -l N).

import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/stores.js';
import { SMALL_CASE } from './pack-helpers.js';

/** A copy of the small case with the tag of its cash-out point Binance 14 marked `amber`; its case.yaml. */
export function amberSmallCase(): string {
  const dir = join(tempDir('lh-tlp-case-'), 'case');
  cpSync(join(SMALL_CASE, '..'), dir, { recursive: true });
  const tags = readFileSync(join(dir, 'tags.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const t = JSON.parse(line);
      return JSON.stringify(t.label === 'Binance 14' ? { ...t, tlp: 'amber' } : t);
    });
  writeFileSync(join(dir, 'tags.jsonl'), `${tags.join('\n')}\n`);
  return join(dir, 'case.yaml');
}

/** The text of every page of a PDF, one entry per page. */
export function pdfPages(file: string): string[] {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  return Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }));
}
