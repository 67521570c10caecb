// `npm run bench`: runs every bench/<area>.bench.ts module (each exports `run(): Promise<BenchRow[]>`)
// and prints one table. Figures are measurements, never assertions. BENCH_ONLY=import,trace picks modules.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './table.js';
import { printTable } from './table.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.env.BENCH_ONLY?.split(',');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || only.includes(f.replace('.bench.ts', '')))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run(): Promise<BenchRow[]> };
  try {
    rows.push(...(await mod.run()));
  } catch (e) {
    rows.push({ area: file.replace('.bench.ts', ''), case: 'FAILED', figure: (e as Error).message.slice(0, 80) });
  }
}
printTable(rows);
