// One-label address lists: sanctions lists (one address a line, or a JSON array of strings, as in the
// OFAC SDN extracts `sanctioned_addresses_<SYMBOL>.txt/.json`), darklists (JSON objects with an
// `address`), and labelled CSV datasets (a column of addresses plus a per-row name). Every address
// becomes one tag; the label, category, confidence and chain come from options, the file name or the row.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { invalidInput, isLedgerhoundError } from '../../src/errors.js';
import { isValidAddress } from '../../src/model/address.js';
import { chainInfo } from '../../src/model/chain.js';
import { isTagCategory, parseTag, type Tag, type TagCategory } from '../../src/model/tag.js';
import type { SourceRecord } from './source-record.js';
import type { RejectedRecord } from './source-record.js';

export interface AddressListOptions {
  /** Chain of every address; default: from the file name's symbol, else from each address's form. */
  chain?: string;
  label?: string;
  category?: TagCategory;
  confidence?: number;
  /** Source attribution; default: the file name. */
  source?: string;
  /** Make an invalid address an INVALID_INPUT error for the whole file instead of a rejected record. */
  strict?: boolean;
}

export interface AddressListResult {
  tags: { line: number; tag: Tag }[];
  rejected: RejectedRecord[];
}

/** Ticker symbols of the OFAC extracts -> chains modelled here. USDT/USDC lists mix Ethereum and TRON. */
const SYMBOL_CHAINS: Record<string, string | 'by-form'> = {
  XBT: 'bitcoin',
  BTC: 'bitcoin',
  ETH: 'ethereum',
  TRX: 'tron',
  BSC: 'bsc',
  ARB: 'arbitrum',
  USDT: 'by-form',
  USDC: 'by-form',
};

const ADDRESS_COLUMNS = ['address', 'banned_address', 'contract_address', 'wallet'];
const LABEL_COLUMNS = ['label', 'wallet_tag', 'etherscan_tag', 'contract_tag', 'comment', 'name'];

interface ListDefaults {
  label?: string;
  category: TagCategory;
  confidence: number;
  chain?: string | 'by-form';
}

function defaultsFor(file: string): ListDefaults {
  const name = basename(file).toLowerCase();
  const ofac = /^sanctioned_addresses_([a-z0-9]+)\./.exec(name);
  if (ofac) {
    const symbol = ofac[1].toUpperCase();
    const chain = SYMBOL_CHAINS[symbol];
    if (!chain) throw invalidInput(`the list is for ${symbol}, a chain this toolkit does not model (give --chain to override)`, { file }, { symbol });
    return { label: 'OFAC SDN listed address', category: 'sanctioned', confidence: 60, chain };
  }
  const illicit = /phish|scam|dark|malicious|fraud|hack/.test(name);
  return { category: illicit ? 'scam' : 'other', confidence: 20 };
}

/** The modelled chain an address's form points to: 0x... EVM (ethereum), T... TRON, else Bitcoin. */
export function chainByForm(address: string): string {
  if (address.startsWith('0x')) return 'ethereum';
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)) return 'tron';
  return 'bitcoin';
}

/** True when a record looks like a list entry (a bare string, or an object with an address but no tag fields). */
export function isListEntry(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null) return false;
  const rec = value as Record<string, unknown>;
  const hasAddress = ADDRESS_COLUMNS.some((c) => typeof rec[c] === 'string');
  return hasAddress && !('category' in rec && 'chain' in rec);
}

/** Reads a plain text list: one address a line; blank lines and `#` comments skipped. */
export async function readTextList(file: string): Promise<SourceRecord[]> {
  const text = await readFile(file, 'utf8');
  const out: SourceRecord[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const value = raw.trim();
    if (value && !value.startsWith('#')) out.push({ line: i + 1, value });
  });
  return out;
}

/**
 * Turns list entries into tags. An address listed under the wrong chain but valid on another modelled
 * chain (the OFAC XBT list holds a TRON address) is kept on the chain its form names, with a note; an
 * address valid nowhere is rejected and reported by line (with `strict`, an INVALID_INPUT error).
 */
export function listEntriesToTags(file: string, records: SourceRecord[], options: AddressListOptions = {}): AddressListResult {
  const defaults = defaultsFor(file);
  if (options.chain !== undefined && !chainInfo(options.chain)) throw invalidInput(`unknown chain "${options.chain}"`, { file });
  if (options.category !== undefined && !isTagCategory(options.category)) throw invalidInput(`unknown category "${options.category}"`, { file });
  const source = options.source ?? basename(file);
  const fallbackLabel = defaults.label ?? basename(file).replace(/\.[^.]+$/, '');
  const result: AddressListResult = { tags: [], rejected: [] };
  for (const { line, value } of records) {
    const where = { file, line };
    let address: string;
    let rowLabel: string | undefined;
    const notes: string[] = [];
    if (typeof value === 'string') {
      address = value.trim();
    } else {
      const rec = value as Record<string, unknown>;
      const column = ADDRESS_COLUMNS.find((c) => typeof rec[c] === 'string' && rec[c] !== '');
      if (!column) throw invalidInput('no address column', { ...where, field: ADDRESS_COLUMNS.join('|') });
      address = String(rec[column]).trim();
      const labelColumn = LABEL_COLUMNS.find((c) => typeof rec[c] === 'string' && rec[c] !== '');
      rowLabel = labelColumn ? String(rec[labelColumn]) : undefined;
      if (typeof rec.date === 'string' && rec.date) notes.push(`listed ${rec.date}`);
    }
    let chain = options.chain ?? (defaults.chain && defaults.chain !== 'by-form' ? defaults.chain : chainByForm(address));
    if (!options.chain && !isValidAddress(chain, address) && isValidAddress(chainByForm(address), address)) {
      notes.push(`listed under ${chain}; the address is a ${chainByForm(address)} address`);
      chain = chainByForm(address);
    }
    try {
      const tag = parseTag(
        {
          chain,
          address,
          label: options.label ?? rowLabel ?? fallbackLabel,
          category: options.category ?? defaults.category,
          source,
          confidence: options.confidence ?? defaults.confidence,
          ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
        },
        where,
      );
      result.tags.push({ line, tag });
    } catch (e) {
      if (options.strict || !isLedgerhoundError(e, 'INVALID_INPUT') || e.details.field !== 'address') throw e;
      result.rejected.push({ line, field: 'address', reason: String(e.details.reason), value: address });
    }
  }
  return result;
}
