// Loads the producer config of `share --producer FILE` (YAML or JSON; fields in src/sharing/producer.ts
// and docs/sharing.md): the agency identity that shared documents name as their creator.

import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { type Producer, parseProducer } from '../../src/sharing/producer.js';

export async function loadProducerConfig(file: string): Promise<Producer> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new LedgerhoundError('NOT_FOUND', `${file}: no such producer config`, { file });
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw invalidInput(`malformed YAML/JSON: ${(e as Error).message}`, { file });
  }
  return parseProducer(value, { file });
}
