// WOFF 1.0 (W3C Recommendation, 13 December 2012, "WOFF File Format 1.0") back to the sfnt (TrueType or
// OpenType) font it wraps: each table inflated once with zlib and laid out as the OpenType spec's table
// directory says (offset table, table records sorted by tag, tables 4-byte aligned, the original
// checksums). fontkit reads WOFF itself but inflates a table every time it reads from it: the glyf table
// once per glyph's metrics or outline (0.5-0.6 s of a 10^5 export's PDFs). Hand-written (about
// forty lines over node:zlib) rather than a new dependency: fontkit, which the report already uses,
// reads WOFF but does not write sfnt.

import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_RECORD = 16;

const pad4 = (n: number) => (n + 3) & ~3;

/** Whether the bytes are a WOFF 1.0 file. */
export function isWoff(bytes: Uint8Array): boolean {
  return bytes.length >= WOFF_HEADER && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(0) === WOFF_SIGNATURE;
}

/** The sfnt font inside a WOFF 1.0 file; `name` names the file in errors. */
export function woffToSfnt(bytes: Uint8Array, name: string): Buffer {
  const woff = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isWoff(woff)) throw new Error(`${name}: not a WOFF 1.0 file`);
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  if (WOFF_HEADER + numTables * WOFF_ENTRY > woff.length) throw new Error(`${name}: WOFF table directory runs past the end of the file`);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    const tag = woff.readUInt32BE(at);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    if (offset + compLength > woff.length) throw new Error(`${name}: WOFF table ${i} runs past the end of the file`);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error(`${name}: WOFF table ${i} inflates to ${data.length} bytes, not ${origLength}`);
    tables.push({ tag, checksum: woff.readUInt32BE(at + 16), data });
  }
  tables.sort((a, b) => a.tag - b.tag);
  let size = SFNT_HEADER + numTables * SFNT_RECORD;
  for (const t of tables) size += pad4(t.data.length);
  const sfnt = Buffer.alloc(size);
  const entrySelector = numTables > 0 ? Math.floor(Math.log2(numTables)) : 0;
  const searchRange = 2 ** entrySelector * 16;
  sfnt.writeUInt32BE(flavor, 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(searchRange, 6);
  sfnt.writeUInt16BE(entrySelector, 8);
  sfnt.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = SFNT_HEADER + numTables * SFNT_RECORD;
  tables.forEach((t, i) => {
    const record = SFNT_HEADER + i * SFNT_RECORD;
    sfnt.writeUInt32BE(t.tag, record);
    sfnt.writeUInt32BE(t.checksum, record + 4);
    sfnt.writeUInt32BE(offset, record + 8);
    sfnt.writeUInt32BE(t.data.length, record + 12);
    t.data.copy(sfnt, offset);
    offset += pad4(t.data.length);
  });
  return sfnt;
}
