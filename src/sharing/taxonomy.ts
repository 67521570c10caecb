// How shared intelligence maps onto tags on import (docs/sharing.md, "Category mapping"): MISP machine
// tags and STIX labels to FORMATS.md categories and 0-100 confidence, and an address's chain from the
// document's own hint (chain property, coin symbol) or, failing that, from the address's form. Ledgerhound's
// own `ledgerhound:*` tags (and `x_ledgerhound_*` properties) win, so our documents import back exactly.

import { isValidAddress } from '../model/address.js';
import { isTagCategory, type TagCategory } from '../model/tag.js';

/** `namespace:predicate="value"` or `namespace:predicate` (misp-taxonomies machine tags). */
export interface MachineTag {
  namespace: string;
  predicate: string;
  value?: string;
}

export function parseMachineTag(tag: string): MachineTag | undefined {
  const m = /^([^:=]+):([^=]+?)(?:="?(.*?)"?)?$/.exec(tag.trim());
  if (!m) return undefined;
  const predicate = m[2].trim().replace(/^"(.*)"$/, '$1');
  return m[3] !== undefined ? { namespace: m[1].trim(), predicate, value: m[3] } : { namespace: m[1].trim(), predicate };
}

/** cryptocurrency-threat predicates (taxonomy v2) -> category. */
const CRYPTO_THREAT: Record<string, TagCategory> = {
  'Pig Butchering Scam': 'scam',
  'Rag Pull': 'scam',
  'SIM Swapping': 'scam',
  'Crypto Dusting': 'scam',
  'Email Extortion and Bomb Threats': 'scam',
  'Sanction Evasion': 'sanctioned',
  'Next-Generation Crypto Mixers': 'mixer',
  'Shadow Money Service Businesses': 'otc',
};

/** circl:incident-classification values that mean fraud against people. */
const CIRCL_SCAM = new Set(['scam', 'phishing', 'whaling', 'smishing', 'sextortion', 'social-engineering']);

/** Precedence when several tags map: the most specific attribution first. */
const PRECEDENCE: TagCategory[] = ['sanctioned', 'mixer', 'scam', 'otc', 'exchange', 'other'];

/** The category one machine tag or label maps to (see the table in docs/sharing.md). */
export function categoryOfTag(tag: string): TagCategory | undefined {
  const t = parseMachineTag(tag);
  if (!t) return undefined;
  if (t.namespace === 'ledgerhound' && t.predicate === 'category') return isTagCategory(t.value) ? t.value : undefined;
  if (t.namespace === 'cryptocurrency-threat') return CRYPTO_THREAT[t.predicate] ?? 'other';
  if (t.namespace === 'circl' && t.predicate === 'incident-classification' && t.value !== undefined) return CIRCL_SCAM.has(t.value) ? 'scam' : 'other';
  if (t.namespace === 'europol-incident' && /fraud/i.test(`${t.predicate} ${t.value ?? ''}`)) return 'scam';
  if (t.namespace === 'cryptocurrency-market' && t.predicate === 'risk-flag' && t.value === 'mixer') return 'mixer';
  return undefined;
}

/** The category of an address from its own tags first, then the document's; `other` when none maps. */
export function categoryOfTags(own: readonly string[], document: readonly string[] = []): TagCategory {
  for (const tags of [own, document]) {
    const exact = tags.map(parseMachineTag).find((t) => t?.namespace === 'ledgerhound' && t.predicate === 'category' && isTagCategory(t.value));
    if (exact) return exact.value as TagCategory;
    const found = new Set(tags.map(categoryOfTag).filter((c): c is TagCategory => c !== undefined));
    const pick = PRECEDENCE.find((c) => found.has(c));
    if (pick) return pick;
  }
  return 'other';
}

/** estimative-language:likelihood-probability (ICD 203) -> confidence. */
const LIKELIHOOD: Record<string, number> = {
  'almost-no-chance': 5,
  'very-unlikely': 15,
  unlikely: 30,
  'roughly-even-chance': 50,
  likely: 70,
  'very-likely': 85,
  'almost-certain': 95,
};

/** admiralty-scale:information-credibility 1 (confirmed) .. 5 (improbable); 6 (cannot be judged) gives none. */
const CREDIBILITY: Record<string, number> = { '1': 95, '2': 80, '3': 60, '4': 40, '5': 20 };

/** Confidence 0-100 from tags: `ledgerhound:confidence`, estimative language, admiralty scale; undefined if none. */
export function confidenceOfTags(tags: readonly string[]): number | undefined {
  for (const tag of tags) {
    const t = parseMachineTag(tag);
    if (t?.namespace === 'ledgerhound' && t.predicate === 'confidence' && /^\d+$/.test(t.value ?? '') && Number(t.value) <= 100) return Number(t.value);
  }
  for (const tag of tags) {
    const t = parseMachineTag(tag);
    if (t?.namespace === 'estimative-language' && t.predicate === 'likelihood-probability' && t.value && LIKELIHOOD[t.value] !== undefined) return LIKELIHOOD[t.value];
    if (t?.namespace === 'admiralty-scale' && t.predicate === 'information-credibility' && t.value && CREDIBILITY[t.value] !== undefined) return CREDIBILITY[t.value];
  }
  return undefined;
}

/** Confidence of shared intelligence that says nothing about it. */
export const DEFAULT_CONFIDENCE = 50;

/** The value of a `ledgerhound:<predicate>` tag. */
export function ledgerhoundTag(tags: readonly string[], predicate: string): string | undefined {
  for (const tag of tags) {
    const t = parseMachineTag(tag);
    if (t?.namespace === 'ledgerhound' && t.predicate === predicate) return t.value;
  }
  return undefined;
}

/** Coin symbols -> chain (coin-address `symbol`). USDT exists on several chains: decided by the address. */
const SYMBOL_CHAIN: Record<string, string> = { BTC: 'bitcoin', ETH: 'ethereum', TRX: 'tron', TRON: 'tron' };

/**
 * The chain of a shared address: the document's hint when the address is valid there, else the symbol's
 * chain, else the first of bitcoin, ethereum, tron where the address is valid; undefined if none.
 */
export function chainOfAddress(address: string, hint?: { chain?: string; symbol?: string }): string | undefined {
  const candidates = [hint?.chain, hint?.symbol ? SYMBOL_CHAIN[hint.symbol.toUpperCase()] : undefined, 'bitcoin', 'ethereum', 'tron'];
  for (const chain of candidates) {
    if (chain === undefined) continue;
    try {
      if (isValidAddress(chain, address)) return chain;
    } catch {
      // an unknown chain name in the hint: try the next
    }
  }
  return undefined;
}
