// Reads cryptocurrency addresses out of a STIX 2.1 bundle into tags (docs/sharing.md, "Import"):
// `cryptocurrency-wallet` SCOs (the dogesec/OpenCTI extension, `value`, and the older form with
// `address`), indicators whose pattern compares `cryptocurrency-wallet:value` (or `:address`), and MISP's
// own custom objects (`x-misp-attribute` of type btc; `x-misp-object` btc-wallet, coin-address,
// cryptocurrency-transaction). Monero and Dash addresses are skipped and counted. Each tag's source names
// the bundle and its producer; the label comes from our `x_ledgerhound_label`, an indicator's name, the
// holder identity or the report; confidence from `x_ledgerhound_confidence` or STIX `confidence`; the
// category from labels (taxonomy.ts); the TLP from the object's markings, else the report's.

import { invalidInput, type InputLocation } from '../errors.js';
import { isTagCategory, type TagCategory, type Tlp } from '../model/tag.js';
import { type SharingImportResult, TagCollector } from './import-result.js';
import { categoryOfTags, DEFAULT_CONFIDENCE } from './taxonomy.js';
import { strictestTlp, tlpOfMarking } from './tlp.js';

type Obj = Record<string, unknown> & { type: string; id: string };

/** True for a STIX bundle: `{"type": "bundle", "objects": [...]}`. */
export function isStixBundle(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Obj).type === 'bundle' && Array.isArray((value as { objects?: unknown }).objects);
}

const WALLET_PATTERN = /cryptocurrency-wallet:(?:value|address)\s*=\s*'((?:\\.|[^'\\])*)'/g;

/** The wallet addresses an indicator's STIX pattern compares with. */
export function patternAddresses(pattern: string): string[] {
  return [...pattern.matchAll(WALLET_PATTERN)].map((m) => m[1].replace(/\\(.)/g, '$1'));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Imports the addresses of a parsed STIX bundle as tags. */
export function importStixBundle(bundle: unknown, where: InputLocation = {}): SharingImportResult {
  if (!isStixBundle(bundle)) throw invalidInput('not a STIX bundle (type "bundle" with objects)', where);
  const b = bundle as { id?: unknown; objects: unknown[] };
  const objects = b.objects.filter((o): o is Obj => typeof o === 'object' && o !== null && typeof (o as Obj).type === 'string' && typeof (o as Obj).id === 'string');
  const byId = new Map(objects.map((o) => [o.id, o]));
  const markings = new Map(objects.filter((o) => o.type === 'marking-definition').map((o) => [o.id, o]));
  const reports = objects.filter((o) => o.type === 'report' || o.type === 'grouping');
  const report = reports[0];
  const creator = str(report?.created_by_ref) ?? objects.map((o) => str(o.created_by_ref)).find((r) => r !== undefined && byId.get(r)?.type === 'identity');
  const producer = creator ? byId.get(creator) : undefined;
  const tlpOf = (o: Obj | undefined): Tlp | undefined => strictestTlp(strings(o?.object_marking_refs).map((m) => tlpOfMarking(m, markings)));
  const documentTlp = tlpOf(report);
  const documentLabels = [...reports, ...objects.filter((o) => o.type === 'campaign')].flatMap((o) => strings(o.labels));
  const title = str(report?.name) ?? str(objects.find((o) => o.type === 'campaign')?.name);
  const collector = new TagCollector({
    format: 'stix',
    id: str(b.id) ?? 'bundle',
    ...(producer ? { producer: { name: str(producer.name) ?? producer.id, id: producer.id } } : {}),
    ...(title ? { title } : {}),
  });
  const fallbackLabel = title ?? `STIX bundle ${str(b.id) ?? ''}`.trim();

  // Indicators by the wallet addresses of their patterns and by the wallets they are related to.
  const indicators = objects.filter((o) => o.type === 'indicator');
  const indicatorOf = new Map<string, Obj>();
  for (const ind of indicators) {
    const addresses = patternAddresses(str(ind.pattern) ?? '');
    if (addresses.length > 0) collector.count('indicator');
    for (const a of addresses) if (!indicatorOf.has(a)) indicatorOf.set(a, ind);
  }
  for (const rel of objects.filter((o) => o.type === 'relationship')) {
    const source = byId.get(str(rel.source_ref) ?? '');
    const target = byId.get(str(rel.target_ref) ?? '');
    const [ind, wallet] = source?.type === 'indicator' ? [source, target] : [target, source];
    const address = wallet?.type === 'cryptocurrency-wallet' ? (str(wallet.value) ?? str(wallet.address)) : undefined;
    if (ind?.type === 'indicator' && address && !indicatorOf.has(address)) indicatorOf.set(address, ind);
  }

  const fromIndicator = (address: string, own: Obj | undefined) => {
    const ind = indicatorOf.get(address);
    const labels = [...strings(own?.labels), ...strings(ind?.labels)];
    const confidence = typeof ind?.confidence === 'number' ? ind.confidence : typeof report?.confidence === 'number' ? report.confidence : DEFAULT_CONFIDENCE;
    return { ind, labels, confidence };
  };

  for (const w of objects.filter((o) => o.type === 'cryptocurrency-wallet')) {
    collector.count('cryptocurrency-wallet');
    const address = str(w.value) ?? str(w.address);
    if (!address) continue;
    const { ind, labels, confidence } = fromIndicator(address, w);
    const holder = byId.get(str(w.holder_ref) ?? '');
    const ownCategory = w.x_ledgerhound_category;
    let category: TagCategory = isTagCategory(ownCategory) ? ownCategory : categoryOfTags(labels, ind ? documentLabels : []);
    if (!isTagCategory(ownCategory) && holder?.type === 'identity' && !ind) category = 'exchange';
    const role = str(w.x_ledgerhound_role);
    collector.add({
      address,
      chain: str(w.x_ledgerhound_chain),
      symbol: strings(w.x_ledgerhound_symbols)[0],
      label: str(w.x_ledgerhound_label) ?? str(ind?.name) ?? str(holder?.name) ?? fallbackLabel,
      category,
      confidence: typeof w.x_ledgerhound_confidence === 'number' ? w.x_ledgerhound_confidence : confidence,
      tlp: tlpOf(w) ?? tlpOf(ind) ?? documentTlp,
      note: role ? `${role} wallet` : str(ind?.description),
    });
  }
  for (const [address, ind] of indicatorOf) {
    const { labels, confidence } = fromIndicator(address, undefined);
    collector.add({ address, label: str(ind.name) ?? fallbackLabel, category: categoryOfTags(labels, documentLabels), confidence, tlp: tlpOf(ind) ?? documentTlp, note: str(ind.description) });
  }

  for (const a of objects.filter((o) => o.type === 'x-misp-attribute')) {
    const type = str(a.x_misp_type);
    if (type !== 'btc' && type !== 'xmr' && type !== 'dash') continue;
    collector.count(`x-misp-attribute:${type}`);
    if (type !== 'btc') {
      collector.skip(type);
      continue;
    }
    const value = str(a.x_misp_value);
    if (!value) continue;
    collector.add({
      address: value,
      chain: 'bitcoin',
      label: fallbackLabel,
      category: categoryOfTags(strings(a.labels), documentLabels),
      confidence: typeof a.confidence === 'number' ? a.confidence : DEFAULT_CONFIDENCE,
      tlp: tlpOf(a) ?? documentTlp,
      note: str(a.x_misp_comment),
    });
  }
  for (const o of objects.filter((x) => x.type === 'x-misp-object')) {
    const name = str(o.x_misp_name);
    if (name !== 'btc-wallet' && name !== 'coin-address' && name !== 'cryptocurrency-transaction') continue;
    collector.count(`x-misp-object:${name}`);
    const attrs = Array.isArray(o.x_misp_attributes) ? (o.x_misp_attributes as Record<string, unknown>[]) : [];
    const symbol = str(attrs.find((x) => x.object_relation === 'symbol')?.value);
    for (const attr of attrs) {
      const relation = str(attr.object_relation);
      const value = str(attr.value);
      if (!value) continue;
      if (relation === 'address-xmr' || attr.type === 'xmr') {
        collector.skip('xmr');
        continue;
      }
      if (relation !== 'wallet-address' && relation !== 'address' && relation !== 'btc-address' && relation !== 'address-crypto') continue;
      collector.add({
        address: value,
        ...(relation === 'address-crypto' ? {} : { chain: 'bitcoin' }),
        ...(symbol ? { symbol } : {}),
        label: fallbackLabel,
        category: categoryOfTags(strings(o.labels), documentLabels),
        confidence: DEFAULT_CONFIDENCE,
        tlp: tlpOf(o) ?? documentTlp,
        note: str(o.x_misp_comment) ?? `MISP ${name}`,
      });
    }
  }
  return collector.result;
}
