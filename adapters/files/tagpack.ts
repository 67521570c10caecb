// GraphSense TagPack YAML (graphsense-tagpack-tool, tagpack_schema.yaml): header fields are inherited by
// every tag; `currency`/`network` name the chain; `confidence` is an id of GraphSense's confidence
// taxonomy (confidence.csv, mapped to its level 0-100); `category` and `abuse` are concepts of its
// taxonomy, mapped onto FORMATS.md categories. Tags on currencies this toolkit does not model (LTC, XMR,
// ...) and tags without an address (tx_hash tags) are skipped and counted, never silently. Published
// packs contain malformed addresses: those tags are rejected and reported by line (or, with `strict`,
// fail the file).

import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { invalidInput, isLedgerhoundError } from '../../src/errors.js';
import { isValidAddress, normalizeAddress } from '../../src/model/address.js';
import { chainInfo } from '../../src/model/chain.js';
import { chainByForm } from './address-list.js';
import type { RejectedRecord } from './source-record.js';
import { parseTag, type Tag, type TagCategory } from '../../src/model/tag.js';

/** GraphSense confidence taxonomy (confidence.csv: id -> level). */
const CONFIDENCE_LEVELS: Record<string, number> = {
  override: 100,
  ownership: 100,
  ledger_immanent: 100,
  manual_transaction: 90,
  service_api: 70,
  forensic_investigation: 70,
  authority_data: 60,
  trusted_provider: 50,
  service_data: 50,
  forensic: 50,
  untrusted_transaction: 40,
  web_crawl: 20,
  heuristic: 10,
  unknown: 5,
};
const DEFAULT_CONFIDENCE = 50;

/** GraphSense concepts -> FORMATS.md categories. */
const CATEGORY_MAP: Record<string, TagCategory> = {
  exchange: 'exchange',
  otc: 'otc',
  payment_processor: 'payment_processor',
  wallet_service: 'wallet_service',
  gambling: 'gambling',
  mixing_service: 'mixer',
  coinjoin: 'mixer',
  mixer: 'mixer',
  bridge: 'bridge',
  defi: 'defi',
  defi_dex: 'defi',
  defi_lending: 'defi',
  defi_bridge: 'bridge',
  miner: 'miner',
  mining_service: 'miner',
  scam: 'scam',
  sanction: 'sanctioned',
  sanctioned: 'sanctioned',
  victim: 'victim',
  law_enforcement: 'law_enforcement',
};

/** Abuse concepts that make an address a scam/illicit one when no service category says otherwise. */
const ABUSE_MAP: Record<string, TagCategory> = {
  sanction: 'sanctioned',
  scam: 'scam',
  phishing: 'scam',
  investment_fraud: 'scam',
  ponzi_scheme: 'scam',
  pyramid_scheme: 'scam',
  ransomware: 'scam',
  sextortion: 'scam',
  service_hack: 'scam',
};

/** A record of third-party attribution data that was not imported, and why. */
export interface TagPackResult {
  tags: { line: number; tag: Tag }[];
  /** Skipped tags by reason, e.g. `currency LTC not modelled: 29`. */
  skipped: Record<string, number>;
  /** Tags with invalid addresses (published packs contain typos): reported, not imported. */
  rejected: RejectedRecord[];
}

export interface TagPackOptions {
  /** Make an invalid address an INVALID_INPUT error for the whole file instead of a rejected record. */
  strict?: boolean;
}

/** The chain a GraphSense currency/network pair belongs to here, or undefined if not modelled. */
function chainOf(currency: string, network: string | undefined, address: string): string | undefined {
  const key = (network ?? currency).toUpperCase();
  const evm = address.startsWith('0x');
  switch (key) {
    case 'BTC':
      return 'bitcoin';
    case 'ETH':
      return 'ethereum';
    case 'TRX':
    case 'TRON':
      return 'tron';
    case 'BEP20':
    case 'BSC':
    case 'BNB':
      return evm ? 'bsc' : undefined;
    case 'MATIC':
    case 'POLYGON':
      return evm ? 'polygon' : undefined;
    case 'AVAX':
      return evm ? 'avalanche' : undefined;
    case 'USDT':
    case 'USDC':
      return evm ? 'ethereum' : address.startsWith('T') ? 'tron' : undefined;
    default:
      return undefined;
  }
}

function categoryOf(fields: Record<string, unknown>): TagCategory {
  const category = typeof fields.category === 'string' ? CATEGORY_MAP[fields.category] : undefined;
  if (category) return category;
  const abuse = typeof fields.abuse === 'string' ? ABUSE_MAP[fields.abuse] : undefined;
  if (abuse) return abuse;
  // Packs scraped from the OFAC SDN list carry category `user`; their label and source say what they are.
  const text = `${fields.label ?? ''} ${fields.title ?? ''} ${fields.source ?? ''}`;
  if (/\bOFAC\b|sanction/i.test(text)) return 'sanctioned';
  return 'other';
}

function confidenceOf(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100) return value;
  if (typeof value === 'string') return CONFIDENCE_LEVELS[value] ?? DEFAULT_CONFIDENCE;
  return DEFAULT_CONFIDENCE;
}

/** Reads a TagPack file into tags with their line numbers. Invalid addresses are INVALID_INPUT errors. */
export async function readTagPack(file: string, options: TagPackOptions = {}): Promise<TagPackResult> {
  const text = await readFile(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw invalidInput(`malformed YAML: ${err.message}`, { file, line: lineCounter.linePos(err.pos[0]).line });
  }
  const root = doc.contents;
  if (!isMap(root)) throw invalidInput('a TagPack must be a YAML mapping with a `tags` list', { file, line: 1 });
  const header = root.toJSON() as Record<string, unknown>;
  const tagsNode = root.get('tags', true);
  if (!isSeq(tagsNode)) throw invalidInput('a TagPack must have a `tags` list', { file, field: 'tags' });
  delete header.tags;
  const result: TagPackResult = { tags: [], skipped: {}, rejected: [] };
  const skip = (reason: string) => {
    result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
  };
  for (const item of tagsNode.items) {
    const line = lineCounter.linePos((item as { range?: [number, number, number] }).range?.[0] ?? 0).line;
    const own = (item as { toJSON(): unknown }).toJSON();
    if (typeof own !== 'object' || own === null) throw invalidInput('a tag must be a mapping', { file, line });
    const fields = { ...header, ...(own as Record<string, unknown>) };
    const where = { file, line };
    if (fields.address === undefined || fields.address === null) {
      skip('no address (transaction tag)');
      continue;
    }
    const address = String(fields.address).trim();
    const currency = String(fields.currency ?? '');
    if (!currency) throw invalidInput('required field is missing', { ...where, field: 'currency' });
    const chain = chainOf(currency, typeof fields.network === 'string' ? fields.network : undefined, address);
    if (!chain) {
      skip(`currency ${String(fields.network ?? currency).toUpperCase()} not modelled${/^(USDT|USDC)$/i.test(currency) ? ' on this address form' : ''}`);
      continue;
    }
    let extraNote: string | undefined;
    const extra: Record<string, unknown> = {};
    for (const key of ['actor', 'abuse', 'context', 'title', 'lastmod', 'is_cluster_definer', 'currency', 'network']) {
      if (fields[key] !== undefined && fields[key] !== null) extra[key] = fields[key] instanceof Date ? (fields[key] as Date).toISOString() : fields[key];
    }
    let canonical: string;
    let effectiveChain = chain;
    if (!isValidAddress(chain, address) && isValidAddress(chainByForm(address), address) && chainInfo(chain)?.family !== chainInfo(chainByForm(address))?.family) {
      // e.g. a TRON address listed under BTC in the OFAC pack: keep it where it can be found, say so.
      effectiveChain = chainByForm(address);
      extraNote = `listed under ${currency}; the address is a ${effectiveChain} address`;
    }
    try {
      canonical = normalizeAddress(effectiveChain, address, { ...where, field: 'address' });
    } catch (e) {
      if (options.strict || !isLedgerhoundError(e, 'INVALID_INPUT')) throw e;
      result.rejected.push({ line, field: 'address', reason: String(e.details.reason), value: address });
      continue;
    }
    const tag = parseTag(
      {
        chain: effectiveChain,
        address: canonical,
        label: fields.label,
        category: categoryOf(fields),
        source: fields.source ?? file,
        confidence: confidenceOf(fields.confidence),
        ...(extraNote ? { note: extraNote } : {}),
        ...extra,
      },
      where,
    );
    result.tags.push({ line, tag });
  }
  return result;
}
