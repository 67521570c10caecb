// Use case `case new --intake intake.csv --out case.yaml`: victims' complaints become a case file. Each row
// is resolved to its transfer id (account model) or output (UTXO) from the store by
// src/restitution/intake-match.ts; rows that do not match (chain, transaction, recipient, asset, amount)
// are reported per row and left out of the case, never guessed. Returns the case text and the per-row
// outcome; writes nothing.

import { stringify } from 'yaml';
import { readIntakeCsv } from '../adapters/files/intake-csv.js';
import { isUtxoChain, resolveChainName } from '../src/model/chain.js';
import type { AccountTransfer } from '../src/model/transfer.js';
import type { GraphStore } from '../src/ports.js';
import { type IntakeCandidate, type IntakeMatch, type IntakeRow, matchIntakeRow } from '../src/restitution/intake-match.js';
import { type StoreChoice, withStore } from './store.js';

export interface CaseFromIntakeInput {
  intakeFile: string;
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
  const rows = await readIntakeCsv(input.intakeFile);
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
    name: input.name ?? `Case from ${input.intakeFile.split(/[\\/]/).pop()}`,
    sources: input.sources ?? [],
    victimPayments,
    policy: 'fifo',
    maxHops: 20,
    stopAt: ['exchange', 'otc', 'payment_processor', 'wallet_service', 'gambling', 'mixer', 'bridge'],
  };
  const mismatched = matches.filter((m) => m.status === 'mismatch').length;
  const header = `# Built by \`ledgerhound case new --intake\` from ${input.intakeFile}: ${victimPayments.length} payment(s) resolved, ${mismatched} row(s) not matched (see the command's report).\n# Names and contacts stay in the intake file.\n`;
  return { text: header + stringify(kase), rows: matches, resolved: victimPayments.length, mismatched };
}
