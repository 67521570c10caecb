// STIX 2.1 bundle of a shared case (OASIS STIX 2.1; docs/sharing.md). STIX has no cryptocurrency
// object: wallets are `cryptocurrency-wallet` SCOs of the de-facto extension published by dogesec
// (extension-definition--be78509e..., also OpenCTI's observable type), with that extension-definition
// copied into the bundle; flows and victim payments are `cryptocurrency-transaction` SCOs of its sibling
// extension, with exact base-unit amounts beside the extension's float `amount`. Chain, asset symbols,
// role and the tag travel as `x_ledgerhound_*` properties. Scam wallets get an indicator
// (`[cryptocurrency-wallet:value = '...']`) that indicates the campaign (the scam operation); cash-out
// wallets get their exchange as `holder_ref` identity; one report covers everything. Every object
// carries the share's TLP 2.0 marking. Ids are UUIDv5: wallets by the STIX SCO namespace and the address
// (as dogesec's feeds do, so the same wallet has the same id everywhere), the rest by case and content.
// Only `created`, `modified` and the report's `published` change between two runs (the time of sharing).

import { formatDecimalUnits } from '../model/amount.js';
import type { Producer } from './producer.js';
import type { ShareContent, SharedFlow, SharedPayment, SharedWallet } from './share-content.js';
import { TLP2_MARKING_IDS, tlpMarkingDefinition } from './tlp.js';
import { STIX_SCO_NAMESPACE, uuidV5 } from './uuid5.js';

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

export interface StixBundleOptions {
  producer: Producer;
  /** The time of sharing (ISO 8601 UTC): `created`, `modified`, `published`. */
  now: string;
}

export const WALLET_EXTENSION_ID = 'extension-definition--be78509e-6958-51b1-8b26-d17ee0eba2d7';
export const TRANSACTION_EXTENSION_ID = 'extension-definition--151d042d-4dcf-5e44-843f-1024440318e5';

/** muchdogesec/stix2extensions automodel_generated/extension-definitions/scos/cryptocurrency-wallet.json (Apache-2.0), verbatim. */
const WALLET_EXTENSION: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: WALLET_EXTENSION_ID,
  created_by_ref: 'identity--9779a2db-f98c-5f4b-8d08-8ee04e02dbb5',
  created: '2020-01-01T00:00:00.000Z',
  modified: '2020-01-01T00:00:00.000Z',
  name: 'CryptocurrencyWallet',
  description: 'This extension creates a new SCO that can be used to represent cryptocurrency wallets.',
  schema: 'https://raw.githubusercontent.com/muchdogesec/stix2extensions/main/automodel_generated/schemas/scos/cryptocurrency-wallet.json',
  version: '1.0',
  extension_types: ['new-sco'],
  object_marking_refs: ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'marking-definition--60c0f466-511a-5419-9f7e-4814e696da40'],
};

/** The same repository's cryptocurrency-transaction.json, verbatim. */
const TRANSACTION_EXTENSION: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: TRANSACTION_EXTENSION_ID,
  created_by_ref: 'identity--9779a2db-f98c-5f4b-8d08-8ee04e02dbb5',
  created: '2020-01-01T00:00:00.000Z',
  modified: '2020-01-01T00:00:00.000Z',
  name: 'CryptocurrencyTransaction',
  description: 'This extension creates a new SCO that can be used to represent cryptocurrency transactions.',
  schema: 'https://raw.githubusercontent.com/muchdogesec/stix2extensions/main/automodel_generated/schemas/scos/cryptocurrency-transaction.json',
  version: '1.0',
  extension_types: ['new-sco'],
  object_marking_refs: ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'marking-definition--60c0f466-511a-5419-9f7e-4814e696da40'],
};

/** The STIX id of a wallet: UUIDv5 of the address in the SCO namespace. */
export function walletId(address: string): string {
  return `cryptocurrency-wallet--${uuidV5(address, STIX_SCO_NAMESPACE)}`;
}

/** A STIX pattern string literal: backslash and quote escaped. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Builds the bundle; pure and deterministic apart from `options.now`. */
export function buildStixBundle(content: ShareContent, options: StixBundleOptions): StixBundle {
  const { producer, now } = options;
  const marking = TLP2_MARKING_IDS[content.tlp];
  const scope = `${producer.uuid}|${content.caseName}`;
  const id = (type: string, name: string) => `${type}--${uuidV5(`${type}|${scope}|${name}`)}`;
  const producerId = `identity--${producer.uuid}`;
  const sdo = (type: string, idValue: string, props: Record<string, unknown>): StixObject => ({
    type,
    spec_version: '2.1',
    id: idValue,
    created_by_ref: producerId,
    created: now,
    modified: now,
    ...props,
    object_marking_refs: [marking],
  });

  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: producerId,
    created: now,
    modified: now,
    name: producer.name,
    identity_class: producer.identityClass,
    ...(producer.contact ? { contact_information: producer.contact } : {}),
    object_marking_refs: [marking],
  };
  // The producer's country as a STIX location the identity is located at.
  const location: StixObject[] = [];
  if (producer.country) {
    const place = sdo('location', id('location', `country|${producer.country}`), { country: producer.country });
    location.push(place, sdo('relationship', id('relationship', 'located-at'), { relationship_type: 'located-at', source_ref: producerId, target_ref: place.id }));
  }
  const campaignId = id('campaign', 'operation');
  const campaign = sdo('campaign', campaignId, {
    name: content.caseName,
    description: `${content.scamType} operation: ${content.wallets.length} wallets, ${content.payments.length} victim payments, ${content.flows.length} traced flows (Ledgerhound).`,
    ...(content.firstSeen ? { first_seen: content.firstSeen } : {}),
    ...(content.lastSeen ? { last_seen: content.lastSeen } : {}),
    labels: [`cryptocurrency-threat:${content.scamType}`],
  });

  const entities = new Map<string, StixObject>();
  const entityId = (name: string) => {
    const k = name.toLowerCase();
    let e = entities.get(k);
    if (!e) {
      e = sdo('identity', id('identity', `entity|${k}`), { name, identity_class: 'organization', sectors: ['financial-services'] });
      entities.set(k, e);
    }
    return e.id;
  };

  const wallets: StixObject[] = [];
  const indicators: StixObject[] = [];
  const relationships: StixObject[] = [];
  for (const w of content.wallets) {
    const wallet = walletObject(w, marking, w.entity !== undefined ? entityId(w.entity) : undefined);
    wallets.push(wallet);
    if (w.role === 'cash-out') continue;
    const indicator = sdo('indicator', id('indicator', `${w.chain}|${w.address}`), {
      name: w.tag.label,
      description: `${roleText(w.role)} of ${content.caseName} on ${w.chain}${w.symbols.length ? ` (${w.symbols.join(', ')})` : ''}.`,
      indicator_types: ['malicious-activity'],
      pattern: `[cryptocurrency-wallet:value = ${literal(w.address)}]`,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: w.firstSeen ?? now,
      confidence: w.tag.confidence,
    });
    indicators.push(indicator);
    relationships.push(
      sdo('relationship', id('relationship', `indicates|${w.chain}|${w.address}`), { relationship_type: 'indicates', source_ref: indicator.id, target_ref: campaignId }),
      sdo('relationship', id('relationship', `related-to|${w.chain}|${w.address}`), { relationship_type: 'related-to', source_ref: indicator.id, target_ref: wallet.id }),
    );
  }
  const transactions = [...content.payments.map((p) => paymentObject(p, scope, marking)), ...content.flows.map((f) => flowObject(f, scope, marking))];

  const body: StixObject[] = [...location, campaign, ...entities.values(), ...wallets, ...indicators, ...relationships, ...transactions];
  const report = sdo('report', id('report', 'report'), {
    name: content.caseName,
    description: `${content.scamType}: the scam's collection, layering and holding wallets, the cash-out points and the traced flows between them, shared under TLP:${content.tlp.toUpperCase()}.`,
    report_types: ['campaign', 'indicator'],
    published: now,
    labels: [`cryptocurrency-threat:${content.scamType}`],
    object_refs: [producerId, ...body.map((o) => o.id)],
  });
  const definitions = [tlpMarkingDefinition(content.tlp) as StixObject, WALLET_EXTENSION, ...(transactions.length > 0 ? [TRANSACTION_EXTENSION] : [])];
  return { type: 'bundle', id: id('bundle', content.tlp), objects: [...definitions, identity, report, ...body] };
}

function roleText(role: SharedWallet['role']): string {
  if (role === 'collection') return 'Collection wallet (victims paid here)';
  if (role === 'holding') return 'Holding wallet (traced value still held)';
  if (role === 'cash-out') return 'Cash-out deposit address';
  return 'Layering wallet';
}

function walletObject(w: SharedWallet, marking: string, holder: string | undefined): StixObject {
  const o: StixObject = { type: 'cryptocurrency-wallet', spec_version: '2.1', id: walletId(w.address), value: w.address };
  if (holder) o.holder_ref = holder;
  o.x_ledgerhound_chain = w.chain;
  if (w.symbols.length > 0) o.x_ledgerhound_symbols = w.symbols;
  o.x_ledgerhound_role = w.role;
  o.x_ledgerhound_label = w.tag.label;
  o.x_ledgerhound_category = w.tag.category;
  o.x_ledgerhound_confidence = w.tag.confidence;
  if (w.firstSeen) o.x_ledgerhound_first_seen = w.firstSeen;
  if (w.lastSeen) o.x_ledgerhound_last_seen = w.lastSeen;
  o.object_marking_refs = [marking];
  o.extensions = { [WALLET_EXTENSION_ID]: { extension_type: 'new-sco' } };
  return o;
}

/** The extension's float `amount` in human units (exact base units are in `x_ledgerhound_amount`). */
function human(amount: string, decimals: number | undefined): number {
  return Number(decimals === undefined ? amount : formatDecimalUnits(amount, decimals));
}

function paymentObject(p: SharedPayment, scope: string, marking: string): StixObject {
  return {
    type: 'cryptocurrency-transaction',
    spec_version: '2.1',
    id: `cryptocurrency-transaction--${uuidV5(`payment|${scope}|${p.chain}|${p.ref}`)}`,
    symbol: p.symbol,
    value: p.txHash ?? p.ref.split(':')[0],
    ...(p.time ? { execution_time: p.time } : {}),
    output: [{ amount: human(p.amount, p.decimals), address_ref: walletId(p.to) }],
    x_ledgerhound_chain: p.chain,
    x_ledgerhound_asset: p.asset,
    x_ledgerhound_ref: p.ref,
    x_ledgerhound_amount: p.amount,
    x_ledgerhound_victim_payment: p.id,
    object_marking_refs: [marking],
    extensions: { [TRANSACTION_EXTENSION_ID]: { extension_type: 'new-sco' } },
  };
}

function flowObject(f: SharedFlow, scope: string, marking: string): StixObject {
  const amount = human(f.amount, f.decimals);
  return {
    type: 'cryptocurrency-transaction',
    spec_version: '2.1',
    id: `cryptocurrency-transaction--${uuidV5(`flow|${scope}|${f.chain}|${f.ref}|${f.from}|${f.to}|${f.asset}`)}`,
    symbol: f.symbol,
    value: f.txHash,
    ...(f.time ? { execution_time: f.time } : {}),
    input: [{ amount, address_ref: walletId(f.from) }],
    output: [{ amount, address_ref: walletId(f.to) }],
    x_ledgerhound_chain: f.chain,
    x_ledgerhound_asset: f.asset,
    x_ledgerhound_ref: f.ref,
    x_ledgerhound_amount: f.amount,
    object_marking_refs: [marking],
    extensions: { [TRANSACTION_EXTENSION_ID]: { extension_type: 'new-sco' } },
  };
}
