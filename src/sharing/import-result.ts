// What importing a shared document (STIX bundle or MISP event) gives: tags, plus counts of what was
// read, skipped on purpose (coins Ledgerhound does not model, such as Monero) and rejected (invalid
// addresses). The collector validates each tag with the FORMATS.md rules and keeps one tag per address
// (the first one found, in the importer's order of precedence).

import { isLedgerhoundError } from '../errors.js';
import { parseTag, type Tag, type TagCategory, type Tlp } from '../model/tag.js';
import { chainOfAddress } from './taxonomy.js';

export interface SharedDocumentInfo {
  format: 'stix' | 'misp';
  /** Bundle id or event uuid. */
  id: string;
  /** Producer identity: name and id (STIX identity id, MISP Orgc uuid). */
  producer?: { name: string; id: string };
  /** Report name or event info. */
  title?: string;
}

export interface SharingImportResult {
  document: SharedDocumentInfo;
  tags: Tag[];
  /** Objects read, by kind (`cryptocurrency-wallet`, `indicator`, `btc`, `coin-address`, ...). */
  counts: Record<string, number>;
  /** Skipped on purpose, by reason (`xmr`: Monero is not modelled). */
  skipped: Record<string, number>;
  /** Addresses valid on no modelled chain. */
  rejected: { address: string; reason: string }[];
}

export interface TagDraft {
  address: string;
  chain?: string;
  symbol?: string;
  label: string;
  category: TagCategory;
  confidence: number;
  tlp?: Tlp;
  note?: string;
}

/** The `source` of an imported tag: who produced the document and which document it is. */
export function sourceOf(doc: SharedDocumentInfo): string {
  const kind = doc.format === 'stix' ? 'STIX' : 'MISP event';
  const by = doc.producer ? ` by ${doc.producer.name} (${doc.producer.id})` : '';
  return `${kind} ${doc.id}${by}`;
}

export class TagCollector {
  readonly result: SharingImportResult;
  private readonly seen = new Set<string>();

  constructor(document: SharedDocumentInfo) {
    this.result = { document, tags: [], counts: {}, skipped: {}, rejected: [] };
  }

  count(kind: string, n = 1): void {
    this.result.counts[kind] = (this.result.counts[kind] ?? 0) + n;
  }

  skip(reason: string): void {
    this.result.skipped[reason] = (this.result.skipped[reason] ?? 0) + 1;
  }

  /** Adds a tag unless its address already has one from this document; invalid addresses are rejected. */
  add(draft: TagDraft): void {
    const chain = chainOfAddress(draft.address, { chain: draft.chain, symbol: draft.symbol });
    if (chain === undefined) {
      this.result.rejected.push({ address: draft.address, reason: 'not a valid address on any modelled chain' });
      return;
    }
    let tag: Tag;
    try {
      tag = parseTag({
        chain,
        address: draft.address,
        label: draft.label,
        category: draft.category,
        source: sourceOf(this.result.document),
        confidence: draft.confidence,
        ...(draft.note ? { note: draft.note } : {}),
        ...(draft.tlp ? { tlp: draft.tlp } : {}),
      });
    } catch (e) {
      if (!isLedgerhoundError(e, 'INVALID_INPUT')) throw e;
      this.result.rejected.push({ address: draft.address, reason: String(e.details.reason ?? e.message) });
      return;
    }
    const key = `${tag.chain}/${tag.address}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.result.tags.push(tag);
  }
}
