// Visibility of staged imports on Neo4j (issue 18, docs/neo4j.md "Imports of any size"). Every record
// written by a staged import carries `imp`, the import's number; the namespace's :Store node holds
// `visibleBelow`, and a record is visible when `coalesce(imp, 0) < visibleBelow` (records written in one
// transaction carry no `imp` and are visible once that transaction commits). An import takes the number
// `visibleBelow` while holding the namespace's write lock and raises it by one in the transaction that
// commits it: that single write makes the whole import visible at once. Every read statement reads the
// watermark once, at its start (WITH_VIS), so a statement sees an import wholly or not at all.
// `visibleBelow` 0 hides every record: a case being deleted (case-admin.ts).

import type { Runner } from './runner.js';

/** The watermark when a namespace has no :Store node or none set (first import is number 1). */
export const FIRST_IMPORT = 1;

/**
 * The namespace's watermark, read by a statement of its own, for reads that pass it as `$vis` (a chain
 * scan: reading it in the scanning statement puts an Apply above the index seek; chain-scan.ts).
 */
export async function readWatermark(runner: Runner): Promise<number> {
  const recs = await runner.rows('reading the visibility watermark', 'MATCH (s:Store {ns: $ns}) RETURN s.visibleBelow AS vis');
  return (recs[0]?.get('vis') as number | null | undefined) ?? FIRST_IMPORT;
}

/**
 * Binds `vis` (the namespace's watermark, read once) and `cvis` (the visible clustering generation,
 * clustering-staging.ts; 0: a clustering written before generations) for the rest of the statement.
 */
export const WITH_VIS = `OPTIONAL MATCH (visStore:Store {ns: $ns}) WITH coalesce(visStore.visibleBelow, ${FIRST_IMPORT}) AS vis, coalesce(visStore.clusterGen, 0) AS cvis`;

/** Whether the record bound to `x` is visible (needs `vis` in scope: WITH_VIS). */
export function visible(x: string): string {
  return `coalesce(${x}.imp, 0) < vis`;
}

/** Whether a CLUSTER_LINK or IN_CLUSTER relationship bound to `r` belongs to the visible clustering (needs `cvis`). */
export function inVisibleClustering(r: string): string {
  return `coalesce(${r}.gen, 0) = cvis`;
}

/**
 * Whether the tag bound to `g` is visible (needs `vis` and `cvis`): an inferred tag is shared by the
 * clustering generations that inferred it (`gens`, none: generation 0) and visible while one of them is.
 */
export function tagVisible(g: string): string {
  return `${visible(g)} AND (${g}.inferredFrom IS NULL OR cvis IN coalesce(${g}.gens, [0]))`;
}

/** The tag bound to `g` as a map for `propsToTag`, with the `inferredFrom` of the visible generation (needs `cvis`). */
export function tagMap(g: string): string {
  const gens = `coalesce(${g}.gens, [0])`;
  const froms = `coalesce(${g}.inferredFroms, [${g}.inferredFrom])`;
  return `${g} {.*, inferredFrom: CASE WHEN ${g}.inferredFrom IS NULL THEN null ELSE [i IN range(0, size(${gens}) - 1) WHERE ${gens}[i] = cvis | ${froms}[i]][0] END}`;
}

/**
 * The visible community of the address bound to `a`, given the namespace's :Store node bound to `m`
 * (may be null): the slot the last committed `communities` wrote, when its generation is the visible
 * one; without a slot, `community` as written before generations.
 */
export function visibleCommunity(a: string, m: string): string {
  return `CASE ${m}.communitySlot
    WHEN 0 THEN CASE WHEN ${a}.communityGen0 = ${m}.communityGen THEN ${a}.community0 END
    WHEN 1 THEN CASE WHEN ${a}.communityGen1 = ${m}.communityGen THEN ${a}.community1 END
    ELSE ${a}.community END`;
}
