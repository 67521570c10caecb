// The sample pig-butchering case (samples/pig-butchering): every data file passes the model parsers,
// the case file validates, the committed files are exactly what the generator writes, the exchange
// tags are the GraphSense TagPack entries they cite, the conversions (a Uniswap V2 swap, an Allbridge
// Core bridge) match the transfers they name, and the data has the shape the README's hand-computed
// figures rely on (no account goes below zero except the exchanges' withdrawals and the venues' own
// reserves, with conversion refs kept off the venues' ledgers as TRACING.md v2 says).

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { checkConversionRefs, type Conversion, parseConversion } from '../../src/model/conversion.js';
import { type AccountTransfer, compareTransfers, parseTransfer } from '../../src/model/transfer.js';
import { parseCase } from '../../src/model/case.js';
import { parseTag, type Tag } from '../../src/model/tag.js';
import { parseUtxoTransaction, type UtxoTransaction, utxoFee } from '../../src/model/utxo.js';
import { writeSample } from '../../samples/pig-butchering/generate.js';

const DIR = join(import.meta.dirname, '../../samples/pig-butchering');
const PACKS_DIR = '/work/shared/data/graphsense-tagpacks/packs';
const DATA_FILES = ['transfers.jsonl', 'transactions.jsonl', 'conversions.jsonl', 'tags.jsonl', 'case-notes-tags.csv', 'case.yaml'];

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

function loadConversions(): Conversion[] {
  return jsonLines('conversions.jsonl').map((r) => parseConversion(r.value, { file: 'conversions.jsonl', line: r.line }));
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
    expect(transfers).toHaveLength(55);
    expect(transactions).toHaveLength(6);
    expect(tags).toHaveLength(18 + 23);
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

  it('conversions: the swap and the bridge parse, and their refs are transfers of the data with the legs\' payer, payee, asset and sums', async () => {
    const conversions = loadConversions();
    expect(conversions.map((c) => [c.kind, c.in.chain, c.out?.chain, c.confidence])).toEqual([
      ['swap', 'ethereum', 'ethereum', 100],
      ['bridge', 'tron', 'ethereum', 100],
    ]);
    const transfers = new Map(loadTransfers().map((t) => [`${t.chain}/${t.id}`, t]));
    const lookup = async (chain: string, ref: string) => transfers.get(`${chain}/${ref}`);
    for (const c of conversions) expect((await checkConversionRefs(c, lookup, { file: 'conversions.jsonl' })).missing, c.id).toEqual([]);
    // The rates the README's figures scale by: 3.988 ETH for 10,000 USDT; 9,997 USDT for 10,000.
    expect(conversions.map((c) => [c.in.amount, c.out!.amount])).toEqual([
      [10_000_000_000n, 3_988_000_000_000_000_000n],
      [10_000_000_000n, 9_997_000_000n],
    ]);
    // The swap's ETH payout is an internal call logged (index 0) before the USDT in-ref (log 180).
    const swap = conversions[0];
    expect(transfers.get(`ethereum/${swap.out!.refs[0]}`)!.index).toBeLessThan(transfers.get(`ethereum/${swap.in.refs[0]}`)!.index);
    // The bridge's Ethereum payout comes after the TRON payment.
    const bridge = conversions[1];
    expect(Date.parse(transfers.get(`ethereum/${bridge.out!.refs[0]}`)!.time!)).toBeGreaterThan(Date.parse(transfers.get(`tron/${bridge.in.refs[0]}`)!.time!));
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

  it('only exchange withdrawals and venue reserves overdraw an account: every other balance stays >= 0', () => {
    const tags = loadTags();
    const exchanges = new Set(tags.filter((t) => t.category === 'exchange').map((t) => `${t.chain}/${t.address}`));
    // Conversion refs are not part of the venue's ledger (TRACING.md v2): in-refs do not credit it, out-refs do not debit it.
    const conversions = loadConversions();
    const inRefs = new Set(conversions.flatMap((c) => c.in.refs.map((r) => `${c.in.chain}/${r}`)));
    const outRefs = new Set(conversions.flatMap((c) => (c.out?.refs ?? []).map((r) => `${c.out!.chain}/${r}`)));
    const balances = new Map<string, bigint>();
    const overdrawn = new Set<string>();
    for (const t of loadTransfers().sort((a, b) => a.chain.localeCompare(b.chain) || compareTransfers(a, b))) {
      if (!outRefs.has(`${t.chain}/${t.id}`)) {
        const from = `${t.chain}/${t.asset}/${t.from}`;
        const left = (balances.get(from) ?? 0n) - t.amount;
        balances.set(from, left < 0n ? 0n : left);
        if (left < 0n) overdrawn.add(`${t.chain}/${t.from}`);
      }
      if (t.to && !inRefs.has(`${t.chain}/${t.id}`)) balances.set(`${t.chain}/${t.asset}/${t.to}`, (balances.get(`${t.chain}/${t.asset}/${t.to}`) ?? 0n) + t.amount);
    }
    // The swap's inner legs: the pair pays out WETH from its reserve, WETH9 pays the router ETH for the burnt WETH.
    const venueReserves = ['ethereum/0x0d4a11d5EEaaC28EC3F61d100daF4d40471f1852', 'ethereum/0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'];
    expect([...overdrawn].filter((who) => !exchanges.has(who)).sort()).toEqual(venueReserves.sort());
    expect([...overdrawn].filter((who) => exchanges.has(who))).toHaveLength(7);
  });

  it('the Ethereum batch transaction carries three transfers ordered by log index 9, 10, 11', () => {
    const batch = loadTransfers().filter((t) => t.extra?.method === 'disperseToken');
    expect(batch.map((t) => t.index)).toEqual([9, 10, 11]);
    expect(new Set(batch.map((t) => t.txHash)).size).toBe(1);
    // String order of the ids differs from chain order: a tracer must order by index, not by id.
    expect([...batch.map((t) => t.id)].sort()).not.toEqual(batch.map((t) => t.id));
  });
});
