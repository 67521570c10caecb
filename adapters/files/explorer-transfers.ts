// Block-explorer CSV exports read as CHAIN DATA (`import --format etherscan-tokens|etherscan-txs|
// etherscan-internal|tronscan`, or recognised by the header row): every row becomes account transfers
// (FORMATS.md `transfers.jsonl`), in and out alike. The layouts and their columns are the ones the victims'
// intake reads (src/restitution/explorer-exports.ts); this file only turns rows into transfers.
// - Ids are the chain adapters' where the export has what they are made of: `<txHash>:native` (value of a
//   transaction, TRX of a Tronscan row), `<txHash>:fee` (Etherscan's TxnFee, paid by From, failed
//   transactions included). Token and internal transfers need the log index / trace address, which no
//   export gives; they are completed, in this order, from
//   1. the store: a stored transfer of the same transaction, asset, sender, recipient and amount (the k-th
//      such row takes the k-th such transfer): its record is kept as it is, so importing an export after
//      the chain data adds nothing;
//   2. a chain source (`--complete-from`, explorer-completion.ts): the adapter's id and position;
//   3. otherwise a provisional id `<txHash>:export:<16 hex>` (SHA-256 of chain, asset, from, to, amount and
//      the ordinal among identical rows of the transaction), index 0.
// - The position of a transaction in its block (txIndex) is in no export: from the store or the chain
//   source, else txIndex 0 and `positionUnknown: true` (as the TRON adapter marks what it cannot place),
//   which the trace reports as `unknownOrder` where it matters (src/tracing/unknown-order.ts).
// - Amounts are decimals in the asset's units: native decimals from the chain, token decimals from the
//   toolkit's table or the chain source (`decimals()`); a token whose decimals are unknown is refused.
// - Left out and counted: failed rows (Status/ErrCode, contractRet), unconfirmed Tronscan rows, rows that
//   move nothing. Any bad row stops the file naming file, line and field: nothing is written.

import { createHash } from 'node:crypto';
import { invalidInput } from '../../src/errors.js';
import { formatUnits, parseUnits } from '../../src/model/amount.js';
import { normalizeAddress } from '../../src/model/address.js';
import { assetInfo, normalizeAsset } from '../../src/model/asset.js';
import { chainInfo } from '../../src/model/chain.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { assetOf, type Cells, column, detectExplorerFormat, type ExplorerFormat, isZero, layoutOf, plainAmount, rowTime } from '../../src/restitution/explorer-exports.js';
import type { ExplorerCompletion, TxFacts } from './explorer-completion.js';
import { readCsv } from './read-records.js';

export const EXPLORER_IMPORT_FORMATS = ['etherscan-tokens', 'etherscan-txs', 'etherscan-internal', 'tronscan'] as const;
export type ExplorerImportFormat = (typeof EXPLORER_IMPORT_FORMATS)[number];

const SHARED: Record<ExplorerImportFormat, ExplorerFormat> = {
  'etherscan-tokens': 'etherscan-tokens',
  'etherscan-txs': 'etherscan-transactions',
  'etherscan-internal': 'etherscan-internal',
  tronscan: 'tronscan',
};

export function isExplorerImportFormat(value: string): value is ExplorerImportFormat {
  return (EXPLORER_IMPORT_FORMATS as readonly string[]).includes(value);
}

/** The import format of an explorer export's header row; undefined when it is none. */
export function explorerImportFormatOf(header: readonly string[]): ExplorerImportFormat | undefined {
  const shared = detectExplorerFormat(header);
  return EXPLORER_IMPORT_FORMATS.find((f) => SHARED[f] === shared);
}

export interface ExplorerImportOptions {
  /** Expected layout; the header must be that layout. */
  format?: ExplorerImportFormat;
  /** Chain of an Etherscan-family export (default ethereum); Tronscan exports are tron. */
  chain?: string;
  /** The token of a Tronscan export without a Token column (the token chosen on the page): `trc20:T...` or TRX. */
  asset?: string;
  /** Chain source completing positions and ids. */
  complete?: ExplorerCompletion;
}

export interface ExplorerImportResult {
  format: ExplorerImportFormat;
  chain: string;
  transfers: AccountTransfer[];
  /** Rows read (data rows of the file). */
  rows: number;
  /** How each transfer's id and position were had. */
  completion: { store: number; source: number; export: number; positionUnknown: number };
  /** Rows left out on purpose, by reason. */
  skipped: Record<string, number>;
}

type Kind = 'native' | 'fee' | 'token' | 'internal';

interface Draft {
  kind: Kind;
  line: number;
  /** The column the amount came from (for errors). */
  field: string;
  txHash: string;
  block?: number;
  time?: string;
  asset: string;
  from: string;
  to: string | null;
  amount: bigint;
}

const BLOCK = ['Blockno', 'block', 'Block', 'Block No', 'BlockNo'];

function key(chain: string, address: string | null): string {
  return address === null ? '' : chain === 'tron' ? address : address.toLowerCase();
}

/** Reads one explorer export into transfers; nothing is written. */
export async function readExplorerTransfers(file: string, store: GraphStore, options: ExplorerImportOptions = {}): Promise<ExplorerImportResult> {
  const records: { line: number; cells: Cells }[] = [];
  for await (const { line, value } of readCsv(file)) records.push({ line, cells: value as Cells });
  const header = records.length > 0 ? Object.keys(records[0].cells) : [];
  const detected = explorerImportFormatOf(header);
  if (detected === undefined) {
    throw invalidInput(`not an explorer export: the header is none of ${EXPLORER_IMPORT_FORMATS.join(', ')}`, { file, line: 1 }, { header });
  }
  if (options.format !== undefined && options.format !== detected) {
    throw invalidInput(`the header is that of an export of layout ${detected}, not ${options.format}`, { file, line: 1, field: '--format' }, { header });
  }
  const format = detected;
  if (format === 'tronscan' && options.chain !== undefined && options.chain !== 'tron') {
    throw invalidInput(`a Tronscan export is tron, not ${options.chain}`, { file, field: '--chain' });
  }
  const chain = format === 'tronscan' ? 'tron' : (options.chain ?? 'ethereum');
  const info = chainInfo(chain);
  if (info?.model !== 'account' || (format === 'tronscan') !== (info.family === 'tron')) {
    throw invalidInput(`${format} exports are of ${format === 'tronscan' ? 'tron' : 'EVM chains'}, not "${chain}"`, { file, field: '--chain' });
  }
  const layout = layoutOf(SHARED[format], header, chain, file);
  const blockColumn = column(header, BLOCK);
  const inColumn = header.find((h) => /^Value_IN\(/.test(h));
  const feeColumn = header.find((h) => /^TxnFee\(/.test(h) && !/USD/i.test(h));
  const native = info.nativeSymbol;
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const decimalsOf = new Map<string, number | undefined>();
  const drafts: Draft[] = [];

  for (const { line, cells } of records) {
    const where = { file, line };
    const hashText = (cells[layout.hash] ?? '').trim();
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(hashText)) throw invalidInput('must be a transaction hash', { ...where, field: layout.hash }, { value: hashText });
    const txHash = chain === 'tron' ? hashText.toLowerCase().replace(/^0x/, '') : `0x${hashText.toLowerCase().replace(/^0x/, '')}`;
    let block: number | undefined;
    if (blockColumn !== undefined && (cells[blockColumn] ?? '').trim() !== '') {
      const b = (cells[blockColumn] ?? '').trim().replaceAll(',', '');
      if (!/^\d+$/.test(b) || !Number.isSafeInteger(Number(b))) throw invalidInput('must be a block number', { ...where, field: blockColumn }, { value: b });
      block = Number(b);
    }
    const time = rowTime(layout.time === undefined ? undefined : cells[layout.time]);
    const from = normalizeAddress(chain, (cells[layout.from] ?? '').trim(), where, layout.from);
    let toText = (cells[layout.to] ?? '').trim();
    if (toText === '' && format === 'etherscan-txs') toText = (cells.ContractAddress ?? '').trim();
    const to = normalizeAddress(chain, toText, where, layout.to);
    const failed = layout.failed(cells);
    const amountOf = async (field: string, asset: string): Promise<bigint> => {
      const text = plainAmount(cells[field] ?? '');
      if (text === undefined) throw invalidInput("must be a decimal in the asset's units", { ...where, field }, { value: cells[field] });
      if (!decimalsOf.has(asset)) decimalsOf.set(asset, assetInfo(chain, asset).decimals ?? (await options.complete?.decimals?.(asset)));
      const decimals = decimalsOf.get(asset);
      if (decimals === undefined) {
        throw invalidInput(`the decimals of ${asset} are not known, so ${text} cannot be converted to base units: give --complete-from a chain source`, { ...where, field }, { asset });
      }
      return parseUnits(text, decimals, { ...where, field });
    };
    const base = { line, txHash, block, time, from };

    if (format === 'etherscan-txs') {
      if (feeColumn !== undefined && (cells[feeColumn] ?? '').trim() !== '') {
        const fee = await amountOf(feeColumn, native);
        if (fee > 0n) drafts.push({ ...base, kind: 'fee', field: feeColumn, asset: native, to: null, amount: fee });
      }
      const field = valueColumn(cells, inColumn, layout.amount);
      const value = await amountOf(field, native);
      if (failed !== undefined) skip('failed transaction');
      else if (value > 0n) drafts.push({ ...base, kind: 'native', field, asset: native, to, amount: value });
      else skip('no value moved');
      continue;
    }
    if (failed !== undefined) {
      skip(format === 'tronscan' && failed === 'not confirmed' ? 'not confirmed' : 'failed transaction');
      continue;
    }
    if (format === 'etherscan-internal') {
      const field = valueColumn(cells, inColumn, layout.amount);
      const value = await amountOf(field, native);
      if (value > 0n) drafts.push({ ...base, kind: 'internal', field, asset: native, to, amount: value });
      else skip('no value moved');
      continue;
    }
    const assetField = layout.asset.column ?? '--asset';
    const assetText = assetOf(layout, cells, chain) ?? options.asset;
    if (assetText === undefined) throw invalidInput('the export does not name its token: give --asset (trc20:<contract> or TRX)', { ...where, field: assetField });
    if (!/^(erc20|trc20):/i.test(assetText) && assetText !== native) {
      throw invalidInput(`"${assetText}" names no token contract`, { ...where, field: assetField }, { value: assetText });
    }
    const asset = normalizeAsset(chain, assetText, where, assetField);
    const amount = await amountOf(layout.amount, asset);
    if (amount === 0n) {
      skip('no value moved');
      continue;
    }
    drafts.push({ ...base, kind: asset === native ? 'native' : 'token', field: layout.amount, asset, to, amount });
  }

  const resolver = new Resolver(chain, file, store, options.complete);
  const transfers: AccountTransfer[] = [];
  for (const d of drafts) transfers.push(await resolver.resolve(d));
  return { format, chain, transfers, rows: records.length, completion: resolver.counts, skipped };
}

/** Etherscan's transactions and internal layouts: the value is under Value_IN or Value_OUT. */
function valueColumn(cells: Cells, inColumn: string | undefined, outColumn: string): string {
  const value = (c: string | undefined) => (c === undefined ? undefined : plainAmount(cells[c] ?? ''));
  const out = value(outColumn);
  if (inColumn !== undefined && (out === undefined || isZero(out)) && value(inColumn) !== undefined) return inColumn;
  return outColumn;
}

/** Completes drafts into transfers: store, then chain source, then provisional (see the header). */
class Resolver {
  readonly counts = { store: 0, source: 0, export: 0, positionUnknown: 0 };
  private readonly facts = new Map<string, Promise<TxFacts | undefined>>();
  private readonly internals = new Map<string, Promise<AccountTransfer[] | undefined>>();
  /** Stored transfers sent by an address in an asset, per transaction. */
  private readonly sent = new Map<string, Map<string, AccountTransfer[]>>();
  private readonly used = new Set<string>();
  private readonly ordinals = new Map<string, number>();

  constructor(
    private readonly chain: string,
    private readonly file: string,
    private readonly store: GraphStore,
    private readonly complete: ExplorerCompletion | undefined,
  ) {}

  private same(d: Draft, t: AccountTransfer): boolean {
    return t.txHash === d.txHash && t.asset === d.asset && key(this.chain, t.from) === key(this.chain, d.from) && key(this.chain, t.to) === key(this.chain, d.to) && t.amount === d.amount;
  }

  private txFacts(txHash: string): Promise<TxFacts | undefined> {
    let p = this.facts.get(txHash);
    if (!p) {
      p = this.complete ? this.complete.tx(txHash) : Promise.resolve(undefined);
      this.facts.set(txHash, p);
    }
    return p;
  }

  private async storedSent(d: Draft): Promise<AccountTransfer[]> {
    const k = key(this.chain, d.from);
    let byTx = this.sent.get(`${k}|${d.asset}`);
    if (!byTx) {
      byTx = new Map();
      for await (const t of this.store.ledger(this.chain, d.from, { asset: d.asset })) {
        if (key(this.chain, t.from) !== k) continue;
        const list = byTx.get(t.txHash) ?? [];
        list.push(t);
        byTx.set(t.txHash, list);
      }
      this.sent.set(`${k}|${d.asset}`, byTx);
    }
    return byTx.get(d.txHash) ?? [];
  }

  /** The first unused transfer among `candidates` that is the draft's movement. */
  private take(d: Draft, candidates: readonly AccountTransfer[], kind: (t: AccountTransfer) => boolean): AccountTransfer | undefined {
    const hit = candidates.find((t) => !this.used.has(t.id) && kind(t) && this.same(d, t));
    if (hit) this.used.add(hit.id);
    return hit;
  }

  private checkBlock(d: Draft, block: number, source: string): void {
    if (d.block !== undefined && d.block !== block) {
      throw invalidInput(`the export says block ${d.block}, ${source} says ${block}`, { file: this.file, line: d.line, field: 'block' }, { txHash: d.txHash });
    }
  }

  private withTime(t: AccountTransfer, d: Draft): AccountTransfer {
    return t.time === undefined && d.time !== undefined ? { ...t, time: d.time } : t;
  }

  async resolve(d: Draft): Promise<AccountTransfer> {
    const where = { file: this.file, line: d.line };
    const isToken = (t: AccountTransfer) => !/:(native|fee)$/.test(t.id) && !t.id.includes(':call:');
    const isCall = (t: AccountTransfer) => t.id.includes(':call:');
    // 1. the store
    if (d.kind === 'native' || d.kind === 'fee') {
      const id = `${d.txHash}:${d.kind}`;
      const stored = await this.store.getTransfer(this.chain, id);
      if (stored) {
        if (!this.same(d, stored)) {
          throw invalidInput(`the store holds ${id} as ${formatUnits(stored.amount, assetInfo(this.chain, stored.asset).decimals ?? 0)} ${stored.asset} from ${stored.from} to ${stored.to ?? 'none'}: the export differs`, { ...where, field: d.field }, { id });
        }
        this.checkBlock(d, stored.block, 'the store');
        this.counts.store++;
        return stored;
      }
    } else {
      const stored = this.take(d, await this.storedSent(d), d.kind === 'token' ? isToken : isCall);
      if (stored) {
        this.checkBlock(d, stored.block, 'the store');
        this.counts.store++;
        return stored;
      }
    }
    // 2. the chain source
    const facts = await this.txFacts(d.txHash);
    if (this.complete && !facts) throw invalidInput(`${this.complete.description} does not hold transaction ${d.txHash}`, { ...where, field: 'txHash' });
    if (facts) this.checkBlock(d, facts.block, this.complete!.description);
    const unknown = facts?.txIndex === undefined;
    const place = (t: AccountTransfer): AccountTransfer => {
      this.counts.source++;
      if (unknown) this.counts.positionUnknown++;
      const placed = unknown ? { ...t, txIndex: 0, extra: { ...t.extra, positionUnknown: true } } : t;
      return this.withTime(placed, d);
    };
    if (facts && d.kind === 'token') {
      const hit = this.take(d, facts.tokens, () => true);
      if (!hit) {
        throw invalidInput(`${this.complete!.description} shows no transfer of this amount of ${d.asset} from ${d.from} to ${d.to} in ${d.txHash}`, { ...where, field: d.field });
      }
      return place(hit);
    }
    if (facts && d.kind === 'internal' && this.complete?.internal) {
      let p = this.internals.get(d.txHash);
      if (!p) {
        p = this.complete.internal(d.txHash);
        this.internals.set(d.txHash, p);
      }
      const calls = await p;
      if (calls) {
        const hit = this.take(d, calls, () => true);
        if (!hit) throw invalidInput(`${this.complete!.description} shows no internal transfer of this amount from ${d.from} to ${d.to} in ${d.txHash}`, { ...where, field: d.field });
        return place(hit);
      }
    }
    // 3. what the export gives (ids of value and fee are the adapters'; others provisional)
    const block = facts?.block ?? d.block;
    if (block === undefined) throw invalidInput('the export gives no block: give --complete-from a chain source', { ...where, field: 'block' });
    let id: string;
    let index: number;
    if (d.kind === 'native' || d.kind === 'fee') {
      id = `${d.txHash}:${d.kind}`;
      index = -1;
    } else {
      const content = [this.chain, d.asset, key(this.chain, d.from), key(this.chain, d.to), d.amount.toString()].join('|');
      const n = this.ordinals.get(`${d.txHash}|${content}`) ?? 0;
      this.ordinals.set(`${d.txHash}|${content}`, n + 1);
      id = `${d.txHash}:export:${createHash('sha256').update(`${content}|${n}`).digest('hex').slice(0, 16)}`;
      index = 0;
    }
    const known = facts !== undefined && !unknown;
    const txIndex = known ? (facts?.txIndex ?? 0) : 0;
    const t: AccountTransfer =
      d.time === undefined
        ? { id, chain: this.chain, asset: d.asset, txHash: d.txHash, block, txIndex, index, from: d.from, to: d.to, amount: d.amount }
        : { id, chain: this.chain, asset: d.asset, txHash: d.txHash, block, txIndex, index, time: d.time, from: d.from, to: d.to, amount: d.amount };
    if (facts) this.counts.source++;
    else this.counts.export++;
    if (!known) {
      t.extra = { positionUnknown: true };
      this.counts.positionUnknown++;
    }
    return t;
  }
}

/** The explorer layout of a CSV file from its header row (read alone); undefined when it is none. */
export async function explorerFormatOfFile(file: string): Promise<ExplorerImportFormat | undefined> {
  for await (const { value } of readCsv(file)) return explorerImportFormatOf(Object.keys(value as Cells));
  return undefined;
}
