// Use case `case new --intake intake.csv --out case.yaml`: victims' complaints become a case file. Each row
// is resolved to its transfer id (account model) or output (UTXO) from the store by
// src/restitution/intake-match.ts; rows that do not match (chain, transaction, recipient, asset, amount)
// are reported per row and left out of the case, never guessed. Returns the case text and the per-row
// outcome; writes nothing. Victims' own explorer exports (Etherscan family, Tronscan) are complaints too:
// their outgoing payments become rows naming the export's file and line (adapters/files/explorer-export.ts).

import { stringify } from 'yaml';
import { readExplorerExport } from '../adapters/files/explorer-export.js';
import { readIntakeCsv } from '../adapters/files/intake-csv.js';
import { invalidInput } from '../src/errors.js';
import { isUtxoChain, resolveChainName } from '../src/model/chain.js';
import type { AccountTransfer } from '../src/model/transfer.js';
import type { GraphStore } from '../src/ports.js';
import type { ExplorerFormat, ExplorerSkip } from '../src/restitution/explorer-exports.js';
import { type IntakeCandidate, type IntakeMatch, type IntakeRow, matchIntakeRow } from '../src/restitution/intake-match.js';
import { type StoreChoice, withStore } from './store.js';

/** A victim's own explorer export (`case new --export victim[@address]=file`). */
export interface ExplorerExportInput {
  victim: string;
  file: string;
  /** The victim's address (default: the one address on every row). */
  address?: string;
}

export interface CaseFromIntakeInput {
  /** intake.csv (complaints); optional when `exports` are given. */
  intakeFile?: string;
  /** Victims' explorer exports, read after the intake file, in this order. */
  exports?: ExplorerExportInput[];
  /** Chain of Etherscan-family exports (default ethereum). */
  exportChain?: string;
  /** Only export payments to these addresses are taken. */
  paidTo?: string[];
  /** Where the case file will be written (its folder holds the default store). */
  out: string;
  name?: string;
  /** Data files the case loads, relative to the case file. */
  sources?: string[];
  store: Omit<StoreChoice, 'caseFile'>;
}

export interface CaseFromIntakeResult {
  /** The case file (YAML). */
  text: string;
  rows: IntakeMatch[];
  resolved: number;
  mismatched: number;
  /** Outgoing export rows not taken as payments (failed, or paid elsewhere than --paid-to), with the reason. */
  skipped: ExplorerSkip[];
  /** Per export: the layout recognised and the victim's address. */
  exports: { file: string; victim: string; format: ExplorerFormat; chain: string; address: string; payments: number }[];
}

/** Transaction hashes compared without case and without 0x. */
function hashKey(hash: string): string {
  return hash.trim().toLowerCase().replace(/^0x/, '');
}

async function candidatesOf(store: GraphStore, rows: readonly IntakeRow[]): Promise<Map<string, IntakeCandidate[]>> {
  const wanted = new Set(rows.map((r) => hashKey(r.txHash)));
  const found = new Map<string, IntakeCandidate[]>();
  const add = (key: string, c: IntakeCandidate) => {
    const list = found.get(key) ?? [];
    if (list.length === 0) found.set(key, list);
    list.push(c);
  };
  const chains = Object.keys((await store.stats()).chains);
  // One pass over the account transfers for all rows.
  if (chains.some((c) => !isUtxoChain(c))) {
    for await (const t of store.transfers() as AsyncIterable<AccountTransfer>) {
      const key = hashKey(t.txHash);
      if (wanted.has(key)) add(key, { chain: t.chain, ref: t.id, model: 'account', recipient: t.to, asset: t.asset, amount: t.amount });
    }
  }
  for (const chain of chains.filter(isUtxoChain)) {
    for (const key of wanted) {
      if (!/^[0-9a-f]{64}$/.test(key)) continue;
      const tx = await store.getTransaction(chain, key);
      for (const o of tx?.outputs ?? []) add(key, { chain, ref: `${tx?.txid}:${o.n}`, model: 'utxo', recipient: o.address, asset: 'BTC', amount: o.value });
    }
  }
  return found;
}

/** Resolves every complaint row against the store and builds the case file from the rows that match. */
export async function caseFromIntake(input: CaseFromIntakeInput): Promise<CaseFromIntakeResult> {
  if (input.intakeFile === undefined && (input.exports ?? []).length === 0) throw invalidInput('give an intake file or at least one explorer export', { field: '--intake' });
  const rows = input.intakeFile === undefined ? [] : await readIntakeCsv(input.intakeFile);
  const skipped: ExplorerSkip[] = [];
  const exports: CaseFromIntakeResult['exports'] = [];
  const exportChain = input.exportChain === undefined ? 'ethereum' : resolveChainName(input.exportChain);
  if (exportChain === undefined) throw invalidInput(`unknown chain "${input.exportChain}"`, { field: '--chain' }, { value: input.exportChain });
  for (const e of input.exports ?? []) {
    const read = await readExplorerExport({ file: e.file, victim: e.victim, address: e.address, chain: exportChain, paidTo: input.paidTo });
    rows.push(...read.rows);
    skipped.push(...read.skipped);
    exports.push({ file: e.file, victim: e.victim, format: read.format, chain: read.chain, address: read.address, payments: read.rows.length });
  }
  const candidates = await withStore({ ...input.store, caseFile: input.out, readOnly: true }, (store) => candidatesOf(store, rows));
  const perVictim = new Map<string, number>();
  const matches = rows.map((row) => {
    const chain = resolveChainName(row.chain);
    const all = candidates.get(hashKey(row.txHash)) ?? [];
    const onChain = all.filter((c) => c.chain === chain);
    const elsewhere = [...new Set(all.map((c) => c.chain).filter((c) => c !== chain))];
    return matchIntakeRow(row, chain, onChain, elsewhere);
  });
  const victimPayments = matches.flatMap((m) => {
    if (m.status !== 'resolved') return [];
    const n = (perVictim.get(m.victim) ?? 0) + 1;
    perVictim.set(m.victim, n);
    const id = `${m.victim}-${n}`;
    return [m.model === 'account' ? { id, chain: m.chain, transfer: m.ref } : { id, chain: m.chain, output: m.ref }];
  });
  const kase = {
    name: input.name ?? `Case from ${[input.intakeFile, ...(input.exports ?? []).map((e) => e.file)].filter((f): f is string => f !== undefined).map((f) => f.split(/[\\/]/).pop()).join(', ')}`,
    sources: input.sources ?? [],
    victimPayments,
    policy: 'fifo',
    maxHops: 20,
    stopAt: ['exchange', 'otc', 'payment_processor', 'wallet_service', 'gambling', 'mixer', 'bridge'],
  };
  const mismatched = matches.filter((m) => m.status === 'mismatch').length;
  const from = [input.intakeFile, ...(input.exports ?? []).map((e) => `${e.file} (${e.victim})`)].filter((f) => f !== undefined).join(', ');
  const header = `# Built by \`ledgerhound case new\` from ${from}: ${victimPayments.length} payment(s) resolved, ${mismatched} row(s) not matched (see the command's report).\n# Names and contacts stay in the intake file.\n`;
  return { text: header + stringify(kase), rows: matches, resolved: victimPayments.length, mismatched, skipped, exports };
}
