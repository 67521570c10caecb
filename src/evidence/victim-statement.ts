// Per-victim statements of an evidence pack (issue 16, `victims/<id>.html` and `.pdf`): one statement per
// victim PERSON, not per payment. A payment belongs to the victim of the intake row (intake.csv,
// docs/victims.md) with the same chain and transaction; without an intake row, to the stem of the id
// `case new --intake` writes (`alice-2` -> `alice`); any other payment id is a victim of its own. Each
// statement lists the victim's payments, what the case rule traced where (cash-out points, still held,
// fees, dust), the movements (these two tables: the largest ROWS_PER_TABLE rows as the report's tables,
// the rest counted and summed in one line), and for recorded seizures the victim's share under both bases of the
// distribution (src/restitution/distribution.ts), summed over the victim's payments; for an exchange's
// return, the account holder it names. The victim's name and contact and that account holder are
// restricted personal data (personal-data.ts): they live under `personal` fields.

import type { VictimPayment } from '../model/case.js';
import type { Tlp } from '../model/tag.js';
import type { Distribution, Seizure } from '../restitution/distribution.js';
import type { ExchangeReturn, ReturnPersonalData } from '../restitution/exchange-returns.js';
import type { IntakeRow } from '../restitution/intake-match.js';
import type { VictimStatement, VictimStatements } from '../restitution/victim-statements.js';
import { formatAssetAmount } from './amount-format.js';
import { formatScaled, parseScaled, sumDecimals } from './decimal.js';
import { LargestRows, largestRows } from './largest-rows.js';
import { slugify } from './markup.js';
import { sha256Hex } from './manifest.js';
import { ROWS_PER_TABLE, type ReportTable } from './report-model.js';

/** A victim's share of one recorded seizure (base units of the seized asset; `amount` is the whole sum). */
export interface VictimSeizureShare extends Seizure {
  /** The account holder per the exchange's KYC records: restricted personal data (court packs only). */
  personal?: ReturnPersonalData;
  /** The victim's traced share; absent when nothing traced is at the address. */
  traced?: string;
  pariPassu?: string;
  pariPassuBasis: string;
}

/** What a victim reported (intake.csv), per payment. */
export interface ReportedLoss {
  payment: string;
  amount: string;
  currency?: string;
}

export interface VictimPerson {
  /** The intake's victim id, or the payment-id stem. */
  id: string;
  /** Base name of the statement files (`victims/<file>.html`): the id when it is a safe file name. */
  file: string;
  /** Restricted personal data: court packs and the victim's own pack only. */
  personal?: { name?: string; contact?: string };
  payments: VictimStatement[];
  reported: ReportedLoss[];
  seizures: VictimSeizureShare[];
}

export interface VictimStatementSet {
  case: string;
  policy: string;
  currency?: string;
  victims: VictimPerson[];
  /** Figures left without fiat (VictimStatements.missingPrices). */
  missingPrices: NonNullable<VictimStatements['missingPrices']>;
}

export interface GroupVictimsInput {
  statements: VictimStatements;
  /** The case's payments (to match intake rows by transaction). */
  payments: readonly VictimPayment[];
  intake?: readonly IntakeRow[];
  distribution?: Distribution;
  /** Exchange returns among the distribution's seizures (by reference = seizure id), for their account holders. */
  returns?: readonly ExchangeReturn[];
}

const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function txKey(chain: string, tx: string): string {
  return `${chain.toLowerCase()}/${tx.toLowerCase().replace(/^0x/, '')}`;
}

function paymentTx(p: VictimPayment): string {
  return (p.transfer ?? p.output ?? '').split(':')[0];
}

/** The victim a payment belongs to: its intake row's victim, else the `<victim>-<n>` stem, else itself. */
function victimOf(p: VictimPayment, rows: Map<string, IntakeRow[]>): { id: string; row?: IntakeRow } {
  const candidates = rows.get(txKey(p.chain, paymentTx(p))) ?? [];
  const victims = [...new Set(candidates.map((r) => r.victim))];
  const pick = victims.length === 1 ? victims[0] : victims.find((v) => p.id.startsWith(`${v}-`));
  if (pick !== undefined) return { id: pick, row: candidates.find((r) => r.victim === pick) };
  const stem = /^(.+)-\d+$/.exec(p.id)?.[1];
  return { id: stem ?? p.id };
}

function fileNameOf(id: string, taken: Set<string>): string {
  let name = SAFE_FILE.test(id) && !id.includes('..') ? id : `${slugify(id)}-${sha256Hex(id).slice(0, 8)}`;
  if (taken.has(name.toLowerCase())) name = `${name}-${sha256Hex(id).slice(0, 8)}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Groups the per-payment statements by victim person, in the order of each victim's first payment. */
export function groupVictimStatements(input: GroupVictimsInput): VictimStatementSet {
  const rows = new Map<string, IntakeRow[]>();
  for (const r of input.intake ?? []) {
    const k = txKey(r.chain, r.txHash);
    rows.set(k, [...(rows.get(k) ?? []), r]);
  }
  const byPayment = new Map(input.statements.victims.map((s) => [s.id, s]));
  const people = new Map<string, VictimPerson>();
  const taken = new Set<string>();
  for (const p of input.payments) {
    const statement = byPayment.get(p.id);
    if (!statement) continue;
    const { id, row } = victimOf(p, rows);
    let person = people.get(id);
    if (!person) {
      person = { id, file: fileNameOf(id, taken), payments: [], reported: [], seizures: [] };
      people.set(id, person);
    }
    person.payments.push(statement);
    if (row?.name !== undefined || row?.contact !== undefined) {
      person.personal ??= {};
      if (row.name !== undefined) person.personal.name ??= row.name;
      if (row.contact !== undefined) person.personal.contact ??= row.contact;
    }
    if (row?.reportedLoss !== undefined) person.reported.push({ payment: p.id, amount: row.reportedLoss, ...(row.currency !== undefined ? { currency: row.currency } : {}) });
  }
  for (const person of people.values()) {
    const ids = new Set(person.payments.map((s) => s.id));
    for (const s of input.distribution?.seizures ?? []) {
      const sum = (shares: Record<string, string>) => {
        let total = 0n;
        let any = false;
        for (const [id, v] of Object.entries(shares)) {
          if (!ids.has(id)) continue;
          total += BigInt(v);
          any = true;
        }
        return any ? total : undefined;
      };
      const traced = Object.keys(s.traced).length > 0 ? (sum(s.traced) ?? 0n) : undefined;
      const pariPassu = sum(s.pariPassu);
      if ((traced ?? 0n) === 0n && (pariPassu ?? 0n) === 0n) continue;
      const share: VictimSeizureShare = { id: s.id, chain: s.chain, address: s.address, asset: s.asset, amount: s.amount, pariPassuBasis: s.pariPassuBasis };
      if (s.time !== undefined) share.time = s.time;
      if (s.authority !== undefined) share.authority = s.authority;
      if (s.reference !== undefined) share.reference = s.reference;
      if (s.exchange !== undefined) share.exchange = s.exchange;
      if (s.status !== undefined) share.status = s.status;
      const holder = input.returns?.find((r) => r.reference === s.id)?.personal;
      if (holder !== undefined) share.personal = { ...holder };
      if (traced !== undefined) share.traced = traced.toString();
      if (pariPassu !== undefined) share.pariPassu = pariPassu.toString();
      person.seizures.push(share);
    }
  }
  const out: VictimStatementSet = { case: input.statements.case, policy: input.statements.policy, victims: [...people.values()], missingPrices: input.statements.missingPrices ?? [] };
  if (input.statements.currency !== undefined) out.currency = input.statements.currency;
  return out;
}

/** The content of one statement, laid out by victim-statement-html.ts and victim-statement-pdf.ts. */
export interface StatementDocument {
  title: string;
  marking?: Tlp;
  facts: [string, string][];
  sections: { title: string; table: ReportTable; empty: string; note?: string }[];
  notes: string[];
}

export interface StatementContext {
  /** The pack's "data as of" time. */
  dataAsOf: string;
  /** Rows the long tables (where the money went, movements) show (default: the report's ROWS_PER_TABLE); the rest are summed in one line. */
  maxRows?: number;
  marking?: Tlp;
}

function holderText(p: ReturnPersonalData | undefined): string | undefined {
  if (p === undefined || (p.holder === undefined && p.account === undefined)) return undefined;
  return `account holder (KYC): ${[p.holder, p.account].filter(Boolean).join(', ')}`;
}

function fiatText(f: { amount: string; currency: string } | undefined): string {
  return f ? `${f.amount} ${f.currency}` : '';
}

function entity(label: string | undefined, category: string | undefined): string {
  return label ? `${label}${category ? ` (${category})` : ''}` : (category ?? 'untagged');
}

/** Totals per asset over the victim's payments: "70,000 USDT". */
function paidTotals(payments: readonly VictimStatement[]): string {
  const by = new Map<string, { chain: string; asset: string; amounts: string[] }>();
  for (const s of payments) {
    const k = `${s.paid.chain}/${s.paid.asset}`;
    const cur = by.get(k) ?? { chain: s.paid.chain, asset: s.paid.asset, amounts: [] };
    cur.amounts.push(s.paid.amount);
    by.set(k, cur);
  }
  return [...by.values()].map((v) => `${formatAssetAmount(v.chain, v.asset, sumDecimals(v.amounts))} on ${v.chain}`).join('; ');
}

/** Total fiat paid, when every payment has a fiat figure in one currency. */
function fiatTotal(payments: readonly VictimStatement[]): string | undefined {
  const figures = payments.map((s) => s.paid.fiat);
  if (figures.some((f) => f === undefined)) return undefined;
  const currencies = new Set(figures.map((f) => f!.currency));
  if (currencies.size !== 1) return undefined;
  if (figures.some((f) => !/^\d+\.\d{2}$/.test(f!.amount))) return undefined;
  const cents = figures.reduce((sum, f) => sum + BigInt(f!.amount.replace('.', '')), 0n);
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)} ${[...currencies][0]}`;
}

/** One table row with what capping needs: its amount (scaled) and asset; cells formatted only if shown. */
interface AmountRow {
  cells: string[] | (() => string[]);
  scaled: bigint;
  chain: string;
  asset: string;
}

/**
 * Caps a long table (movements; where the money went) as the report caps its tables (ROWS_PER_TABLE): the largest `max` rows by
 * amount (ties in the listed order), shown in the listed order, then one line with the count and the
 * exact total (per asset) of the rest. Totals elsewhere in the statement are computed over every row.
 */
function cappedRows(columns: string[], rows: readonly AmountRow[], max: number, noun: string, where: string): ReportTable {
  const cellsOf = (r: AmountRow) => (typeof r.cells === 'function' ? r.cells() : r.cells);
  if (rows.length <= max) return { columns, rows: rows.map(cellsOf) };
  const shown = largestRows(rows.length, (i) => rows[i].scaled, max);
  const kept = new Set(shown);
  const rest = new Map<string, { chain: string; asset: string; scaled: bigint }>();
  for (let i = 0; i < rows.length; i++) {
    if (kept.has(i)) continue;
    const r = rows[i];
    const k = `${r.chain}/${r.asset}`;
    const cur = rest.get(k) ?? { chain: r.chain, asset: r.asset, scaled: 0n };
    cur.scaled += r.scaled;
    rest.set(k, cur);
  }
  const total = [...rest.values()].map((v) => `${formatAssetAmount(v.chain, v.asset, formatScaled(v.scaled))} on ${v.chain}`).join('; ');
  return {
    columns,
    rows: shown.map((i) => cellsOf(rows[i])),
    more: `and ${(rows.length - max).toLocaleString('en-US')} more ${noun} (total ${total}) — see ${where} in the case's evidence pack`,
  };
}

/** The sum and count of the rows of one chain and asset. */
interface AssetTotal {
  chain: string;
  asset: string;
  scaled: bigint;
  count: number;
}

/**
 * cappedRows for rows offered to a LargestRows as they streamed by, with the totals per asset of all of
 * them (in the order first seen); each row names its asset's total.
 */
function streamedTable(
  columns: string[],
  rows: LargestRows<{ cells: string[]; total: AssetTotal }>,
  totals: readonly AssetTotal[],
  max: number,
  noun: string,
  where: string,
): ReportTable {
  const kept = rows.kept();
  if (rows.count <= max) return { columns, rows: kept.map((k) => k.row.cells) };
  // What is left per asset: all of it minus the kept rows.
  const rest = new Map(totals.map((t) => [t, { ...t }]));
  for (const k of kept) {
    const t = rest.get(k.row.total)!;
    t.scaled -= k.amount;
    t.count--;
  }
  const total = [...rest.values()]
    .filter((t) => t.count > 0)
    .map((v) => `${formatAssetAmount(v.chain, v.asset, formatScaled(v.scaled))} on ${v.chain}`)
    .join('; ');
  return { columns, rows: kept.map((k) => k.row.cells), more: `and ${(rows.count - max).toLocaleString('en-US')} more ${noun} (total ${total}) — see ${where} in the case's evidence pack` };
}

/** The statement of one victim as a document: facts, then payments, where it went, seizures, movements. */
export function victimStatementDocument(person: VictimPerson, set: VictimStatementSet, context: StatementContext): StatementDocument {
  const name = person.personal?.name;
  const facts: [string, string][] = [['Victim', person.id]];
  if (name !== undefined) facts.push(['Name', name]);
  if (person.personal?.contact !== undefined) facts.push(['Contact / reference', person.personal.contact]);
  facts.push(['Case', set.case], ['Rule', set.policy], ['Data as of', context.dataAsOf], ['Payments', person.payments.map((s) => s.id).join(', ')], ['Paid in all', paidTotals(person.payments)]);
  const total = fiatTotal(person.payments);
  if (total !== undefined) facts.push([`Paid in all (${total.split(' ')[1]})`, total]);

  const reported = new Map(person.reported.map((r) => [r.payment, r]));
  const payments: ReportTable = {
    columns: ['Payment', 'Time (UTC)', 'Chain', 'Transfer / output', 'Paid to', 'Amount', 'Value', 'Reported loss'],
    rows: person.payments.map((s) => {
      const r = reported.get(s.id);
      return [s.id, s.paid.time ?? '', s.paid.chain, s.paid.ref, s.paid.address ?? '', formatAssetAmount(s.paid.chain, s.paid.asset, s.paid.amount), fiatText(s.paid.fiat), r ? `${r.amount}${r.currency ? ` ${r.currency}` : ''}` : ''];
    }),
  };
  const where: AmountRow[] = [];
  const whereRow = (a: { chain: string; asset: string; amount: string }, cells: string[]) => where.push({ cells, scaled: parseScaled(a.amount), chain: a.chain, asset: a.asset });
  for (const s of person.payments) {
    for (const c of s.cashOuts) whereRow(c, [s.id, 'cash-out point', c.chain, c.address, entity(c.label, c.category), formatAssetAmount(c.chain, c.asset, c.amount), fiatText(c.fiat)]);
    for (const h of s.holdings) whereRow(h, [s.id, `still held (${h.reason})`, h.chain, h.address, '', formatAssetAmount(h.chain, h.asset, h.amount), '']);
    for (const f of s.fees) whereRow(f, [s.id, 'fees', f.chain, '', '', formatAssetAmount(f.chain, f.asset, f.amount), '']);
    for (const d of s.dropped) whereRow(d, [s.id, 'dropped as dust', d.chain, '', '', formatAssetAmount(d.chain, d.asset, d.amount), '']);
  }
  const seizures: ReportTable = {
    columns: ['Seizure', 'Authority / reference', 'Chain', 'Address', 'Seized or frozen', 'Traced share', 'Pari passu share'],
    rows: person.seizures.map((z) => [
      z.id + (z.time ? ` (${z.time})` : ''),
      [z.authority, z.reference, z.status, holderText(z.personal)].filter(Boolean).join(', '),
      z.chain,
      z.address,
      formatAssetAmount(z.chain, z.asset, z.amount),
      z.traced === undefined ? 'no traced value there' : formatAssetAmount(z.chain, z.asset, z.traced),
      z.pariPassu === undefined ? '' : `${formatAssetAmount(z.chain, z.asset, z.pariPassu)} (by ${z.pariPassuBasis === 'asset' ? 'traced amounts of the asset' : `loss in ${z.pariPassuBasis.replace(/^fiat:/, '')}`})`,
    ]),
  };
  const max = context.maxRows ?? ROWS_PER_TABLE;
  // Every movement of every payment (millions on a big case): the largest kept as they stream by, the
  // rest summed per asset, no row object per movement.
  const movements = new LargestRows<{ cells: string[]; total: AssetTotal }>(max);
  const movedTotals: AssetTotal[] = [];
  // The totals of a chain and asset, found by the two strings the flows already hold (no key built per movement).
  const totalsByAsset = new Map<string, Map<string, AssetTotal>>();
  const totalsOf = (chain: string, asset: string) => {
    let ofChain = totalsByAsset.get(chain);
    if (ofChain === undefined) {
      ofChain = new Map();
      totalsByAsset.set(chain, ofChain);
    }
    let sum = ofChain.get(asset);
    if (sum === undefined) {
      sum = { chain, asset, scaled: 0n, count: 0 };
      ofChain.set(asset, sum);
      movedTotals.push(sum);
    }
    return sum;
  };
  for (const s of person.payments) {
    for (const t of s.transactions) {
      const scaled = parseScaled(t.amount);
      const sum = totalsOf(t.chain, t.asset);
      sum.scaled += scaled;
      sum.count++;
      movements.offer(scaled, () => ({ cells: [s.id, String(t.hop), t.time ?? '', t.txHash, t.from, t.to ?? '(fee)', formatAssetAmount(t.chain, t.asset, t.amount)], total: sum }));
    }
  }
  const movementColumns = ['Payment', 'Hop', 'Time (UTC)', 'Transaction', 'From', 'To', "Victim's part"];
  const ids = new Set(person.payments.map((s) => s.id));
  const cashOutKeys = new Set(person.payments.flatMap((s) => s.cashOuts.map((c) => `${c.chain}:${c.address}`)));
  const missing = set.missingPrices.filter((m) => ids.has(m.for) || [...cashOutKeys].some((k) => m.for.startsWith(`${k}@`)));
  const notes = [
    `Amounts are attributed to this victim's payments under the case rule (${set.policy}); the case's evidence pack explains the rule and carries the data. Times are UTC.`,
  ];
  if (person.seizures.length > 0) {
    notes.push('Shares of a seizure are computed two ways (ledgerhound distribute): traced (in proportion to this victim\'s traced value at the seized address) and pari passu (rateably to every victim\'s loss). Which applies is for the court.');
  }
  for (const m of missing) notes.push(`No ${set.currency ?? 'fiat'} price for ${m.for} (${m.chain} ${m.asset} at ${m.time ?? 'unknown time'}): ${m.reason}; no value is given for it.`);
  const doc: StatementDocument = {
    title: `Statement for victim ${person.id}${name !== undefined ? `: ${name}` : ''}`,
    facts,
    sections: [
      { title: 'Payments', table: payments, empty: 'No payments.' },
      { title: 'Where the money went', table: cappedRows(['Payment', 'Where', 'Chain', 'Address', 'Entity', 'Amount', 'Value at arrival'], where, max, 'destinations', 'trace.json and report.html'), empty: 'Nothing traced.' },
      { title: 'Frozen or seized', table: seizures, empty: 'No recorded seizure holds value traced to this victim.' },
      { title: 'Movements of this victim\'s money', table: streamedTable(movementColumns, movements, movedTotals, max, 'movements', 'flows.csv'), empty: 'No movements.' },
    ],
    notes,
  };
  if (context.marking !== undefined) doc.marking = context.marking;
  return doc;
}
