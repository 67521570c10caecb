// Reads the trace an evidence pack records back into a TraceRun: the result from trace.json and the
// flows from flows.csv (columns as src/evidence/tables-csv.ts FLOW_COLUMNS). Only files the manifest
// lists are read; the caller verifies the pack first. Used to compare a partner's case with ours.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import type { Manifest } from '../../src/evidence/manifest.js';
import type { TraceFlow, TraceResult, TraceRun } from '../../src/model/trace-result.js';

type FlowRow = Record<string, string>;

function flowOf(row: FlowRow): TraceFlow {
  const f: TraceFlow = {
    chain: row.chain,
    asset: row.asset,
    ref: row.ref,
    txHash: row.txHash,
    block: Number(row.block),
    from: row.from,
    to: row.to === '' ? null : row.to,
    hop: Number(row.hop),
    amount: row.amount,
    bySource: row.bySource ? (JSON.parse(row.bySource) as Record<string, string>) : {},
  };
  if (row.time) f.time = row.time;
  if (row.outcome) f.outcome = row.outcome as NonNullable<TraceFlow['outcome']>;
  if (row.parents) f.parents = row.parents.split(' ');
  if (row.source) f.source = row.source;
  return f;
}

/** The pack's recorded trace (trace.json and flows.csv). */
export async function readPackRun(dir: string, manifest: Manifest): Promise<TraceRun> {
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const name of ['trace.json', 'flows.csv']) {
    if (!listed.has(name)) throw new LedgerhoundError('INTEGRITY', `the pack ${dir} has no ${name} in its manifest`, { files: [name] });
  }
  const file = join(dir, 'trace.json');
  let result: TraceResult;
  try {
    result = JSON.parse(await readFile(file, 'utf8')) as TraceResult;
  } catch (e) {
    throw invalidInput(`malformed JSON: ${(e as Error).message}`, { file });
  }
  const rows = parseCsv(await readFile(join(dir, 'flows.csv')), { columns: true, skip_empty_lines: true }) as FlowRow[];
  return { result, flows: rows.map(flowOf) };
}
