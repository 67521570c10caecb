// transactions.csv lists every stored record the trace touched (tables-csv.ts). app/touched-records.ts
// reads the touched transfers of a chain by one paged scan of the chain when the chain is at most 4x
// their number, else one by one: both ways must give the same file, equal to reading each record by
// itself. The export reads them on its pack thread, from the store's file (app/pack-thread.ts); the same
// read on this thread, through a store that records its scans, shows which way each chain was read.

import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../adapters/files/import-files.js';
import { exportCase } from '../../app/export-case.js';
import { readTouchedRecords, touchedRefsOf } from '../../app/touched-records.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { renderTransactionsCsv, type TouchedRecords } from '../../src/evidence/tables-csv.js';
import { tronHexToBase58 } from '../../src/model/address.js';
import { isUtxoChain } from '../../src/model/chain.js';
import type { TraceFlow, TraceResult } from '../../src/model/trace-result.js';
import type { ChainQuery, GraphStore } from '../../src/ports.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

const SAMPLE = fileURLToPath(new URL('../../samples/pig-butchering/', import.meta.url));

/** The store with its scans of one chain's transfers recorded once `on()` is called (the store itself is real). */
function recordingScans(store: GraphStore): { store: GraphStore; scanned: Set<string>; on(): void } {
  const scanned = new Set<string>();
  let recording = false;
  const proxy = new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (name === 'transfers') {
        return (query?: ChainQuery) => {
          if (recording && query?.chain !== undefined) scanned.add(query.chain);
          return target.transfers(query);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: proxy,
    scanned,
    on: () => {
      recording = true;
    },
  };
}

/** `n` TRON USDT transfers between addresses of their own, after the case's blocks. */
function unrelatedTransfers(n: number): string {
  const lines: string[] = [];
  const address = (k: number) => tronHexToBase58(`41${createHash('sha256').update(`unrelated-${k}`).digest('hex').slice(0, 40)}`);
  for (let i = 0; i < n; i++) {
    const hash = createHash('sha256').update(`unrelated-tx-${i}`).digest('hex');
    lines.push(
      JSON.stringify({ id: `${hash}:0`, chain: 'tron', asset: 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', txHash: hash, block: 30_000_000 + i, txIndex: 0, index: 0, time: '2030-01-01T00:00:00Z', from: address(i), to: address(i + 1), amount: '1000' }),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function exportWith(extra: number): Promise<{ csv: string; expected: string; scanned: Set<string> }> {
  const dir = tempDir('lh-touched-');
  for (const f of readdirSync(SAMPLE)) if (/\.(jsonl|csv|yaml)$/.test(f)) copyFileSync(join(SAMPLE, f), join(dir, f));
  const loaded = await readCaseFile(join(dir, 'case.yaml'));
  const real = await sqliteFactory.create();
  try {
    await importFiles(real, loaded.sourcePaths);
    if (extra > 0) {
      writeFileSync(join(dir, 'other.jsonl'), unrelatedTransfers(extra));
      await importFiles(real, [join(dir, 'other.jsonl')]);
    }
    const out = join(tempDir('lh-touched-out-'), 'pack');
    await exportCase(real, loaded, { outDir: out, tool: { name: 'ledgerhound', version: 'test' }, argv: ['export'] });
    // What the file must hold: each touched record read by itself, in chain order.
    const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8')) as TraceResult;
    expect(trace.sources.length).toBeGreaterThan(0);
    const flows = readFileSync(join(out, 'flows.csv'), 'utf8').trim().split('\n').slice(1);
    const records: TouchedRecords = { transfers: [], transactions: [] };
    const seen = new Set<string>();
    const touched: Pick<TraceFlow, 'chain' | 'ref' | 'txHash'>[] = [];
    for (const line of flows) {
      const [, chain, , , ref, txHash] = line.split(',');
      touched.push({ chain, ref, txHash });
      const key = `${chain}/${isUtxoChain(chain) ? txHash : ref}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (isUtxoChain(chain)) records.transactions.push((await real.getTransaction(chain, txHash))!);
      else records.transfers.push((await real.getTransfer(chain, ref))!);
    }
    const order = (a: { chain: string; block: number; txIndex: number }, b: { chain: string; block: number; txIndex: number }) =>
      (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0) || a.block - b.block || a.txIndex - b.txIndex;
    records.transfers.sort((a, b) => order(a, b) || a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    records.transactions.sort((a, b) => order(a, b) || (a.txid < b.txid ? -1 : a.txid > b.txid ? 1 : 0));
    // The same read on this thread, its scans recorded.
    const { store, scanned, on } = recordingScans(real);
    on();
    const again = await readTouchedRecords(store, touchedRefsOf(touched as TraceFlow[]));
    expect([...renderTransactionsCsv(again)].join('')).toBe([...renderTransactionsCsv(records)].join(''));
    return { csv: readFileSync(join(out, 'transactions.csv'), 'utf8'), expected: [...renderTransactionsCsv(records)].join(''), scanned };
  } finally {
    await real.close();
  }
}

describe('transactions.csv of a pack', () => {
  it('reads the touched transfers by a chain scan in their own case store, with the same file as one read each', async () => {
    const { csv, expected, scanned } = await exportWith(0);
    expect(csv.split('\n').length).toBeGreaterThan(10);
    expect(csv).toBe(expected);
    // The sample's trace touches more than a quarter of each account chain's transfers: both are scanned.
    expect([...scanned].sort()).toEqual(['ethereum', 'tron']);
  }, 120_000);

  it('reads them one by one when the chain holds many more transfers, with the same file', async () => {
    const { csv, expected, scanned } = await exportWith(2_000);
    expect(csv).toBe(expected);
    // 2,000 more TRON transfers: tron's touched transfers are read one by one.
    expect([...scanned]).toEqual(['ethereum']);
  }, 120_000);
});
