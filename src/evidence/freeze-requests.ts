// Freeze requests: for each exchange or service where traced value stopped (an endpoint's label, else
// its category), the deposit addresses, transactions, times, assets and traced amounts per victim
// payment, as CSV (for the exchange's compliance tooling) and Markdown (to send as a letter annex).
// Per-victim amounts per transaction come from the flows into the deposit address (TraceRun.flows).
// File names stay ASCII (safe in every archive tool and file system): a label in Latin script gives its
// slug ("binance-14"); a label with letters of other scripts (莲花田, ธนาคาร) gives what Latin it has,
// else the category, plus the first characters of its first deposit address ("otc-TQn9Y2khEs").

import type { TraceEndpoint, TraceRun } from '../model/trace-result.js';
import { assetSymbol, formatAssetAmount } from './amount-format.js';
import { chunkLines, csvLine } from './csv.js';
import { humanDecimal } from './graphml.js';
import { slugify } from './markup.js';

export interface FreezeRow {
  chain: string;
  depositAddress: string;
  asset: string;
  txHash: string;
  ref: string;
  block: string;
  time: string;
  victimPayment: string;
  amount: string;
}

export interface FreezeRequest {
  entity: string;
  /** File name stem under freeze-requests/ (unique within the pack). */
  slug: string;
  category: string;
  endpoints: TraceEndpoint[];
  rows: FreezeRow[];
}

export const FREEZE_COLUMNS = ['entity', 'category', 'chain', 'depositAddress', 'asset', 'symbol', 'txHash', 'ref', 'block', 'time', 'victimPayment', 'tracedAmount', 'tracedAmountHuman'] as const;

/** Groups the endpoints by entity and lists the incoming traced transactions per victim payment. */
export function buildFreezeRequests(run: TraceRun): FreezeRequest[] {
  const groups = new Map<string, TraceEndpoint[]>();
  for (const e of run.result.endpoints) {
    const entity = e.label ?? e.category ?? 'Unlabelled cash-out point';
    const list = groups.get(entity) ?? [];
    list.push(e);
    groups.set(entity, list);
  }
  const inflows = new Map<string, TraceRun['flows']>();
  for (const f of run.flows) {
    if (f.to === null) continue;
    const key = `${f.chain}/${f.to}/${f.asset}`;
    const list = inflows.get(key);
    if (list) list.push(f);
    else inflows.set(key, [f]);
  }
  const used = new Set<string>();
  const requests: FreezeRequest[] = [];
  for (const entity of [...groups.keys()].sort()) {
    const endpoints = groups.get(entity)!;
    const stem = freezeFileStem(entity, endpoints);
    let slug = stem;
    for (let n = 2; used.has(slug); n++) slug = `${stem}-${n}`;
    used.add(slug);
    const rows: FreezeRow[] = [];
    for (const e of endpoints) {
      const flows = inflows.get(`${e.chain}/${e.address}/${e.asset}`) ?? [];
      if (flows.length > 0) {
        for (const f of flows) {
          for (const victim of Object.keys(f.bySource).sort()) {
            rows.push({ chain: e.chain, depositAddress: e.address, asset: e.asset, txHash: f.txHash, ref: f.ref, block: String(f.block), time: f.time ?? '', victimPayment: victim, amount: f.bySource[victim] });
          }
        }
      } else {
        for (const t of e.transfers) {
          rows.push({ chain: e.chain, depositAddress: e.address, asset: e.asset, txHash: t.ref.split(':')[0], ref: t.ref, block: '', time: t.time ?? '', victimPayment: Object.keys(e.bySource).sort().join(' '), amount: t.amount });
        }
      }
    }
    const category = [...new Set(endpoints.map((e) => e.category ?? 'unknown'))].sort().join(', ');
    requests.push({ entity, slug, category, endpoints, rows });
  }
  return requests;
}

const ADDRESS_PREFIX = 12;

/** The file name stem of an entity's request (see the header). */
export function freezeFileStem(entity: string, endpoints: readonly TraceEndpoint[]): string {
  const nonLatin = [...entity].some((c) => /\p{L}/u.test(c) && !/\p{Script=Latin}/u.test(c));
  if (!nonLatin) return slugify(entity);
  const latin = slugify(entity);
  const named = latin === 'unnamed' ? slugify(endpoints[0]?.category ?? 'entity') : latin;
  const address = [...endpoints].map((e) => e.address).sort()[0] ?? '';
  const prefix = address.replace(/[^A-Za-z0-9]/g, '').slice(0, ADDRESS_PREFIX);
  return prefix ? `${named}-${prefix}` : named;
}

/** The request as CSV in chunks (columns as FREEZE_COLUMNS). */
export function* renderFreezeCsv(request: FreezeRequest): Generator<string> {
  yield* chunkLines(freezeLines(request));
}

function* freezeLines(request: FreezeRequest): Generator<string> {
  yield csvLine(FREEZE_COLUMNS);
  for (const r of request.rows) {
    yield csvLine([
      request.entity,
      request.category,
      r.chain,
      r.depositAddress,
      r.asset,
      assetSymbol(r.chain, r.asset),
      r.txHash,
      r.ref,
      r.block,
      r.time,
      r.victimPayment,
      r.amount,
      humanDecimal(r.chain, r.asset, r.amount),
    ]);
  }
}

export interface FreezeMarkdownOptions {
  caseName: string;
  policy: string;
  /** The fixed "data as of" time of the pack. */
  dataAsOf: string;
  /** Most transaction rows in the Markdown (the CSV has all). Default 500. */
  maxRows?: number;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The request as a Markdown annex ready to send. */
export function renderFreezeMarkdown(request: FreezeRequest, options: FreezeMarkdownOptions): string {
  const max = options.maxRows ?? 500;
  const lines: string[] = [];
  lines.push(`# Request to freeze funds: ${cell(request.entity)}`);
  lines.push('');
  lines.push(`Case: ${cell(options.caseName)}  `);
  lines.push(`Tracing rule: ${options.policy} (defined in report.html, section Method)  `);
  lines.push(`Data as of: ${options.dataAsOf}`);
  lines.push('');
  lines.push(
    `Funds paid by the victims of this case were traced to the deposit addresses below, which our sources attribute to ${cell(request.entity)} (${cell(request.category)}). We ask you to freeze the balances credited by these transactions, and to preserve the records of the accounts behind these addresses.`,
  );
  lines.push('');
  lines.push('## Deposit addresses');
  lines.push('');
  lines.push('| Chain | Deposit address | Asset | Traced amount | By victim payment | Tag source |');
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const e of request.endpoints) {
    const byVictim = Object.keys(e.bySource)
      .sort()
      .map((v) => `${v}: ${formatAssetAmount(e.chain, e.asset, e.bySource[v])}`)
      .join('; ');
    lines.push(`| ${e.chain} | \`${e.address}\` | ${cell(assetSymbol(e.chain, e.asset))} | ${formatAssetAmount(e.chain, e.asset, e.amount)} | ${cell(byVictim)} | ${cell(e.tagSource ?? '')} |`);
  }
  lines.push('');
  lines.push('## Incoming transactions');
  lines.push('');
  lines.push('| Time (UTC) | Chain | Transaction | Deposit address | Victim payment | Traced amount |');
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const r of request.rows.slice(0, max)) {
    lines.push(`| ${r.time} | ${r.chain} | \`${r.txHash}\` | \`${r.depositAddress}\` | ${cell(r.victimPayment)} | ${formatAssetAmount(r.chain, r.asset, r.amount)} |`);
  }
  if (request.rows.length > max) lines.push(`\n${request.rows.length - max} more rows in ${request.slug}.csv.`);
  lines.push('');
  lines.push(`Amounts are exact traced amounts in the asset's units (base units in ${request.slug}.csv). Every figure is reproducible from the evidence pack this file belongs to (manifest.json).`);
  return `${lines.join('\n')}\n`;
}
