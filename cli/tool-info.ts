// The tool's name and version, read from package.json wherever the CLI runs from (dist/ or sources).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ToolInfo {
  name: string;
  version: string;
  root: string;
}

let cached: ToolInfo | undefined;

export function toolInfo(): ToolInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ledgerhound') {
        cached = { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir };
        return cached;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of ledgerhound not found');
    dir = parent;
  }
}
