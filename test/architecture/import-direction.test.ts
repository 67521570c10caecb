// The layer rule (test/architecture/import-rules.ts) holds on the repository, and the checker really
// catches a wrong import, a command importing a command, and a circle (on a small tree written here).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImports } from './import-rules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('import direction', () => {
  it('the repository has no import against the layer direction and no circle', () => {
    expect(checkImports(root)).toEqual([]);
  });

  const scratch = mkdtempSync(join(tmpdir(), 'lh-imports-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  };

  it('fails on a deliberately wrong import, a command importing a command, and a circle', () => {
    write('src/model.ts', "export const x = 1;\n");
    write('src/bad.ts', "import { open } from '../graph/store.js';\nexport const y = open;\n");
    write('graph/store.ts', "import { x } from '../src/model.js';\nexport const open = x;\n");
    write('cli/commands/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
    write('cli/commands/b.ts', "import { open } from '../../graph/store.js';\nexport const b = open;\n");
    write('adapters/p.ts', "import { q } from './q.js';\nexport const p = q;\n");
    write('adapters/q.ts', "import { p } from './p.js';\nexport const q = p;\n");
    const found = checkImports(scratch);
    expect(found.map((v) => `${v.kind} ${v.file} ${v.target}`).sort()).toEqual([
      'circle adapters/p.ts adapters/p.ts -> adapters/q.ts',
      'command-to-command cli/commands/a.ts cli/commands/b.ts',
      'direction cli/commands/b.ts graph/store.ts',
      'direction src/bad.ts graph/store.ts',
    ]);
  });
});
