// Typed loader for the clustering fixture tables (test/fixtures/clustering/*.json).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../fixtures/clustering/', import.meta.url));

/** Reads `test/fixtures/clustering/<name>.json` as `T`. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as T;
}
