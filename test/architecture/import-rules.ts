// The layer rule of the project (docs/architecture.md): dependencies point one way,
//   cli, web -> app -> adapters, graph -> src
// and nothing else: `src/` imports only itself; `adapters/` and `graph/` import `src/` (never each
// other); `app/` imports adapters, graph and src; `cli/` and `web/` import app and src (the domain types)
// and never adapters or graph directly (the CLI may also start the web server: `serve`); one CLI command
// never imports another; and no module takes part
// in an import circle. Imports are read with the TypeScript compiler's own pre-processor
// (`ts.preProcessFile`), type-only imports included: a type is a dependency too.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export const LAYERS = ['src', 'adapters', 'graph', 'app', 'cli', 'web'] as const;
export type Layer = (typeof LAYERS)[number];

/** Which layers each layer may import (besides itself). */
export const ALLOWED: Record<Layer, readonly Layer[]> = {
  src: [],
  adapters: ['src'],
  graph: ['src'],
  app: ['adapters', 'graph', 'src'],
  // `ledgerhound serve` starts the web workspace: the CLI may start a web server, never the reverse.
  cli: ['app', 'src', 'web'],
  web: ['app', 'src'],
};

export interface ImportViolation {
  kind: 'direction' | 'command-to-command' | 'circle';
  /** Importing file (relative to the root, forward slashes). */
  file: string;
  /** Imported file, or for a circle the files of the circle in order. */
  target: string;
  message: string;
}

function layerOf(rel: string): Layer | undefined {
  const top = rel.split('/')[0];
  return (LAYERS as readonly string[]).includes(top) ? (top as Layer) : undefined;
}

function listSources(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const layer of LAYERS) {
    try {
      if (statSync(join(root, layer)).isDirectory()) walk(join(root, layer));
    } catch {
      // a layer that does not exist yet (web/) has nothing to check
    }
  }
  return out.sort();
}

/** The project file a relative import names (`./x.js` is written for `./x.ts`), or undefined for packages. */
function resolveImport(fromFile: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => known.has(c));
}

/** Every violation of the layer rule under `root` (the repository root). */
export function checkImports(root: string): ImportViolation[] {
  const files = listSources(root);
  const known = new Set(files);
  const rel = (f: string) => relative(root, f).split(sep).join('/');
  const graph = new Map<string, string[]>();
  const violations: ImportViolation[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName, known);
      if (!target) continue;
      targets.push(target);
      const from = layerOf(rel(file));
      const to = layerOf(rel(target));
      if (!from || !to) continue;
      if (from !== to && !ALLOWED[from].includes(to)) {
        violations.push({ kind: 'direction', file: rel(file), target: rel(target), message: `${from}/ must not import ${to}/ (allowed: ${[from, ...ALLOWED[from]].join(', ')})` });
      }
      const cmdDir = 'cli/commands/';
      if (rel(file).startsWith(cmdDir) && rel(target).startsWith(cmdDir)) {
        violations.push({ kind: 'command-to-command', file: rel(file), target: rel(target), message: 'a CLI command must not import another command: move the shared part to app/ or cli/' });
      }
    }
    graph.set(file, targets);
  }
  for (const circle of findCircles(graph)) {
    const names = circle.map(rel);
    violations.push({ kind: 'circle', file: names[0], target: names.join(' -> '), message: `import circle: ${names.join(' -> ')} -> ${names[0]}` });
  }
  return violations;
}

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
function findCircles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return circles;
}
