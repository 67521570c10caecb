// Cross-case hits (issue 15): the addresses a case has in common with other cases, feeds and packs. Each
// side is an index of addresses with their role there (from a trace: address-roles.ts; from a feed's
// tags: `tagged`, or the role our own shares record in the wallet's note; from a store without a case:
// `tagged` or `seen`), the traced amounts and dates, and the tags it holds (labels, and the strictest TLP
// marking, which says under what the match may be passed on). A hit is an address of our case found on
// at least one other side, matched on chain and normalized address. Pure.

import type { Tag, Tlp } from '../model/tag.js';
import { type AddressActivity, type AddressAmount, addressKey, type HitRole } from './address-roles.js';
import { strictestTlp } from './tlp.js';

export type HitSideKind = 'case' | 'store' | 'pack' | 'stix-bundle' | 'misp-event';

/** One side of the comparison: our case, or one `--against`. */
export interface HitIndex {
  /** The location as given (store path, file, pack directory). */
  against: string;
  kind: HitSideKind;
  /** Case name, pack id or document id. */
  name?: string;
  activity: ReadonlyMap<string, AddressActivity>;
  /** The tags this side holds on an address. */
  tagsOf(chain: string, address: string): readonly Tag[];
}

export interface HitSide {
  against: string;
  kind: HitSideKind;
  name?: string;
  roles: HitRole[];
  amounts: AddressAmount[];
  firstSeen?: string;
  lastSeen?: string;
  /** The strictest marking among this side's tags on the address (none: unmarked). */
  tlp?: Tlp;
  /** Labels of this side's direct tags on the address. */
  labels: string[];
}

export interface CrossCaseHit {
  chain: string;
  address: string;
  ours: HitSide;
  theirs: HitSide[];
}

function sideOf(index: HitIndex, a: AddressActivity): HitSide {
  const tags = index.tagsOf(a.chain, a.address);
  const side: HitSide = { against: index.against, kind: index.kind, roles: [...a.roles], amounts: [...a.amounts], labels: [...new Set(tags.filter((t) => !t.inferredFrom).map((t) => t.label))].sort() };
  if (index.name !== undefined) side.name = index.name;
  if (a.firstSeen !== undefined) side.firstSeen = a.firstSeen;
  if (a.lastSeen !== undefined) side.lastSeen = a.lastSeen;
  const tlp = strictestTlp(tags.map((t) => t.tlp));
  if (tlp !== undefined) side.tlp = tlp;
  return side;
}

/** The addresses of `ours` found on any of `others`, by chain and address. */
export function findCrossCaseHits(ours: HitIndex, others: readonly HitIndex[]): CrossCaseHit[] {
  const hits: CrossCaseHit[] = [];
  const keys = [...ours.activity.keys()].sort();
  for (const k of keys) {
    const mine = ours.activity.get(k)!;
    const theirs: HitSide[] = [];
    for (const other of others) {
      const a = other.activity.get(k);
      if (a) theirs.push(sideOf(other, a));
    }
    if (theirs.length > 0) hits.push({ chain: mine.chain, address: mine.address, ours: sideOf(ours, mine), theirs });
  }
  return hits;
}

/** The role our shares record in a wallet's note (`collection wallet`...), as a hit role. */
const NOTE_ROLES: Record<string, HitRole> = { collection: 'victim-payment', layering: 'layering', holding: 'holding', 'cash-out': 'cash-out' };

/** A feed's addresses (STIX bundle, MISP event): each tagged address, with the role a share of ours records. */
export function feedActivity(tags: readonly Tag[]): Map<string, AddressActivity> {
  const out = new Map<string, AddressActivity>();
  for (const t of tags) {
    const k = addressKey(t.chain, t.address);
    const role = NOTE_ROLES[/^(collection|layering|holding|cash-out) wallet$/.exec(t.note ?? '')?.[1] ?? ''] ?? 'tagged';
    const a = out.get(k) ?? { chain: t.chain, address: t.address, roles: [], amounts: [] };
    if (!a.roles.includes(role)) a.roles.push(role);
    out.set(k, a);
  }
  return out;
}
