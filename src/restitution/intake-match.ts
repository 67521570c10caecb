// Matching a victim's reported payment to the chain data: the row's transaction must hold exactly one
// movement to the reported recipient of exactly the reported amount (in the asset's units), on the
// reported chain. Anything else is a mismatch naming what differs (chain, recipient, amount), with what
// the data shows, and nothing is guessed: no nearest amount, no other output, no other chain.

import { isValidAddress, normalizeAddress } from '../model/address.js';
import { formatUnits, parseUnits } from '../model/amount.js';
import { assetInfo } from '../model/asset.js';

/** One complaint row (intake.csv). */
export interface IntakeRow {
  /** 1-based line in the CSV. */
  line: number;
  /** The file the row came from when not the intake CSV (an explorer export). */
  file?: string;
  victim: string;
  name?: string;
  contact?: string;
  date?: string;
  chain: string;
  txHash: string;
  recipient: string;
  /** As reported, in the asset's units (1.5 BTC, 50000 USDT). */
  amount: string;
  /** Asset id (erc20:...) or symbol (USDT), optional. */
  asset?: string;
  reportedLoss?: string;
  currency?: string;
}

/** A movement of the row's transaction found in the store: a transfer (account) or an output (UTXO). */
export interface IntakeCandidate {
  chain: string;
  /** Transfer id, or `<txid>:<vout>`. */
  ref: string;
  model: 'account' | 'utxo';
  recipient: string | null;
  asset: string;
  /** Base units. */
  amount: bigint;
}

export type IntakeField = 'chain' | 'txHash' | 'recipient' | 'amount' | 'asset';

export type IntakeMatch =
  | { line: number; file?: string; victim: string; status: 'resolved'; chain: string; ref: string; model: 'account' | 'utxo'; asset: string; amount: string }
  | { line: number; file?: string; victim: string; status: 'mismatch'; field: IntakeField; reason: string; found?: string[] };

function sameAddress(a: string | null, b: string): boolean {
  return a !== null && (a === b || (a.startsWith('0x') && a.toLowerCase() === b.toLowerCase()));
}

function assetMatches(chain: string, asset: string, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return asset.toLowerCase() === wanted.toLowerCase() || assetInfo(chain, asset).symbol.toLowerCase() === wanted.toLowerCase();
}

function human(c: IntakeCandidate): string {
  const info = assetInfo(c.chain, c.asset);
  return info.decimals === undefined ? `${c.amount} base units of ${c.asset}` : `${formatUnits(c.amount, info.decimals)} ${info.symbol}`;
}

/** Whether the reported amount equals the candidate's exactly, in the asset's units. */
function amountEquals(c: IntakeCandidate, reported: string): boolean {
  const decimals = assetInfo(c.chain, c.asset).decimals;
  if (decimals === undefined) return /^\d+$/.test(reported) && BigInt(reported) === c.amount;
  const [whole, frac = ''] = reported.split('.');
  const significant = frac.replace(/0+$/, '');
  if (significant.length > decimals) return false;
  return parseUnits(significant ? `${whole}.${significant}` : whole, decimals) === c.amount;
}

/**
 * Decides one row. `onChain`: the movements of the row's transaction on the reported chain (empty when the
 * chain is unknown or the transaction is not stored there); `elsewhere`: chains where the store holds it.
 */
export function matchIntakeRow(row: IntakeRow, chain: string | undefined, onChain: readonly IntakeCandidate[], elsewhere: readonly string[]): IntakeMatch {
  const base = row.file === undefined ? { line: row.line, victim: row.victim } : { line: row.line, file: row.file, victim: row.victim };
  if (chain === undefined) return { ...base, status: 'mismatch', field: 'chain', reason: `unknown chain "${row.chain}"` };
  if (onChain.length === 0) {
    if (elsewhere.length > 0) return { ...base, status: 'mismatch', field: 'chain', reason: `transaction ${row.txHash} is not on ${chain} in the store but on ${elsewhere.join(', ')}`, found: [...elsewhere] };
    return { ...base, status: 'mismatch', field: 'txHash', reason: `transaction ${row.txHash} is not in the store (${chain}): import or ingest it first` };
  }
  // Any valid form of the address (lower-case EVM hex, upper-case bech32) is compared in its canonical form.
  if (!isValidAddress(chain, row.recipient)) return { ...base, status: 'mismatch', field: 'recipient', reason: `${row.recipient} is not a valid ${chain} address` };
  const recipient = normalizeAddress(chain, row.recipient);
  const toRecipient = onChain.filter((c) => sameAddress(c.recipient, recipient));
  if (toRecipient.length === 0) {
    const recipients = [...new Set(onChain.map((c) => c.recipient).filter((r): r is string => r !== null))];
    return { ...base, status: 'mismatch', field: 'recipient', reason: `transaction ${row.txHash} pays nothing to ${row.recipient}`, found: recipients };
  }
  const ofAsset = toRecipient.filter((c) => assetMatches(c.chain, c.asset, row.asset));
  if (ofAsset.length === 0) return { ...base, status: 'mismatch', field: 'asset', reason: `no ${row.asset} paid to ${row.recipient} in ${row.txHash}`, found: toRecipient.map(human) };
  const exact = ofAsset.filter((c) => amountEquals(c, row.amount));
  if (exact.length === 0) return { ...base, status: 'mismatch', field: 'amount', reason: `reported ${row.amount}, but ${row.txHash} pays ${row.recipient} ${ofAsset.map(human).join(' and ')}`, found: ofAsset.map(human) };
  if (exact.length > 1) return { ...base, status: 'mismatch', field: 'amount', reason: `${exact.length} movements of ${row.amount} to ${row.recipient} in ${row.txHash}: give the asset to choose one`, found: exact.map((c) => c.ref) };
  const hit = exact[0];
  return { ...base, status: 'resolved', chain: hit.chain, ref: hit.ref, model: hit.model, asset: hit.asset, amount: hit.amount.toString() };
}
