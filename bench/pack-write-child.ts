// Bench baseline (child process) for the export: the least any exporter of the same evidence pack must
// do besides reading the store, i.e. write the pack's bytes, as they are, to new files and hash them
// (SHA-256, as the manifest needs). The files are read into memory before the clock starts; each text
// file is then written in 64 KiB chunks of text through app/hashed-file.ts, the export's own writer, and
// each binary one (the PDFs) written and hashed whole, as the export does. Prints PACK_WRITE_SECONDS,
// PACK_WRITE_CPU_SECONDS, BYTES and the peak RSS (read by measureChild).
// Usage: tsx bench/pack-write-child.ts <pack dir> <out dir>

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeChunks } from '../app/hashed-file.js';
import { reportPeakRss } from './table.js';

const CHUNK = 65_536;
const [pack, out] = process.argv.slice(2);
const files = readdirSync(pack, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath, e.name));
const contents = files.map((f) => {
  const bytes = readFileSync(f);
  const text = bytes.toString('utf8');
  return { path: relative(pack, f), content: Buffer.from(text).equals(bytes) ? text : bytes };
});
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let bytes = 0;
for (const { path, content } of contents) {
  const target = join(out, path);
  mkdirSync(dirname(target), { recursive: true });
  if (typeof content !== 'string') {
    createHash('sha256').update(content).digest('hex');
    writeFileSync(target, content);
    bytes += content.length;
    continue;
  }
  const chunks = function* () {
    for (let i = 0; i < content.length; i += CHUNK) yield content.slice(i, i + CHUNK);
  };
  bytes += (await writeChunks(target, chunks())).bytes;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(`PACK_WRITE_SECONDS=${seconds}`);
console.log(`PACK_WRITE_CPU_SECONDS=${(cpu.user + cpu.system) / 1e6}`);
console.log(`BYTES=${bytes}`);
reportPeakRss();
