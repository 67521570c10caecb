// A victim's own block-explorer export ("Download CSV Export" on their address page) read as complaint
// rows: each outgoing payment from the victim's address becomes an intake row (victim, chain, transaction,
// recipient, amount, asset), then matched against the chain data like any complaint (intake-match.ts).
// Layouts, recognised by their header row, columns found by name:
// - Etherscan family (etherscan, bscscan, polygonscan, arbiscan, basescan):
//   token transfers `"Transaction Hash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","TokenValue",
//   "USDValueDayOfTx","ContractAddress","TokenName","TokenSymbol"` (older files: `Txhash`, `Value`);
//   transactions `...,"From","To","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)",...,"Status","ErrCode","Method"`;
//   internal transactions `...,"ParentTxFrom","ParentTxTo","ParentTxETH_Value","From","TxTo",...,"Value_OUT(ETH)",...`.
//   Token values may carry thousands separators (`"50,000"`).
// - Tronscan transfers: `transaction_id,block,block_ts,from_address,to_address,confirmed,contractRet,quant`
//   (the token is the one chosen on the page: no column names it), or the newer layout with `From`, `To`,
//   `Token` (naming the contract), `Amount/TokenID` and `Time(UTC)`.
// Not payments, left out: incoming rows and rows that move nothing (a contract call with value 0). Listed
// as skipped with the reason: failed transactions, and payments to addresses outside `paidTo` when given.
// Nothing is guessed: which address is the victim's is the one on every row, or given.

import { invalidInput } from '../errors.js';
import { chainInfo } from '../model/chain.js';
import type { IntakeRow } from './intake-match.js';

export type ExplorerFormat = 'etherscan-tokens' | 'etherscan-transactions' | 'etherscan-internal' | 'tronscan';

/** A row of an export that is not taken as a payment, with the reason. */
export interface ExplorerSkip {
  file: string;
  line: number;
  victim: string;
  txHash: string;
  reason: string;
}

export interface ExplorerExportOptions {
  file: string;
  victim: string;
  /** The chain of an Etherscan-family export (Tronscan: always tron). */
  chain: string;
  /** The victim's address; default: the one address on every row. */
  address?: string;
  /** Only payments to these addresses are taken (others are skipped and listed). */
  paidTo?: readonly string[];
}

export interface ExplorerExportResult {
  format: ExplorerFormat;
  chain: string;
  address: string;
  rows: IntakeRow[];
  skipped: ExplorerSkip[];
}

export type Cells = Record<string, string>;

export const HASH = ['Transaction Hash', 'Txhash', 'transaction_id', 'Hash', 'Transaction ID', 'TxHash', 'Txn Hash', 'TxID'];
const TRON_ADDRESS = /T[1-9A-HJ-NP-Za-km-z]{33}/;

export function column(header: readonly string[], names: readonly string[]): string | undefined {
  return names.find((n) => header.includes(n));
}

/** The layout of an export from its header row; undefined when it is none of the known ones. */
export function detectExplorerFormat(header: readonly string[]): ExplorerFormat | undefined {
  const has = (n: string) => header.includes(n);
  if (has('ParentTxFrom') && has('TxTo')) return 'etherscan-internal';
  if (header.some((h) => /^Value_OUT\(/.test(h))) return 'etherscan-transactions';
  if ((has('TokenValue') || has('Quantity') || (has('Value') && has('TokenSymbol'))) && column(header, HASH)) return 'etherscan-tokens';
  if ((has('quant') && has('from_address')) || (has('Amount/TokenID') && has('From'))) return 'tronscan';
  return undefined;
}

/** A decimal in the asset's units; thousands separators (1,234.5) removed; undefined when not one. */
export function plainAmount(text: string): string | undefined {
  const t = text.trim();
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return t.replaceAll(',', '');
  return /^\d+(\.\d+)?$/.test(t) ? t : undefined;
}

export function isZero(amount: string): boolean {
  return /^0+(\.0+)?$/.test(amount);
}

function sameAddress(a: string, b: string): boolean {
  return a === b || (a.startsWith('0x') && a.toLowerCase() === b.toLowerCase());
}

/** ISO-8601 UTC time of a row: Unix seconds (`UnixTimestamp`), milliseconds, or `2024-10-25 14:54:39`. */
export function rowTime(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d{13}$/.test(value)) return new Date(Number(value)).toISOString().replace('.000Z', 'Z');
  if (/^\d{9,11}$/.test(value)) return new Date(Number(value) * 1000).toISOString().replace('.000Z', 'Z');
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?Z?$/.exec(value);
  return m ? `${m[1]}T${m[2]}Z` : undefined;
}

export interface Layout {
  hash: string;
  from: string;
  to: string;
  amount: string;
  time?: string;
  /** Fixed asset of every row (native), or a column naming it. */
  asset: { fixed?: string; column?: string };
  failed: (cells: Cells) => string | undefined;
}

export function layoutOf(format: ExplorerFormat, header: readonly string[], chain: string, file: string): Layout {
  const need = (names: readonly string[], what: string) => {
    const c = column(header, names);
    if (c === undefined) throw invalidInput(`${format} export without a ${what} column (expected ${names.join(' or ')})`, { file, line: 1, field: names[0] }, { header });
    return c;
  };
  const hash = need(HASH, 'transaction hash');
  const time = column(header, ['UnixTimestamp', 'block_ts', 'Time(UTC)', 'DateTime (UTC)', 'DateTime']);
  if (format === 'tronscan') {
    return {
      hash,
      from: need(['from_address', 'From'], 'sender'),
      to: need(['to_address', 'To'], 'recipient'),
      amount: need(['quant', 'Amount/TokenID', 'Amount'], 'amount'),
      time,
      asset: { column: column(header, ['Token', 'token', 'Token Symbol']) },
      failed: (c) => {
        const result = c.contractRet ?? c.Result ?? c.Status ?? '';
        if (result !== '' && result.toUpperCase() !== 'SUCCESS') return `failed transaction (${result}): it moved nothing`;
        if (c.confirmed !== undefined && /^(false|0)$/i.test(c.confirmed)) return 'not confirmed';
        return undefined;
      },
    };
  }
  // Success is an empty Status (transactions) or `0` (internal: the API's isError); a failure has an
  // ErrCode (`Out of gas`, `Reverted`) or a Status such as `Error(0)` or `1`.
  const evmFailed = (c: Cells) => {
    const status = (c.Status ?? '').trim();
    const err = (c.ErrCode ?? '').trim() || (status === '' || status === '0' || /^success$/i.test(status) ? '' : status);
    return err !== '' ? `failed transaction (${err}): it moved nothing` : undefined;
  };
  if (format === 'etherscan-tokens') {
    return {
      hash,
      from: need(['From'], 'sender'),
      to: need(['To'], 'recipient'),
      amount: need(['TokenValue', 'Value', 'Quantity'], 'token value'),
      time,
      asset: { column: column(header, ['ContractAddress']) },
      failed: () => undefined,
    };
  }
  const out = header.find((h) => /^Value_OUT\(/.test(h)) as string;
  const symbol = /^Value_OUT\((.+)\)$/.exec(out)?.[1] ?? '';
  const native = chainInfo(chain)?.nativeSymbol;
  if (native === undefined || native.toUpperCase() !== symbol.toUpperCase()) {
    throw invalidInput(`the export is in ${symbol}, but the chain given is ${chain} (${native ?? 'unknown'}): give the explorer's chain`, { file, line: 1, field: out }, { header });
  }
  return {
    hash,
    from: need(['From'], 'sender'),
    to: need(format === 'etherscan-internal' ? ['TxTo', 'To'] : ['To'], 'recipient'),
    amount: out,
    time,
    asset: { fixed: native },
    failed: evmFailed,
  };
}

export function assetOf(layout: Layout, cells: Cells, chain: string): string | undefined {
  if (layout.asset.fixed !== undefined) return layout.asset.fixed;
  const text = layout.asset.column === undefined ? '' : (cells[layout.asset.column] ?? '').trim();
  if (text === '') return undefined;
  if (chain === 'tron') {
    const contract = TRON_ADDRESS.exec(text)?.[0];
    if (contract !== undefined) return `trc20:${contract}`;
    return text.toUpperCase() === 'TRX' ? 'TRX' : text;
  }
  return /^0x[0-9a-fA-F]{40}$/.test(text) ? `erc20:${text}` : text;
}

/** The victim's address: given, or the one address on every row (From or To). */
function victimAddress(records: readonly Cells[], layout: Layout, options: ExplorerExportOptions): string {
  if (options.address !== undefined) return options.address;
  let common: string[] | undefined;
  for (const c of records) {
    const here = [c[layout.from], c[layout.to]].filter((a): a is string => Boolean(a)).map((a) => (a.startsWith('0x') ? a.toLowerCase() : a));
    common = common === undefined ? [...new Set(here)] : common.filter((a) => here.includes(a));
  }
  if (common === undefined || common.length === 0) throw invalidInput(`no address is on every row of ${options.file}: give the victim's address (${options.victim}@<address>=<file>)`, { file: options.file, field: '--export' });
  if (common.length > 1) throw invalidInput(`${common.join(' and ')} are both on every row of ${options.file}: give the victim's address (${options.victim}@<address>=<file>)`, { file: options.file, field: '--export' }, { candidates: common });
  return common[0];
}

/**
 * The victim's outgoing payments in an export, as intake rows (with the export's file and line), and the
 * outgoing rows left out with the reason. `records`: the CSV rows keyed by the header, with their lines.
 */
export function explorerExportToIntake(header: readonly string[], records: readonly { line: number; cells: Cells }[], options: ExplorerExportOptions): ExplorerExportResult {
  const format = detectExplorerFormat(header);
  if (format === undefined) {
    throw invalidInput('not a known explorer export (Etherscan-family token transfers, transactions or internal transactions; Tronscan transfers)', { file: options.file, line: 1 }, { header });
  }
  const chain = format === 'tronscan' ? 'tron' : options.chain;
  const layout = layoutOf(format, header, chain, options.file);
  const address = victimAddress(
    records.map((r) => r.cells),
    layout,
    options,
  );
  const rows: IntakeRow[] = [];
  const skipped: ExplorerSkip[] = [];
  for (const { line, cells } of records) {
    const where = { file: options.file, line };
    const from = (cells[layout.from] ?? '').trim();
    if (!sameAddress(from, address)) continue;
    const txHash = (cells[layout.hash] ?? '').trim();
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(txHash)) throw invalidInput('must be a transaction hash', { ...where, field: layout.hash }, { value: txHash });
    const amount = plainAmount(cells[layout.amount] ?? '');
    if (amount === undefined) throw invalidInput("must be a decimal in the asset's units", { ...where, field: layout.amount }, { value: cells[layout.amount] });
    if (isZero(amount)) continue;
    const recipient = (cells[layout.to] ?? '').trim();
    const failed = layout.failed(cells);
    if (failed !== undefined) {
      skipped.push({ ...where, victim: options.victim, txHash, reason: failed });
      continue;
    }
    if (options.paidTo && options.paidTo.length > 0 && !options.paidTo.some((p) => sameAddress(p, recipient))) {
      skipped.push({ ...where, victim: options.victim, txHash, reason: `paid to ${recipient}, not one of the addresses given (--paid-to)` });
      continue;
    }
    const row: IntakeRow = { line, file: options.file, victim: options.victim, chain, txHash, recipient, amount };
    const asset = assetOf(layout, cells, chain);
    if (asset !== undefined) row.asset = asset;
    const time = rowTime(layout.time === undefined ? undefined : cells[layout.time]);
    if (time !== undefined) row.date = time;
    rows.push(row);
  }
  return { format, chain, address, rows, skipped };
}
