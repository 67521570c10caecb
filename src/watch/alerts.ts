// Watch alerts (FORMATS.md v2, "Alerts") from a trace run: what traced value did after the watch began.
// Rule: an event is new when its block is above the chain's baseline (the last block the store held when
// the watch started). `moved`: traced value left an address (a holding at that time) in a new
// transaction: how much of whose money (bySource), to where. `arrived`: traced value reached a cash-out
// point (an endpoint whose category is in the case's stopAt) in a new transaction, with a freeze-request
// draft for that entity built from the new inflows only. Alerts are a pure function of the run and the
// baselines, and each id names the event itself (kind, chain, transaction, address, asset), so the same
// event gets the same id after a restart and a full re-trace: delivery de-duplicates on it.

import { buildFreezeRequests, type FreezeRequest } from '../evidence/freeze-requests.js';
import { formatScaled, parseScaled } from '../evidence/decimal.js';
import type { BySource, TraceFlow, TraceRun } from '../model/trace-result.js';

export const ALERT_KINDS = ['moved', 'arrived', 'new-match', 'source-failing'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertDestination {
  address: string;
  amount: string;
}

export interface Alert {
  id: string;
  kind: AlertKind;
  case: string;
  /** Time of the event (the block time of its transaction), else when it was seen. */
  time: string;
  chain: string;
  address: string;
  asset: string;
  /** Traced value (decimal base units) of the event. */
  amount: string;
  bySource: BySource;
  to: AlertDestination[];
  transactions: string[];
  /** `arrived`: the cash-out point's label (else its category). */
  entity: string | null;
  /** `arrived`: the freeze-request draft for that entity, covering this arrival. */
  freezeRequest: FreezeRequest | null;
  /** Anything a reader needs besides (a watch-list note, a failing source's last error). */
  note?: string;
  /** `new-match`: the other side that holds the address (src/watch/new-match.ts). */
  match?: AlertMatch;
}

export interface AlertMatch {
  /** The location compared with (store, case file, bundle, event, pack directory). */
  against: string;
  kind: string;
  /** Its case name, document id or pack id. */
  name?: string;
  /** The address's roles there (`tagged` for a feed). */
  roles: string[];
  labels: string[];
  /** The strictest TLP marking of its tags on the address. */
  tlp?: string;
  /** The address's roles in the watched case. */
  ours: string[];
}

export interface AlertContext {
  caseName: string;
  /** Cash-out categories (the case's stopAt). */
  stopAt: readonly string[];
  /** Per chain: the last block the store held when the watch began. Chains absent are not watched. */
  baselines: Readonly<Record<string, number>>;
  /** Time for alerts whose transactions carry none. */
  now: string;
}

/** Whether a flow happened after its chain's baseline. */
function isNew(flow: TraceFlow, baselines: Readonly<Record<string, number>>): boolean {
  const base = baselines[flow.chain];
  return base !== undefined && flow.block > base;
}

function addInto(target: Map<string, bigint>, bySource: BySource): void {
  for (const [k, v] of Object.entries(bySource)) target.set(k, (target.get(k) ?? 0n) + parseScaled(v));
}

function bySourceOf(totals: Map<string, bigint>): BySource {
  const out: BySource = {};
  for (const k of [...totals.keys()].sort()) out[k] = formatScaled(totals.get(k)!);
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function sum(flows: readonly TraceFlow[]): string {
  return formatScaled(flows.reduce((s, f) => s + parseScaled(f.amount), 0n));
}

function timeOf(flows: readonly TraceFlow[], now: string): string {
  return flows.find((f) => f.time)?.time ?? now;
}

/** `moved` alerts: per new transaction and sending address, the traced value sent on (fees excluded). */
export function movedAlerts(run: TraceRun, ctx: AlertContext): Alert[] {
  const moving = run.flows.filter((f) => f.to !== null && f.source === undefined && f.outcome !== 'fee' && isNew(f, ctx.baselines));
  const alerts: Alert[] = [];
  for (const flows of groupBy(moving, (f) => `${f.chain}\u0000${f.txHash}\u0000${f.from}\u0000${f.asset}`).values()) {
    const first = flows[0];
    const bySource = new Map<string, bigint>();
    for (const f of flows) addInto(bySource, f.bySource);
    const toTotals = new Map<string, bigint>();
    for (const f of flows) toTotals.set(f.to as string, (toTotals.get(f.to as string) ?? 0n) + parseScaled(f.amount));
    alerts.push({
      id: `moved:${first.chain}:${first.txHash}:${first.from}:${first.asset}`,
      kind: 'moved',
      case: ctx.caseName,
      time: timeOf(flows, ctx.now),
      chain: first.chain,
      address: first.from,
      asset: first.asset,
      amount: sum(flows),
      bySource: bySourceOf(bySource),
      to: [...toTotals.keys()].sort().map((address) => ({ address, amount: formatScaled(toTotals.get(address)!) })),
      transactions: [first.txHash],
      entity: null,
      freezeRequest: null,
    });
  }
  return alerts;
}

/** `arrived` alerts: per new transaction and cash-out deposit address, the traced value paid in. */
export function arrivedAlerts(run: TraceRun, ctx: AlertContext): Alert[] {
  const alerts: Alert[] = [];
  for (const endpoint of run.result.endpoints) {
    if (endpoint.category === undefined || !ctx.stopAt.includes(endpoint.category)) continue;
    const inflows = run.flows.filter(
      (f) => f.outcome === 'endpoint' && f.chain === endpoint.chain && f.to === endpoint.address && f.asset === endpoint.asset && isNew(f, ctx.baselines),
    );
    for (const flows of groupBy(inflows, (f) => f.txHash).values()) {
      const first = flows[0];
      const bySource = new Map<string, bigint>();
      for (const f of flows) addInto(bySource, f.bySource);
      const amount = sum(flows);
      const [freezeRequest] = buildFreezeRequests({ result: { ...run.result, endpoints: [{ ...endpoint, amount, bySource: bySourceOf(bySource) }] }, flows });
      alerts.push({
        id: `arrived:${endpoint.chain}:${first.txHash}:${endpoint.address}:${endpoint.asset}`,
        kind: 'arrived',
        case: ctx.caseName,
        time: timeOf(flows, ctx.now),
        chain: endpoint.chain,
        address: endpoint.address,
        asset: endpoint.asset,
        amount,
        bySource: bySourceOf(bySource),
        to: [{ address: endpoint.address, amount }],
        transactions: [first.txHash],
        entity: endpoint.label ?? endpoint.category ?? null,
        freezeRequest: freezeRequest ?? null,
      });
    }
  }
  return alerts;
}

/** Every alert of a run, in a stable order (time, then id). */
export function alertsFromRun(run: TraceRun, ctx: AlertContext): Alert[] {
  return [...movedAlerts(run, ctx), ...arrivedAlerts(run, ctx)].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A `source-failing` alert: a chain source failed `polls` polls in a row since `since`. */
export function sourceFailingAlert(caseName: string, source: { chain: string; description: string }, since: string, polls: number, lastError: string): Alert {
  return {
    id: `source-failing:${source.chain}:${source.description}:${since}`,
    kind: 'source-failing',
    case: caseName,
    time: since,
    chain: source.chain,
    address: '',
    asset: '',
    amount: '0',
    bySource: {},
    to: [],
    transactions: [],
    entity: null,
    freezeRequest: null,
    note: `failed ${polls} polls in a row: ${lastError}`,
  };
}
