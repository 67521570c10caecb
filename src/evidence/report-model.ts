// The content of the evidence report, built once and laid out twice (report.html and report.pdf):
// case summary, method (the rule by name and its TRACING.md definition), victims' payments, flow
// diagram, a table per cash-out point, holdings, fees, the conversions the taint passed through (venue,
// rate, in and out; TRACING.md v2), totals, data sources with block heights and retrieval times, and the
// tool version. Tables are capped for big cases: a cash-out point's transfers and the holdings show the
// largest rows by amount, then "and K more ... (total X) in flows.csv"; a "by victim payment" cell names
// the largest VICTIMS_PER_CELL payments and the count and total of the rest; totals come from every row.

import type { CaseFile } from '../model/case.js';
import type { Note } from '../model/note.js';
import type { Tlp } from '../model/tag.js';
import type { TraceFlow, TraceRun } from '../model/trace-result.js';
import type { ChainStats, ImportSource } from '../ports.js';
import { assetSymbol, formatAssetAmount } from './amount-format.js';
import { formatScaled, parseScaled } from './decimal.js';
import { largestRows } from './largest-rows.js';
import { type DiagramLayout, layoutFlowDiagram } from './flow-diagram.js';
import type { FlowGraph } from './flow-graph.js';
import { POLICY_DEFINITIONS, type PolicyDefinition, WALK_RULES } from './policy-definitions.js';

export interface ReportTable {
  columns: string[];
  rows: string[][];
  /** Set when rows were left out: "12 more in flows.csv". */
  more?: string;
}

export interface CashOutSection {
  title: string;
  facts: [string, string][];
  table: ReportTable;
}

export interface ReportInput {
  run: TraceRun;
  graph: FlowGraph;
  caseFile: CaseFile;
  /** Path of the case file inside the pack. */
  casePath: string;
  sources: readonly ImportSource[];
  tool: { name: string; version: string };
  store: { kind: string; contentHash: string; transfers: number; transactions: number; tags: number };
  /** Block range and record counts per chain in the store (`store.stats().chains`). */
  coverage?: Record<string, ChainStats>;
  /** Fixed time derived from the data (latest event), shown instead of any wall-clock time. */
  dataAsOf: string;
  limits?: ReportLimits;
  /** The pack's TLP marking (pack-marking.ts), shown at the top of report.html and on every PDF page. */
  marking?: Tlp;
  /** Analysts' notes on the trace's addresses (app/pack-notes.ts; court packs only). */
  notes?: readonly Note[];
}

/** One analyst's note as the report shows it (free text: every renderer escapes it). */
export interface ReportNote {
  chain: string;
  address: string;
  author: string;
  /** ISO 8601, UTC. */
  time: string;
  text: string;
}

export interface ReportLimits {
  cashOutPoints?: number;
  rowsPerCashOut?: number;
  holdings?: number;
  victims?: number;
  diagramNodes?: number;
}

export interface ReportModel {
  title: string;
  /** The pack's TLP marking, when it has one. */
  marking?: Tlp;
  /** Analysts' notes on the trace's addresses (court packs only), in store order; text as written. */
  analystNotes?: ReportNote[];
  facts: [string, string][];
  method: { policy: PolicyDefinition; parameters: [string, string][]; rules: readonly string[]; notes: string[] };
  totals: ReportTable;
  victims: ReportTable;
  diagram: DiagramLayout;
  diagramNote?: string;
  cashOuts: CashOutSection[];
  cashOutsMore?: string;
  holdings: ReportTable;
  fees: ReportTable;
  /** Conversions the taint passed through (swaps, wraps, bridges, swap services). */
  conversions: ReportTable;
  shortfalls: ReportTable;
  dropped: ReportTable;
  /** Direct tags that won over disagreeing inherited ones, with both tags and the evidence. */
  tagConflicts: ReportTable;
  /** Addresses with events of unknown order inside one block. */
  unknownOrder: ReportTable;
  dataSources: ReportTable;
  coverage: ReportTable;
  files: [string, string][];
}

/** Rows a long table of the report shows before "N more in flows.csv" (also the victim statements' cap). */
export const ROWS_PER_TABLE = 25;

function capped(columns: string[], rows: string[][], max: number, where: string): ReportTable {
  if (rows.length <= max) return { columns, rows };
  return { columns, rows: rows.slice(0, max), more: `${(rows.length - max).toLocaleString('en-US')} more in ${where}` };
}

/** Victim payments a "by victim payment" cell names before "and K more (total X)" (trace.json has all). */
export const VICTIMS_PER_CELL = 5;

/** Amount per victim payment: the largest VICTIMS_PER_CELL by amount, listed by payment id, then the count and total of the rest. */
function byVictim(chain: string, asset: string, bySource: Record<string, string>): string {
  const ids = Object.keys(bySource).sort();
  const text = (v: string) => `${v}: ${formatAssetAmount(chain, asset, bySource[v])}`;
  if (ids.length <= VICTIMS_PER_CELL) return ids.map(text).join('; ');
  const scaled = ids.map((v) => parseScaled(bySource[v]));
  const kept = largestRows(ids.length, (i) => scaled[i], VICTIMS_PER_CELL);
  let rest = 0n;
  for (const a of scaled) rest += a;
  for (const i of kept) rest -= scaled[i];
  const more = `and ${(ids.length - VICTIMS_PER_CELL).toLocaleString('en-US')} more (total ${formatAssetAmount(chain, asset, formatScaled(rest))})`;
  return [...kept.map((i) => text(ids[i])), more].join('; ');
}

/** A row of a table capped by amount: its cells (built only when shown) and its amount. */
interface AmountRow {
  cells: () => string[];
  chain: string;
  asset: string;
  /** Amount scaled by 10^9 (decimal.ts). */
  scaled: bigint;
}

/**
 * The largest `max` rows by amount (ties in the listed order), shown in the listed order, then one line
 * with the count and the exact total per asset of the rest (as the victim statements cap their tables).
 */
function cappedByAmount(columns: string[], rows: readonly AmountRow[], max: number, noun: string, where: string): ReportTable {
  if (rows.length <= max) return { columns, rows: rows.map((r) => r.cells()) };
  const kept = largestRows(rows.length, (i) => rows[i].scaled, max);
  const shown = new Set(kept);
  const rest = new Map<string, { chain: string; asset: string; scaled: bigint }>();
  for (let i = 0; i < rows.length; i++) {
    if (shown.has(i)) continue;
    const r = rows[i];
    const key = `${r.chain}/${r.asset}`;
    const cur = rest.get(key) ?? { chain: r.chain, asset: r.asset, scaled: 0n };
    cur.scaled += r.scaled;
    rest.set(key, cur);
  }
  const total = [...rest.values()].map((v) => formatAssetAmount(v.chain, v.asset, formatScaled(v.scaled))).join('; ');
  return { columns, rows: kept.map((i) => rows[i].cells()), more: `and ${(rows.length - max).toLocaleString('en-US')} more ${noun} (total ${total}) in ${where}` };
}

/** Builds the report content from a trace run and its provenance. */
export function buildReportModel(input: ReportInput): ReportModel {
  const { run, caseFile } = input;
  const result = run.result;
  const limits = { cashOutPoints: 50, rowsPerCashOut: ROWS_PER_TABLE, holdings: 100, victims: 200, diagramNodes: 48, ...input.limits };

  const parameters: [string, string][] = [
    ['Policy', result.policy],
    ['Maximum hops', String(caseFile.maxHops)],
    ['Until', caseFile.until ?? 'end of data'],
    ['Stop at categories', caseFile.stopAt.join(', ')],
    ['Inherit tags through clusters', caseFile.inheritTags ? 'yes' : 'no'],
  ];
  if (caseFile.dust !== undefined) parameters.push(['Dust threshold', typeof caseFile.dust === 'string' ? caseFile.dust : JSON.stringify(caseFile.dust)]);
  if (result.conversions !== undefined || caseFile.followProbable !== undefined) {
    parameters.push(['Follow probable conversions (confidence below 100)', caseFile.followProbable ? 'yes' : 'no']);
  }
  const withConversions = Object.values(result.totals).some((t) => t.convertedIn !== undefined);

  const totalsRows = Object.keys(result.totals)
    .sort()
    .map((key) => {
      const t = result.totals[key];
      const slash = key.indexOf('/');
      const chain = key.slice(0, slash);
      const asset = key.slice(slash + 1);
      const f = (v: string) => formatAssetAmount(chain, asset, v, { symbol: false });
      const row = [chain, assetSymbol(chain, asset), f(t.sources), f(t.endpoints), f(t.holdings), f(t.fees), f(t.dropped)];
      if (withConversions) row.push(f(t.convertedIn ?? '0'), f(t.convertedOut ?? '0'));
      return row;
    });

  const victimRows = result.sources.map((s) => [s.id, s.chain, s.ref, s.address ?? '', s.time ?? '', formatAssetAmount(s.chain, s.asset, s.amount)]);

  const inflows = new Map<string, TraceFlow[]>();
  for (const f of run.flows) {
    if (f.to === null) continue;
    const key = `${f.chain}/${f.to}/${f.asset}`;
    const list = inflows.get(key);
    if (list) list.push(f);
    else inflows.set(key, [f]);
  }
  const cashOuts = result.endpoints.slice(0, limits.cashOutPoints).map((e): CashOutSection => {
    const facts: [string, string][] = [
      ['Chain', e.chain],
      ['Address', e.address],
      ['Category', e.category ?? ''],
      ['Traced amount', formatAssetAmount(e.chain, e.asset, e.amount)],
      ['By victim payment', byVictim(e.chain, e.asset, e.bySource)],
      ['Fewest hops', String(e.hops)],
      ['Tag source', e.tagSource ?? ''],
    ];
    if (e.inferredFrom !== undefined) facts.push(['Tag inferred from', JSON.stringify(e.inferredFrom)]);
    if (e.note !== undefined) facts.push(['Note', e.note]);
    if (e.viaProbable) facts.push(['Via a probable conversion link', 'yes']);
    const flows = inflows.get(`${e.chain}/${e.address}/${e.asset}`) ?? [];
    const rows: AmountRow[] =
      flows.length > 0
        ? flows.map((f) => ({
            cells: () => [f.time ?? '', f.ref, String(f.hop), formatAssetAmount(f.chain, f.asset, f.amount), byVictim(f.chain, f.asset, f.bySource)],
            chain: f.chain,
            asset: f.asset,
            scaled: parseScaled(f.amount),
          }))
        : e.transfers.map((t) => ({ cells: () => [t.time ?? '', t.ref, '', formatAssetAmount(e.chain, e.asset, t.amount), ''], chain: e.chain, asset: e.asset, scaled: parseScaled(t.amount) }));
    return {
      title: `${e.label ?? e.category ?? 'Cash-out point'}: ${e.address}`,
      facts,
      table: cappedByAmount(['Time (UTC)', 'Transfer / output', 'Hop', 'Traced amount', 'By victim payment'], rows, limits.rowsPerCashOut, 'transfers', 'flows.csv'),
    };
  });

  const holdingRows: AmountRow[] = result.holdings.map((h) => ({
    cells: () => [
      h.chain,
      h.address,
      h.label ?? '',
      formatAssetAmount(h.chain, h.asset, h.amount),
      h.viaProbable ? `${h.reason} (via a probable link)` : h.reason,
      byVictim(h.chain, h.asset, h.bySource),
    ],
    chain: h.chain,
    asset: h.asset,
    scaled: parseScaled(h.amount),
  }));
  const conversionRows = (result.conversions ?? []).map((c) => [
    c.venue,
    `${c.kind}, confidence ${c.confidence}${c.viaProbable ? ', via a probable link' : ''}`,
    c.rate.out === null || !c.out ? '' : `${formatAssetAmount(c.out.chain, c.out.asset, c.rate.out)} for ${formatAssetAmount(c.in.chain, c.in.asset, c.rate.in)}`,
    `${c.in.chain} ${c.in.address}: ${formatAssetAmount(c.in.chain, c.in.asset, c.in.amount)}`,
    c.out ? `${c.out.chain} ${c.out.address}: ${formatAssetAmount(c.out.chain, c.out.asset, c.out.amount)}` : `stopped at the venue: ${c.stopped ?? ''}`,
    byVictim(c.in.chain, c.in.asset, c.in.bySource),
    c.id,
  ]);
  const feeRows = result.fees.map((f) => [f.chain, formatAssetAmount(f.chain, f.asset, f.amount), byVictim(f.chain, f.asset, f.bySource)]);
  const shortfallRows = (result.openingShortfalls ?? []).map((s) => [s.chain, s.address, formatAssetAmount(s.chain, s.asset, s.amount), s.ref]);
  const droppedRows = result.dropped.map((d) => [d.chain, d.address, formatAssetAmount(d.chain, d.asset, d.amount), byVictim(d.chain, d.asset, d.bySource)]);
  const tagText = (t: { label: string; category: string; confidence: number; source: string }) => `${t.label} (${t.category}, confidence ${t.confidence}, ${t.source})`;
  const conflictRows = (result.tagConflicts ?? []).map((c) => [
    c.chain,
    c.address,
    tagText(c.direct),
    c.inherited.map((t) => `${tagText(t)}${t.inferredFrom !== undefined ? ` inferred from ${JSON.stringify(t.inferredFrom)}` : ''}`).join('; '),
    c.cashOut ? 'cash-out point' : 'followed',
  ]);
  const unknownOrderRows = (result.unknownOrder ?? []).map((u) => [u.chain, u.address, String(u.block), u.events.join(', ')]);
  const sourceRows = input.sources.map((s) => [s.name, s.kind, s.format ?? '', s.maxBlock === undefined ? '' : String(s.maxBlock), s.retrievedAt ?? '', s.sha256]);

  const diagram = layoutFlowDiagram(input.graph, { maxNodes: limits.diagramNodes });
  const diagramNote =
    diagram.omittedNodes > 0 || diagram.omittedEdges > 0
      ? `The diagram shows the ${diagram.nodes.length} most significant addresses; ${diagram.omittedNodes.toLocaleString('en-US')} more addresses and ${diagram.omittedEdges.toLocaleString('en-US')} more aggregated flows are in flows.csv, graph.graphml and graph.gexf.`
      : undefined;

  return {
    title: `Tracing report: ${result.case}`,
    ...(input.marking !== undefined ? { marking: input.marking } : {}),
    ...(input.notes !== undefined && input.notes.length > 0
      ? { analystNotes: input.notes.map((n) => ({ chain: n.chain, address: n.address, author: n.author, time: n.time, text: n.text })) }
      : {}),
    facts: [
      ['Case', result.case],
      ['Case file', input.casePath],
      ['Victim payments', String(result.sources.length)],
      ['Cash-out points', String(result.endpoints.length)],
      ['Holdings', String(result.holdings.length)],
      ['Flows traced', run.flows.length.toLocaleString('en-US')],
      ['Data as of', input.dataAsOf],
      ['Tool', `${input.tool.name} ${input.tool.version}`],
      ['Store', `${input.store.kind}: ${input.store.transfers.toLocaleString('en-US')} transfers, ${input.store.transactions.toLocaleString('en-US')} transactions, ${input.store.tags.toLocaleString('en-US')} tags`],
      ['Store content SHA-256', input.store.contentHash],
    ],
    method: { policy: POLICY_DEFINITIONS[result.policy], parameters, rules: WALK_RULES, notes: result.notes ?? [] },
    totals: {
      columns: ['Chain', 'Asset', 'Victim payments', 'Cash-out points', 'Holdings', 'Fees', 'Dropped', ...(withConversions ? ['Converted in', 'Converted out'] : [])],
      rows: totalsRows,
    },
    victims: capped(['Payment', 'Chain', 'Transfer / output', 'Landed at', 'Time (UTC)', 'Amount'], victimRows, limits.victims, 'trace.json'),
    diagram,
    diagramNote,
    cashOuts,
    cashOutsMore:
      result.endpoints.length > limits.cashOutPoints ? `${(result.endpoints.length - limits.cashOutPoints).toLocaleString('en-US')} more cash-out points in trace.json and freeze-requests/` : undefined,
    holdings: cappedByAmount(['Chain', 'Address', 'Label', 'Amount', 'Reason', 'By victim payment'], holdingRows, limits.holdings, 'holdings', 'trace.json'),
    fees: capped(['Chain', 'Amount', 'By victim payment'], feeRows, limits.holdings, 'trace.json'),
    conversions: capped(['Venue', 'Kind', 'Rate', 'Traced in', 'Traced out', 'By victim payment (in)', 'Conversion'], conversionRows, limits.holdings, 'trace.json'),
    shortfalls: capped(['Chain', 'Address', 'Assumed clean opening balance', 'First outflow'], shortfallRows, limits.holdings, 'trace.json'),
    dropped: capped(['Chain', 'Address', 'Amount', 'By victim payment'], droppedRows, limits.holdings, 'trace.json'),
    tagConflicts: capped(['Chain', 'Address', 'Tag given directly (decides)', 'Inherited or inferred tags and evidence', 'Outcome'], conflictRows, limits.holdings, 'trace.json'),
    unknownOrder: capped(['Chain', 'Address', 'Block', 'Events (order assumed)'], unknownOrderRows, limits.holdings, 'trace.json'),
    dataSources: { columns: ['Source', 'Kind', 'Format', 'Highest block', 'Retrieved (UTC)', 'SHA-256'], rows: sourceRows },
    coverage: {
      columns: ['Chain', 'Transfers', 'UTXO transactions', 'First block', 'Last block'],
      rows: Object.keys(input.coverage ?? {})
        .sort()
        .map((chain) => {
          const c = input.coverage![chain];
          return [chain, c.transfers.toLocaleString('en-US'), c.transactions.toLocaleString('en-US'), c.minBlock === null ? '' : String(c.minBlock), c.maxBlock === null ? '' : String(c.maxBlock)];
        }),
    },
    files: [
      ['trace.json', 'The trace result (FORMATS.md), the figures of this report'],
      ['flows.csv', 'Every hop with the amount it carried, per victim payment'],
      ['transactions.csv', 'The stored records those hops touch'],
      ['freeze-requests/', 'Per exchange or service: deposit addresses, transactions and amounts per victim'],
      ['graph.graphml, graph.gexf', 'The flow graph for i2 Analyst\'s Notebook, Maltego, Gephi'],
      ['case/', 'The case file and its data sources, to re-trace the pack on its own'],
      ['manifest.json', 'SHA-256 of every file, tool, command, store content hash, sources; manifest.sig signs it'],
    ],
  };
}
