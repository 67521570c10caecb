// The sample pig-butchering case (samples/pig-butchering): every data file passes the model parsers,
// the case file validates, the committed files are exactly what the generator writes, the exchange
// tags are the GraphSense TagPack entries they cite, and the data has the shape the README's
// hand-computed figures rely on (no account goes below zero except the exchanges' withdrawals).

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { type AccountTransfer, compareTransfers, parseTransfer } from '../../src/model/transfer.js';
import { parseCase } from '../../src/model/case.js';
import { parseTag, type Tag } from '../../src/model/tag.js';
import { parseUtxoTransaction, type UtxoTransaction, utxoFee } from '../../src/model/utxo.js';
import { writeSample } from '../../samples/pig-butchering/generate.js';

const DIR = join(import.meta.dirname, '../../samples/pig-butchering');
const PACKS_DIR = '/work/shared/data/graphsense-tagpacks/packs';
const DATA_FILES = ['transfers.jsonl', 'transactions.jsonl', 'tags.jsonl', 'case-notes-tags.csv', 'case.yaml'];

function jsonLines(file: string): { value: unknown; line: number }[] {
  return readFileSync(join(DIR, file), 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter((l) => l.text.trim() !== '')
    .map((l) => ({ value: JSON.parse(l.text) as unknown, line: l.line }));
}

function loadTransfers(): AccountTransfer[] {
  return jsonLines('transfers.jsonl').map((r) => parseTransfer(r.value, { file: 'transfers.jsonl', line: r.line }));
}

function loadTransactions(): UtxoTransaction[] {
  return jsonLines('transactions.jsonl').map((r) => parseUtxoTransaction(r.value, { file: 'transactions.jsonl', line: r.line }));
}

function loadTags(): Tag[] {
  const jsonl = jsonLines('tags.jsonl').map((r) => parseTag(r.value, { file: 'tags.jsonl', line: r.line }));
  const rows = parseCsv(readFileSync(join(DIR, 'case-notes-tags.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const csv = rows.map((row, i) => parseTag(row, { file: 'case-notes-tags.csv', line: i + 2 }));
  return [...jsonl, ...csv];
}

describe('sample pig-butchering case: data files', () => {
  it('every transfer, transaction and tag passes the model parsers', () => {
    const transfers = loadTransfers();
    const transactions = loadTransactions();
    const tags = loadTags();
    expect(transfers).toHaveLength(43);
    expect(transactions).toHaveLength(6);
    expect(tags).toHaveLength(18 + 22);
    expect(new Set(transfers.map((t) => `${t.chain}/${t.id}`)).size).toBe(transfers.length);
    expect(new Set(transactions.map((t) => t.txid)).size).toBe(transactions.length);
    for (const tx of transactions) expect(utxoFee(tx)).toBeGreaterThanOrEqual(0n);
  });

  it('the case file validates (parseCase on the YAML, and the case loader)', async () => {
    const raw = parseYaml(readFileSync(join(DIR, 'case.yaml'), 'utf8')) as unknown;
    const kase = parseCase(raw, { file: 'case.yaml' });
    expect(kase.policy).toBe('fifo');
    expect(kase.victimPayments.map((v) => v.id)).toEqual(['alice-1', 'bob-1', 'alice-2', 'chen-1', 'dana-1', 'erik-1']);
    const loaded = await loadCaseFile(join(DIR, 'case.yaml'));
    expect(loaded.kase).toEqual(kase);
    for (const path of loaded.sourcePaths) expect(existsSync(path)).toBe(true);
  });

  it('every victim payment names a transfer or an output that is in the data, from the victim', () => {
    const kase = parseCase(parseYaml(readFileSync(join(DIR, 'case.yaml'), 'utf8')));
    const transfers = new Map(loadTransfers().map((t) => [`${t.chain}/${t.id}`, t]));
    const transactions = new Map(loadTransactions().map((t) => [t.txid, t]));
    const victims = new Set(loadTags().filter((t) => t.category === 'victim').map((t) => `${t.chain}/${t.address}`));
    const amounts: Record<string, bigint> = {};
    for (const v of kase.victimPayments) {
      if (v.transfer) {
        const t = transfers.get(`${v.chain}/${v.transfer}`);
        expect(t, v.id).toBeDefined();
        expect(victims.has(`${t!.chain}/${t!.from}`)).toBe(true);
        amounts[v.id] = t!.amount;
      } else {
        const [txid, vout] = v.output!.split(':');
        const tx = transactions.get(txid);
        expect(tx, v.id).toBeDefined();
        expect(tx!.inputs.every((i) => victims.has(`bitcoin/${i.address}`))).toBe(true);
        amounts[v.id] = tx!.outputs[Number(vout)].value;
      }
    }
    // The figures the README's hand computation starts from.
    expect(amounts).toEqual({
      'alice-1': 50_000_000_000n,
      'bob-1': 30_000_000_000n,
      'alice-2': 20_000_000_000n,
      'chen-1': 36_000_000_000n,
      'dana-1': 24_000_000_000n,
      'erik-1': 150_000_000n,
    });
  });

  it('the committed files are exactly what the generator writes', () => {
    const out = mkdtempSync(join(tmpdir(), 'lh-sample-'));
    writeSample(out);
    for (const file of DATA_FILES) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(DIR, file), 'utf8'));
    }
  });

  it('exchange tags are entries of the GraphSense TagPack they cite, with its label', () => {
    const exchangeTags = loadTags().filter((t) => t.category === 'exchange');
    expect(exchangeTags.length).toBe(15);
    for (const tag of exchangeTags) {
      const pack = tag.source.split('/packs/')[1];
      const doc = parseYaml(readFileSync(join(PACKS_DIR, pack), 'utf8')) as { label?: string; tags: { address: string; label?: string }[] };
      const entries = doc.tags.filter((e) => e.address.toLowerCase() === tag.address.toLowerCase());
      expect(entries.length, `${tag.address} in ${pack}`).toBeGreaterThan(0);
      expect(entries.map((e) => e.label ?? doc.label)).toContain(tag.label);
    }
  });

  it('only exchange withdrawals overdraw an account: every other balance stays >= 0', () => {
    const tags = loadTags();
    const exchanges = new Set(tags.filter((t) => t.category === 'exchange').map((t) => `${t.chain}/${t.address}`));
    const balances = new Map<string, bigint>();
    const overdrawn = new Set<string>();
    for (const t of loadTransfers().sort((a, b) => a.chain.localeCompare(b.chain) || compareTransfers(a, b))) {
      const from = `${t.chain}/${t.asset}/${t.from}`;
      const left = (balances.get(from) ?? 0n) - t.amount;
      balances.set(from, left < 0n ? 0n : left);
      if (left < 0n) overdrawn.add(`${t.chain}/${t.from}`);
      if (t.to) balances.set(`${t.chain}/${t.asset}/${t.to}`, (balances.get(`${t.chain}/${t.asset}/${t.to}`) ?? 0n) + t.amount);
    }
    expect(overdrawn.size).toBe(7);
    for (const who of overdrawn) expect(exchanges.has(who), who).toBe(true);
  });

  it('the Ethereum batch transaction carries three transfers ordered by log index 9, 10, 11', () => {
    const batch = loadTransfers().filter((t) => t.extra?.method === 'disperseToken');
    expect(batch.map((t) => t.index)).toEqual([9, 10, 11]);
    expect(new Set(batch.map((t) => t.txHash)).size).toBe(1);
    // String order of the ids differs from chain order: a tracer must order by index, not by id.
    expect([...batch.map((t) => t.id)].sort()).not.toEqual(batch.map((t) => t.id));
  });
});
