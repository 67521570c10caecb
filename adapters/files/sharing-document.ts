// Recognises shared intelligence among the JSON files given to `import`: a STIX 2.1 bundle
// (`"type": "bundle"`) or a MISP event (`{"Event": ...}`), sniffed from the start of the file, and reads
// its addresses as tags (src/sharing/stix-import.ts, misp-import.ts). Other JSON files are left to the
// interchange readers.

import { open, readFile } from 'node:fs/promises';
import { invalidInput } from '../../src/errors.js';
import type { SharingImportResult } from '../../src/sharing/import-result.js';
import { importMispEvent, isMispEvent } from '../../src/sharing/misp-import.js';
import { importStixBundle, isStixBundle } from '../../src/sharing/stix-import.js';

const SNIFF_BYTES = 64 * 1024;

/** 'stix' or 'misp' when the start of the file looks like one; undefined otherwise. */
export async function sniffSharingFormat(file: string): Promise<'stix' | 'misp' | undefined> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    const head = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    if (!head.trimStart().startsWith('{')) return undefined;
    if (/^\s*\{\s*"Event"\s*:\s*\{/.test(head)) return 'misp';
    if (/"type"\s*:\s*"bundle"/.test(head) && /"objects"\s*:\s*\[/.test(head)) return 'stix';
    return undefined;
  } finally {
    await handle.close();
  }
}

/** The tags of a STIX bundle or MISP event file; undefined when the file is neither. */
export async function readSharingDocument(file: string): Promise<SharingImportResult | undefined> {
  const format = await sniffSharingFormat(file);
  if (!format) return undefined;
  let value: unknown;
  try {
    value = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw invalidInput(`malformed JSON: ${(e as Error).message}`, { file });
  }
  if (format === 'stix' && isStixBundle(value)) return importStixBundle(value, { file });
  if (format === 'misp' && isMispEvent(value)) return importMispEvent(value, { file });
  return undefined;
}
