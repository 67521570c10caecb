// `new-match` alerts (issues 17 and 15): an address of the watched case is found in another case, a
// shared feed (STIX bundle, MISP event), a partner's pack or a store (cross-case hits,
// src/sharing/cross-case-hits.ts), and was not when the watch began comparing with that source: the
// address was reached by the trace since, or the other side tagged it since. One alert per (address,
// other side), id `new-match:<chain>:<address>:<side kind>:<side name, else its location>`, so the same
// match has the same id at every poll and after a restart; what the other side holds on the address (its
// roles, labels, TLP marking) is in `match`, and the evidence is our trace's transactions touching it.
// The case's own store counts too (`tagMatchAlerts`): a watched address (holding, cash-out deposit,
// watch list) that gains a direct tag from a source it had no tag from when it was first watched (a tag
// list or sanctions list imported while the watch runs), one alert per (address, tag source), id
// `new-match:<chain>:<address>:tag:<source>`. Pure.

import type { Tag } from '../model/tag.js';
import type { TraceRun } from '../model/trace-result.js';
import type { CrossCaseHit, HitSide } from '../sharing/cross-case-hits.js';
import type { Alert, AlertContext } from './alerts.js';

/** The id of the match of `address` with one other side. */
export function newMatchId(chain: string, address: string, side: Pick<HitSide, 'kind' | 'name' | 'against'>): string {
  return `new-match:${chain}:${address}:${side.kind}:${side.name ?? side.against}`;
}

/** Every match id in `hits` with the side at `against` (a source's baseline when first compared). */
export function matchIdsOf(hits: readonly CrossCaseHit[], against: string): string[] {
  const ids: string[] = [];
  for (const h of hits) for (const side of h.theirs) if (side.against === against) ids.push(newMatchId(h.chain, h.address, side));
  return ids.sort();
}

function evidence(run: TraceRun, chain: string, address: string): string[] {
  const txs = new Set<string>();
  for (const f of run.flows) if (f.chain === chain && (f.to === address || f.from === address)) txs.add(f.txHash);
  return [...txs].sort();
}

function describe(side: HitSide): string {
  const parts = [`${side.kind} ${side.name ?? side.against}`];
  if (side.roles.length > 0) parts.push(`roles ${side.roles.join(', ')}`);
  if (side.labels.length > 0) parts.push(`labels ${side.labels.join(', ')}`);
  if (side.tlp) parts.push(`TLP:${side.tlp.toUpperCase()}`);
  return `also in ${parts.join('; ')}`;
}

/**
 * `new-match` alerts for the hits not in their source's baseline. `baselines` maps each compared
 * location (HitSide.against) to the ids it matched when the watch first compared with it.
 */
export function newMatchAlerts(hits: readonly CrossCaseHit[], run: TraceRun, ctx: AlertContext, baselines: ReadonlyMap<string, ReadonlySet<string>>): Alert[] {
  const alerts: Alert[] = [];
  for (const hit of hits) {
    for (const side of hit.theirs) {
      const id = newMatchId(hit.chain, hit.address, side);
      if (baselines.get(side.against)?.has(id)) continue;
      const first = hit.ours.amounts[0];
      alerts.push({
        id,
        kind: 'new-match',
        case: ctx.caseName,
        time: hit.ours.lastSeen ?? ctx.now,
        chain: hit.chain,
        address: hit.address,
        asset: first?.asset ?? '',
        amount: first?.amount ?? '0',
        bySource: {},
        to: [],
        transactions: evidence(run, hit.chain, hit.address),
        entity: side.labels[0] ?? null,
        freezeRequest: null,
        note: describe(side),
        match: {
          against: side.against,
          kind: side.kind,
          ...(side.name !== undefined ? { name: side.name } : {}),
          roles: [...side.roles],
          labels: [...side.labels],
          ...(side.tlp !== undefined ? { tlp: side.tlp } : {}),
          ours: [...hit.ours.roles],
        },
      });
    }
  }
  return alerts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The id of a watched address's match with the tags of one source in the case's own store. */
export function tagMatchId(chain: string, address: string, source: string): string {
  return `new-match:${chain}:${address}:tag:${source}`;
}

/** Direct tags grouped by (address, source): the match ids of the watched addresses' tags. */
function bySource(tags: readonly Tag[]): Map<string, Tag[]> {
  const groups = new Map<string, Tag[]>();
  for (const t of tags) {
    if (t.inferredFrom) continue;
    const id = tagMatchId(t.chain, t.address, t.source);
    groups.set(id, [...(groups.get(id) ?? []), t]);
  }
  return groups;
}

/** Every tag match id among `tags` (the baseline when first compared). */
export function tagMatchIdsOf(tags: readonly Tag[]): string[] {
  return [...bySource(tags).keys()].sort();
}

const TLP_ORDER = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** `new-match` alerts for the watched addresses' direct tags whose (address, source) is not in `baseline`. */
export function tagMatchAlerts(tags: readonly Tag[], run: TraceRun, ctx: AlertContext, baseline: ReadonlySet<string>): Alert[] {
  const alerts: Alert[] = [];
  for (const [id, group] of bySource(tags)) {
    if (baseline.has(id)) continue;
    const { chain, address, source } = group[0];
    const labels = [...new Set(group.map((t) => t.label))].sort();
    const tlp = group.map((t) => t.tlp).filter((t) => t !== undefined).sort((a, b) => TLP_ORDER.indexOf(b) - TLP_ORDER.indexOf(a))[0];
    const categories = [...new Set(group.map((t) => t.category))].sort();
    alerts.push({
      id,
      kind: 'new-match',
      case: ctx.caseName,
      time: ctx.now,
      chain,
      address,
      asset: '',
      amount: '0',
      bySource: {},
      to: [],
      transactions: evidence(run, chain, address),
      entity: labels[0] ?? null,
      freezeRequest: null,
      note: `tagged in this store by ${source}: ${labels.join(', ')} (${categories.join(', ')})${tlp ? `; TLP:${tlp.toUpperCase()}` : ''}`,
      match: { against: source, kind: 'tag', roles: categories, labels, ...(tlp !== undefined ? { tlp } : {}), ours: ['watched'] },
    });
  }
  return alerts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
