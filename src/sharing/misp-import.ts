// Reads cryptocurrency addresses out of a MISP event into tags (MISP core format; docs/sharing.md,
// "Import"): `btc` attributes, `coin-address` objects (`address`, `address-crypto` with `symbol`),
// `btc-wallet` objects, and the addresses of `cryptocurrency-transaction` / `btc-transaction` objects.
// Monero (`xmr`, `address-xmr`) and Dash are skipped and counted. Each tag's source names the event and
// its creator organisation (Orgc); label: the attribute's comment for our own events (recognised by
// their `ledgerhound:*` tags), else the event's info with the comment as note; category and confidence
// from the attribute's tags, then the event's (taxonomy.ts); TLP: the strictest `tlp:*` tag.

import { invalidInput, type InputLocation } from '../errors.js';
import type { Tlp } from '../model/tag.js';
import { type SharingImportResult, TagCollector } from './import-result.js';
import { categoryOfTags, confidenceOfTags, DEFAULT_CONFIDENCE, ledgerhoundTag } from './taxonomy.js';
import { parseTlpName, strictestTlp } from './tlp.js';

type Rec = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter((x): x is Rec => typeof x === 'object' && x !== null) : []);
const tagNames = (r: Rec | undefined): string[] => list(r?.Tag).map((t) => str(t.name)).filter((n): n is string => n !== undefined);

/** The event of a MISP document: `{"Event": {...}}` or a bare event (with `info` and attributes or objects). */
function eventOf(value: unknown): Rec | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const rec = value as Rec;
  if (typeof rec.Event === 'object' && rec.Event !== null) return rec.Event as Rec;
  if (typeof rec.info === 'string' && (Array.isArray(rec.Attribute) || Array.isArray(rec.Object))) return rec;
  return undefined;
}

export function isMispEvent(value: unknown): boolean {
  return eventOf(value) !== undefined;
}

/** Imports the addresses of a parsed MISP event as tags. */
export function importMispEvent(value: unknown, where: InputLocation = {}): SharingImportResult {
  const event = eventOf(value);
  if (!event) throw invalidInput('not a MISP event ({"Event": {...}})', where);
  const orgc = typeof event.Orgc === 'object' && event.Orgc !== null ? (event.Orgc as Rec) : undefined;
  const info = str(event.info);
  const collector = new TagCollector({
    format: 'misp',
    id: str(event.uuid) ?? 'event',
    ...(orgc && str(orgc.name) ? { producer: { name: str(orgc.name) as string, id: str(orgc.uuid) ?? str(orgc.name) as string } } : {}),
    ...(info ? { title: info } : {}),
  });
  const eventTags = tagNames(event);
  const tlpOf = (tags: string[]): Tlp | undefined => strictestTlp([...tags, ...eventTags].filter((t) => /^tlp:/i.test(t)).map(parseTlpName));

  const add = (address: string, attr: Rec, extra: { chain?: string; symbol?: string; note?: string }) => {
    const tags = tagNames(attr);
    const ours = ledgerhoundTag(tags, 'category') !== undefined;
    const role = ledgerhoundTag(tags, 'role');
    const comment = str(attr.comment);
    collector.add({
      address,
      chain: ledgerhoundTag(tags, 'chain') ?? extra.chain,
      ...(extra.symbol ? { symbol: extra.symbol } : {}),
      label: (ours ? comment : undefined) ?? info ?? `MISP event ${str(event.uuid) ?? ''}`.trim(),
      category: categoryOfTags(tags, eventTags),
      confidence: confidenceOfTags(tags) ?? confidenceOfTags(eventTags) ?? DEFAULT_CONFIDENCE,
      tlp: tlpOf(tags),
      note: ours ? (role ? `${role} wallet` : undefined) : (extra.note ?? comment),
    });
  };

  for (const a of list(event.Attribute)) {
    const type = str(a.type);
    const v = str(a.value);
    if (type !== 'btc' && type !== 'xmr' && type !== 'dash') continue;
    collector.count(type);
    if (type !== 'btc') {
      collector.skip(type);
      continue;
    }
    if (v) add(v, a, { chain: 'bitcoin' });
  }
  for (const o of list(event.Object)) {
    const name = str(o.name) ?? '';
    if (!['coin-address', 'btc-wallet', 'cryptocurrency-transaction', 'btc-transaction'].includes(name)) continue;
    collector.count(name);
    const attrs = list(o.Attribute);
    const symbol = str(attrs.find((x) => x.object_relation === 'symbol')?.value);
    const txid = str(attrs.find((x) => x.object_relation === 'transaction-number')?.value);
    for (const a of attrs) {
      const relation = str(a.object_relation);
      const v = str(a.value);
      if (!v) continue;
      if (relation === 'address-xmr' || a.type === 'xmr') {
        collector.skip('xmr');
        continue;
      }
      const isTx = name === 'cryptocurrency-transaction' || name === 'btc-transaction';
      const note = isTx && txid ? `address in transaction ${txid}` : str(o.comment);
      if (relation === 'address-crypto') add(v, a, { ...(symbol ? { symbol } : {}), ...(note ? { note } : {}) });
      else if (relation === 'address' || relation === 'wallet-address' || relation === 'btc-address') add(v, a, { chain: 'bitcoin', ...(note ? { note } : {}) });
    }
  }
  return collector.result;
}
