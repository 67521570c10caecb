// Use case `expand <case>`: fetch the chain around a case's victim payments into the store, hop by hop
// (adapters/expand/engine.ts), from the expansion sources the caller selected by their options
// (app/chain-adapters.ts). Sources that open other stores are closed when the expansion ends.

import { type ExpandReport, expandCase as expandCaseInStore } from '../adapters/expand/engine.js';
import { type LoadedCase, loadCaseFile } from '../adapters/files/case-file.js';
import type { TransportSettings } from '../adapters/http/http-client.js';
import { invalidInput } from '../src/errors.js';
import { parseCategoryList, parseWholeNumber } from '../src/input-values.js';
import type { TagCategory } from '../src/model/tag.js';
import type { GraphStore } from '../src/ports.js';
import { expansionSourceFactories } from './chain-adapters.js';
import { openOtherStore } from './store.js';

export interface ExpansionPlan {
  kase: LoadedCase['kase'];
  hops: number;
  backward?: boolean;
  stopAt?: TagCategory[];
  busyThreshold: number;
  /** Option values as typed, for the selected sources. */
  values: Record<string, unknown>;
  factories: ReturnType<typeof expansionSourceFactories>;
}

export interface ExpandCaseOptions {
  transport: TransportSettings;
  signal?: AbortSignal;
  onHop?(h: { chain: string; direction: string; hop: number; frontier: number }): void;
}

export interface ExpandCaseResult extends ExpandReport {
  store: string;
  sources: string[];
}

/** The selecting option of every expansion source (`--rpc <url>`, `--etherscan <url>`...). */
export function expansionSourceFlags(): string[] {
  return expansionSourceFactories().map((f) => f.options[0].flags);
}

/**
 * Reads the case file and checks the option values (`hops`, `backward`, `busyThreshold`, `stopAt`, and
 * each source's options) before any store is opened, so that a bad call writes nothing.
 */
export async function planExpansion(caseFile: string, values: Record<string, unknown>): Promise<ExpansionPlan> {
  const v = values as { hops?: string; backward?: boolean; busyThreshold?: string; stopAt?: string };
  const loaded = await loadCaseFile(caseFile);
  const hops = v.hops === undefined ? loaded.kase.maxHops : parseWholeNumber(v.hops, '--hops', 1);
  const stopAt = v.stopAt === undefined ? undefined : parseCategoryList(v.stopAt, '--stop-at');
  const busyThreshold = parseWholeNumber(v.busyThreshold ?? '1000', '--busy-threshold');
  const factories = expansionSourceFactories().filter((f) => values[f.key] !== undefined);
  if (factories.length === 0) throw invalidInput(`give a source: ${expansionSourceFlags().join(', ')}`, { field: '--rpc' });
  return { kase: loaded.kase, hops, backward: v.backward, stopAt, busyThreshold, values, factories };
}

/** Opens the plan's sources and expands the case in `store`. */
export async function expandCase(store: GraphStore, plan: ExpansionPlan, options: ExpandCaseOptions): Promise<ExpandCaseResult> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const ctx = { store, transport: options.transport, openStore: (location: string) => openOtherStore(location), defer: (fn: () => Promise<void>) => cleanups.push(fn) };
    const sources = [];
    for (const f of plan.factories) sources.push(...[await f.create(plan.values, ctx)].flat());
    const report = await expandCaseInStore({
      store,
      kase: plan.kase,
      sources,
      hops: plan.hops,
      backward: plan.backward,
      stopAt: plan.stopAt,
      busyThreshold: plan.busyThreshold,
      signal: options.signal,
      onHop: options.onHop,
    });
    return { store: store.location, sources: sources.map((s) => s.description), ...report };
  } finally {
    for (const fn of cleanups) await fn();
  }
}
