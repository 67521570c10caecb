// Loads a case file (FORMATS.md: `case.yaml` or `case.json`), validates it with the case schema, and
// resolves its `sources` relative to the file; every source must exist (NOT_FOUND naming the case file
// and the source otherwise), so nothing is imported from a case with a missing file. A schema error
// names the file, the line of the offending node and its field path.

import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { invalidInput, isLedgerhoundError, LedgerhoundError } from '../../src/errors.js';
import { type CaseFile, parseCase } from '../../src/model/case.js';

export interface LoadedCase {
  /** Absolute path of the case file. */
  path: string;
  dir: string;
  kase: CaseFile;
  /** Absolute paths of the case's sources. */
  sourcePaths: string[];
  /** The file's bytes, for hashing and evidence packs. */
  bytes: Buffer;
}

export async function loadCaseFile(file: string): Promise<LoadedCase> {
  const path = resolve(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new LedgerhoundError('NOT_FOUND', `${file}: no such case file`, { file });
  }
  const text = bytes.toString('utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw invalidInput(`malformed ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${err.message}`, { file, line: lineCounter.linePos(err.pos[0]).line });
  }
  let kase: CaseFile;
  try {
    kase = parseCase(doc.toJS(), { file });
  } catch (e) {
    if (isLedgerhoundError(e, 'INVALID_INPUT') && Array.isArray(e.details.path)) {
      const line = lineOf(doc, lineCounter, e.details.path as (string | number)[]);
      throw invalidInput(String(e.details.reason), { file, line, field: e.details.field as string | undefined }, { path: e.details.path });
    }
    throw e;
  }
  const dir = dirname(path);
  const sourcePaths = kase.sources.map((s) => resolve(dir, s));
  // Every source must be there before anything is imported: a case half-imported is worse than none.
  for (const [i, source] of kase.sources.entries()) {
    const isFile = await stat(sourcePaths[i]).then(
      (st) => st.isFile(),
      () => undefined,
    );
    if (isFile === undefined) {
      throw new LedgerhoundError('NOT_FOUND', `${file}: sources[${i}]: no such file ${source} (looked for ${sourcePaths[i]})`, {
        file,
        field: `sources[${i}]`,
        source,
        path: sourcePaths[i],
      });
    }
    if (!isFile) throw invalidInput(`${source} is a directory, not a data file`, { file, field: `sources[${i}]` }, { source, path: sourcePaths[i] });
  }
  return { path, dir, kase, sourcePaths, bytes };
}

/** The line of the deepest existing node along `path`. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
