// Refuses files that are not text before any of their records is read: an import file is UTF-8 text
// (FORMATS.md), so a NUL byte or bytes that are not UTF-8 near the start mean a binary file (a database,
// an archive, a UTF-16 export) given by mistake. Such a file is refused as a whole instead of being
// reported line by line as thousands of invalid records.

import { open, stat } from 'node:fs/promises';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';

/** How much of the start of a file is checked. */
const PROBE_BYTES = 64 * 1024;

/**
 * Checks that each file exists and is a regular file (a missing file: NOT_FOUND; a directory:
 * INVALID_INPUT), all of them before anything is read, so that a list of files fails before any is imported.
 */
export async function requireFiles(files: string[]): Promise<void> {
  for (const file of files) {
    let isFile: boolean;
    try {
      isFile = (await stat(file)).isFile();
    } catch {
      throw new LedgerhoundError('NOT_FOUND', `${file}: no such file`, { file });
    }
    if (!isFile) throw invalidInput('is a directory or special file, not a data file', { file });
  }
}

/** Throws INVALID_INPUT naming the file when its first bytes hold a NUL byte or are not UTF-8. */
export async function requireTextFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(PROBE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw invalidInput(`binary file (NUL byte at offset ${nul}), not UTF-8 text: nothing imported`, { file }, { offset: nul });
  try {
    // stream: a multi-byte character cut at the probe's end is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    throw invalidInput('binary file (bytes that are not UTF-8), not UTF-8 text: nothing imported', { file });
  }
}

/** `requireFiles` then `requireTextFile` for every file: a list of import files checked before any is read. */
export async function requireTextFiles(files: string[]): Promise<void> {
  await requireFiles(files);
  for (const file of files) await requireTextFile(file);
}
