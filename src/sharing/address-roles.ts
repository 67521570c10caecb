// The role each address plays in a traced case, for cross-case hits (issue 15): where victims paid
// (`victim-payment`: the address a victim payment landed at), what the traced value passed through
// (`layering`), where it left for a service (`cash-out`: an endpoint) and where it still sits
// (`holding`), with the traced amount it received per asset (exact decimal base units, summed as
// bigint) and the first and last time traced value reached or left it. The victims' own wallets (senders
// of the payments) are not roles: they are never matched or shared. Pure; also read from a pack's
// trace.json and flows.csv.

import { sumDecimals } from '../evidence/decimal.js';
import type { TraceFlow, TraceResult } from '../model/trace-result.js';

export type CaseRole = 'victim-payment' | 'layering' | 'cash-out' | 'holding';

/** A hit's role on a side that has no trace (a feed, a bare store): tagged there, or only seen in its data. */
export type HitRole = CaseRole | 'tagged' | 'seen';

/** Order in which roles are listed. */
export const HIT_ROLES: readonly HitRole[] = ['victim-payment', 'layering', 'cash-out', 'holding', 'tagged', 'seen'];

export interface AddressAmount {
  asset: string;
  /** Traced value received at the address, decimal base units. */
  amount: string;
}

export interface AddressActivity {
  chain: string;
  address: string;
  roles: HitRole[];
  amounts: AddressAmount[];
  firstSeen?: string;
  lastSeen?: string;
}

export const addressKey = (chain: string, address: string): string => `${chain}/${address}`;

/** Every address with a role in the trace (victims' own wallets excepted), by `chain/address`. */
export function caseAddressRoles(result: TraceResult, flows: readonly TraceFlow[]): Map<string, AddressActivity> {
  const out = new Map<string, { chain: string; address: string; roles: Set<HitRole>; received: Map<string, string[]>; first?: string; last?: string }>();
  const entry = (chain: string, address: string) => {
    const k = addressKey(chain, address);
    let e = out.get(k);
    if (!e) {
      e = { chain, address, roles: new Set(), received: new Map() };
      out.set(k, e);
    }
    return e;
  };
  const seen = (e: ReturnType<typeof entry>, time: string | undefined) => {
    if (time === undefined) return;
    if (e.first === undefined || time < e.first) e.first = time;
    if (e.last === undefined || time > e.last) e.last = time;
  };
  // A victim payment's flow: marked with its source id, or (flows read back without it) the payment's ref.
  const paymentRefs = new Set(result.sources.map((s) => `${s.chain}/${s.ref}`));
  const isPayment = (f: TraceFlow) => f.source !== undefined || paymentRefs.has(`${f.chain}/${f.ref}`);
  for (const s of result.sources) {
    if (!s.address) continue;
    const e = entry(s.chain, s.address);
    e.roles.add('victim-payment');
    seen(e, s.time);
  }
  for (const e of result.endpoints) entry(e.chain, e.address).roles.add('cash-out');
  for (const h of result.holdings) entry(h.chain, h.address).roles.add('holding');
  for (const f of flows) {
    if (f.to === null || f.outcome === 'fee' || f.outcome === 'dropped') continue;
    const to = entry(f.chain, f.to);
    const amounts = to.received.get(f.asset) ?? [];
    amounts.push(f.amount);
    to.received.set(f.asset, amounts);
    seen(to, f.time);
    if (isPayment(f)) continue;
    const from = entry(f.chain, f.from);
    seen(from, f.time);
    if (f.outcome === 'followed' || f.outcome === undefined) to.roles.add('layering');
    from.roles.add('layering');
  }
  const activity = new Map<string, AddressActivity>();
  // Addresses without a role (the victims' own wallets, conversion venues) are left out.
  for (const [k, e] of out) {
    const roles = HIT_ROLES.filter((r) => e.roles.has(r));
    if (roles.length === 0) continue;
    // An address is layering only when it is nothing else: a victim-payment address also forwards.
    const main = roles.length > 1 ? roles.filter((r) => r !== 'layering') : roles;
    const a: AddressActivity = {
      chain: e.chain,
      address: e.address,
      roles: main,
      amounts: [...e.received].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([asset, v]) => ({ asset, amount: sumDecimals(v) })),
    };
    if (e.first !== undefined) a.firstSeen = e.first;
    if (e.last !== undefined) a.lastSeen = e.last;
    activity.set(k, a);
  }
  return activity;
}
