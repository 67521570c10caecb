// MISP event of a shared case (MISP core format, draft-dulaunoy-misp-core-format; docs/sharing.md). MISP
// has attribute types for Bitcoin (`btc`), Monero and Dash only: Bitcoin wallets are `btc` attributes;
// ETH, TRON and USDT wallets are `coin-address` objects (`address-crypto` + `symbol`, template v7);
// flows and victim payments are `cryptocurrency-transaction` objects (template v3) whose references
// point at the wallets (`received-from`, `sent-to`), with the exact base-unit amount in the comment.
// The event carries the tags `tlp:<marking>`, `cryptocurrency-threat:<scam type>` and
// `circl:incident-classification="scam"`; each wallet carries `ledgerhound:category`, `:confidence`,
// `:role` and `:chain` tags so that an import gives back the same tag. UUIDs are UUIDv5 of the case
// and content (MISP wants them unique per instance, so they are scoped by event). Only `date` and the
// `timestamp` fields change between two runs (the time of sharing).

import { formatDecimalUnits } from '../model/amount.js';
import type { Tlp } from '../model/tag.js';
import type { Producer } from './producer.js';
import type { ShareContent, SharedFlow, SharedPayment, SharedWallet } from './share-content.js';
import { uuidV5 } from './uuid5.js';

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment?: string;
  object_relation?: string;
  distribution: string;
  timestamp: string;
  Tag?: { name: string }[];
}

export interface MispObjectReference {
  uuid: string;
  object_uuid: string;
  referenced_uuid: string;
  relationship_type: string;
  timestamp: string;
}

export interface MispObject {
  uuid: string;
  name: string;
  'meta-category': string;
  template_uuid: string;
  template_version: string;
  description: string;
  comment?: string;
  distribution: string;
  timestamp: string;
  Attribute: MispAttribute[];
  ObjectReference?: MispObjectReference[];
}

export interface MispEventDocument {
  Event: {
    uuid: string;
    info: string;
    date: string;
    timestamp: string;
    published: boolean;
    analysis: string;
    threat_level_id: string;
    distribution: string;
    Orgc: { name: string; uuid: string };
    Tag: { name: string }[];
    Attribute: MispAttribute[];
    Object: MispObject[];
  };
}

export interface MispEventOptions {
  producer: Producer;
  /** The time of sharing (ISO 8601 UTC). */
  now: string;
}

const COIN_ADDRESS = { uuid: 'd0e6997e-78da-4815-a6a1-cfc1c1cb8a46', version: '7', description: 'An address used in a cryptocurrency' };
const CRYPTO_TX = { uuid: 'a4aab70f-e43a-48cb-bf82-505de8228dd6', version: '3', description: 'An object to describe a cryptocurrency transaction' };

/** MISP distribution by marking: who the event may reach inside MISP (0 organisation .. 3 all communities). */
export const DISTRIBUTION_BY_TLP: Record<Tlp, string> = { clear: '3', green: '2', amber: '1', 'amber+strict': '0', red: '0' };

/** A MISP taxonomy tag of a predicate without values: `namespace:predicate` (misp-taxonomies format). */
export function scamTypeTag(scamType: string): string {
  return `cryptocurrency-threat:${scamType}`;
}

/** Builds the event; pure and deterministic apart from `options.now`. */
export function buildMispEvent(content: ShareContent, options: MispEventOptions): MispEventDocument {
  const { producer, now } = options;
  const timestamp = String(Math.floor(Date.parse(now) / 1000));
  const eventUuid = uuidV5(`misp-event|${producer.uuid}|${content.caseName}`);
  const uuid = (name: string) => uuidV5(`misp|${eventUuid}|${name}`);
  const attr = (a: Omit<MispAttribute, 'uuid' | 'distribution' | 'timestamp'>, name: string): MispAttribute => ({ uuid: uuid(name), ...a, distribution: '5', timestamp });

  const walletUuid = new Map<string, string>();
  const attributes: MispAttribute[] = [];
  const objects: MispObject[] = [];
  for (const w of content.wallets) {
    const k = `${w.chain}/${w.address}`;
    const tags = walletTags(w);
    const comment = w.tag.label;
    if (w.chain === 'bitcoin') {
      const a = attr({ type: 'btc', category: 'Financial fraud', value: w.address, to_ids: w.role !== 'cash-out', comment, Tag: tags }, `wallet|${k}`);
      attributes.push(a);
      walletUuid.set(k, a.uuid);
      continue;
    }
    const objectUuid = uuid(`wallet|${k}`);
    walletUuid.set(k, objectUuid);
    const symbol = w.symbols.includes('USDT') ? 'USDT' : (w.symbols[0] ?? (w.chain === 'tron' ? 'TRX' : 'ETH'));
    const list: MispAttribute[] = [
      attr({ type: 'text', category: 'Financial fraud', object_relation: 'address-crypto', value: w.address, to_ids: w.role !== 'cash-out', comment, Tag: tags }, `wallet|${k}|address`),
      attr({ type: 'text', category: 'Other', object_relation: 'symbol', value: symbol, to_ids: false }, `wallet|${k}|symbol`),
    ];
    if (w.symbols.length > 1) list.push(attr({ type: 'text', category: 'Other', object_relation: 'text', value: `assets: ${w.symbols.join(', ')}`, to_ids: false }, `wallet|${k}|text`));
    if (w.firstSeen) list.push(attr({ type: 'datetime', category: 'Other', object_relation: 'first-seen', value: w.firstSeen, to_ids: false }, `wallet|${k}|first-seen`));
    if (w.lastSeen) list.push(attr({ type: 'datetime', category: 'Other', object_relation: 'last-seen', value: w.lastSeen, to_ids: false }, `wallet|${k}|last-seen`));
    objects.push({
      uuid: objectUuid,
      name: 'coin-address',
      'meta-category': 'financial',
      template_uuid: COIN_ADDRESS.uuid,
      template_version: COIN_ADDRESS.version,
      description: COIN_ADDRESS.description,
      comment: `${comment} (${w.chain}, ${w.role})`,
      distribution: '5',
      timestamp,
      Attribute: list,
    });
  }

  const transaction = (name: string, chain: string, symbol: string, txHash: string, time: string | undefined, amount: string, decimals: number | undefined, comment: string, refs: [string, string][]): MispObject => {
    const objectUuid = uuid(name);
    const list: MispAttribute[] = [
      attr({ type: 'text', category: 'Other', object_relation: 'transaction-number', value: txHash, to_ids: false }, `${name}|tx`),
      attr({ type: 'text', category: 'Other', object_relation: 'symbol', value: symbol, to_ids: false }, `${name}|symbol`),
    ];
    if (time) list.push(attr({ type: 'datetime', category: 'Other', object_relation: 'time', value: time, to_ids: false }, `${name}|time`));
    if (decimals !== undefined) list.push(attr({ type: 'float', category: 'Other', object_relation: 'value', value: formatDecimalUnits(amount, decimals), to_ids: false }, `${name}|value`));
    return {
      uuid: objectUuid,
      name: 'cryptocurrency-transaction',
      'meta-category': 'financial',
      template_uuid: CRYPTO_TX.uuid,
      template_version: CRYPTO_TX.version,
      description: CRYPTO_TX.description,
      comment: `${comment}; ${amount} base units on ${chain}`,
      distribution: '5',
      timestamp,
      Attribute: list,
      ObjectReference: refs.map(([target, relationship]) => ({
        uuid: uuidV5(`misp|${eventUuid}|${name}|ref|${relationship}|${target}`),
        object_uuid: objectUuid,
        referenced_uuid: target,
        relationship_type: relationship,
        timestamp,
      })),
    };
  };
  const refOf = (chain: string, address: string) => walletUuid.get(`${chain}/${address}`) as string;
  for (const p of content.payments) objects.push(paymentObject(p));
  for (const f of content.flows) objects.push(flowObject(f));

  function paymentObject(p: SharedPayment): MispObject {
    return transaction(`payment|${p.chain}|${p.ref}`, p.chain, p.symbol, p.txHash ?? p.ref.split(':')[0], p.time, p.amount, p.decimals, `victim payment ${p.id} (${p.ref})`, [[refOf(p.chain, p.to), 'sent-to']]);
  }
  function flowObject(f: SharedFlow): MispObject {
    return transaction(`flow|${f.chain}|${f.ref}|${f.from}|${f.to}|${f.asset}`, f.chain, f.symbol, f.txHash, f.time, f.amount, f.decimals, `flow ${f.ref} ${f.asset}`, [
      [refOf(f.chain, f.from), 'received-from'],
      [refOf(f.chain, f.to), 'sent-to'],
    ]);
  }

  return {
    Event: {
      uuid: eventUuid,
      info: content.caseName,
      date: now.slice(0, 10),
      timestamp,
      published: false,
      analysis: '2',
      threat_level_id: '2',
      distribution: DISTRIBUTION_BY_TLP[content.tlp],
      Orgc: { name: producer.name, uuid: producer.uuid },
      Tag: [{ name: `tlp:${content.tlp}` }, { name: scamTypeTag(content.scamType) }, { name: 'circl:incident-classification="scam"' }],
      Attribute: attributes,
      Object: objects,
    },
  };
}

function walletTags(w: SharedWallet): { name: string }[] {
  return [
    { name: `ledgerhound:chain="${w.chain}"` },
    { name: `ledgerhound:role="${w.role}"` },
    { name: `ledgerhound:category="${w.tag.category}"` },
    { name: `ledgerhound:confidence="${w.tag.confidence}"` },
  ];
}
