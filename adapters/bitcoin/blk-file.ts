// Bitcoin Core's block files (`blocks/blk*.dat`): records of network magic (4 bytes), block size
// (4 bytes, little-endian) and the raw block. Files are preallocated, so a run of zero bytes ends the
// data; blocks are stored in arrival order, not height order, and include stale (orphaned) blocks:
// chain-order.ts picks the best chain. `.bz2` files are decompressed (seek-bzip) for convenience.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error seek-bzip ships no types
import Bunzip from 'seek-bzip';
import { invalidInput } from '../../src/errors.js';

/** Network magic per chain (little-endian byte order as stored in the file). */
export const NETWORK_MAGIC: Record<string, string> = {
  bitcoin: 'f9beb4d9',
  'bitcoin-testnet': '0b110907',
  'bitcoin-regtest': 'fabfb5da',
};

/** One raw block found in a block file. */
export interface BlkRecord {
  file: string;
  /** Byte offset of the block (after magic and size). */
  offset: number;
  bytes: Uint8Array;
}

/** Reads the records of one block file's contents. INVALID_INPUT naming the file and offset on damage. */
export function* readBlkRecords(data: Uint8Array, chain: string, file = 'blk file'): Generator<BlkRecord> {
  const magic = Buffer.from(NETWORK_MAGIC[chain] ?? '', 'hex');
  if (magic.length !== 4) throw invalidInput(`no block-file magic known for chain ${chain}`, { file }, { chain });
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  while (pos + 8 <= buf.length) {
    if (buf.readUInt32LE(pos) === 0) break;
    if (!buf.subarray(pos, pos + 4).equals(magic)) {
      throw invalidInput(`bad magic ${buf.subarray(pos, pos + 4).toString('hex')} at byte ${pos} (expected ${magic.toString('hex')} for ${chain})`, { file }, { offset: pos });
    }
    const size = buf.readUInt32LE(pos + 4);
    const start = pos + 8;
    if (size < 80 || start + size > buf.length) {
      throw invalidInput(`block at byte ${pos} claims ${size} bytes, ${buf.length - start} left (truncated file)`, { file }, { offset: pos, size });
    }
    yield { file, offset: start, bytes: buf.subarray(start, start + size) };
    pos = start + size;
  }
}

/** Reads a file, decompressing `.bz2`. */
export function readMaybeCompressed(path: string): Uint8Array {
  const data = readFileSync(path);
  if (path.endsWith('.bz2')) return Bunzip.decode(data) as Uint8Array;
  return data;
}

/** The block files of a directory (`blk*.dat`, also `.dat.bz2`), in file-number order; or the file itself. */
export function listBlkFiles(dirOrFile: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dirOrFile);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return [dirOrFile];
    throw invalidInput(`cannot read block directory: ${(e as Error).message}`, { file: dirOrFile });
  }
  const files = names.filter((n) => /^blk\d+\.dat(\.bz2)?$/.test(n) || /\.dat\.bz2$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (files.length === 0) throw invalidInput('no blk*.dat files in directory', { file: dirOrFile });
  return files.map((n) => join(dirOrFile, n));
}
