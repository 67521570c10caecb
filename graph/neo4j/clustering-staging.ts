// Replacing a clustering or a community assignment on Neo4j (issue 18), staged like imports
// (import-staging.ts): the new one is written as a new generation in bounded transactions and made
// visible by one small write, so no transaction outgrows the server's memory and readers see the old
// one or the new one, never a mix. The protocol, for one namespace and one kind:
//   1. A holder transaction takes the namespace's write lock (the :Store node) for the whole write.
//   2. A committed :ClusterRun {ns, kind} hands out the generation number (never reused) and is marked
//      `dirty`: records of generations other than the visible one may exist.
//   3. If it was already dirty (a run died, kill -9), those records are removed first (bounded).
//   4. The generation is written in bounded transactions (write-clustering.ts), invisible: readers
//      keep to the visible generation (`clusterGen`, or `communityGen` + `communitySlot`, on :Store).
//   5. The holder sets the visible generation and commits: that one write is the commit point.
//   6. Clustering: the old generation is deleted in bounded transactions under the lock, then the run
//      is marked clean. Communities live in two slots per address: the old slot is left to be
//      overwritten by the next run (its generation is never visible again), so a re-run writes no more
//      than a first run.
// After a crash the marker stays dirty: the next open (`recoverClustering`, when the lock is free) or
// the next run removes the leftovers; the old generation stayed visible throughout.

import type { Session, Transaction } from 'neo4j-driver';
import { LedgerhoundError } from '../../src/errors.js';
import { type Connection, storeError } from './connection.js';
import { int } from './records.js';
import { lockIsFree } from './lock-probe.js';
import type { Runner } from './runner.js';
import type { WritePart } from './write-clustering.js';

export type ClusteringKind = 'clustering' | 'communities';

/** Rows deleted per inner transaction when removing old generations. */
const DELETE_ROWS = 10_000;

interface Visible {
  gen: number;
  slot: 0 | 1 | null;
}

/** Runs a `CALL {...} IN TRANSACTIONS` statement in an auto-commit transaction. */
async function batched(runner: Runner, match: string, action: string, params: Record<string, unknown>): Promise<void> {
  const session = runner.session('WRITE');
  try {
    await session.run(`${match} CALL (x) { ${action} } IN TRANSACTIONS OF ${DELETE_ROWS} ROWS`, params);
  } finally {
    await session.close();
  }
}

/** Takes the namespace lock in `tx`; returns the visible generations (refuses a case being deleted). */
async function lockAndRead(tx: Transaction, conn: Connection, kind: ClusteringKind): Promise<Visible> {
  const res = await tx.run(
    `MERGE (m:Store {ns: $ns}) ON CREATE SET m.nextSource = 1
     SET m._lock = true REMOVE m._lock
     RETURN coalesce(m.deleting, false) AS deleting, m.clusterGen AS clusterGen, m.communityGen AS communityGen, m.communitySlot AS communitySlot`,
    { ns: conn.namespace },
  );
  const r = res.records[0];
  if (r.get('deleting') === true) {
    throw new LedgerhoundError('INVALID_INPUT', `case ${conn.namespace} on ${conn.location} is being deleted: run \`cases delete ${conn.namespace}\` again to finish`, {
      store: conn.location,
      namespace: conn.namespace,
    });
  }
  if (kind === 'clustering') return { gen: (r.get('clusterGen') as number | null) ?? 0, slot: null };
  return { gen: (r.get('communityGen') as number | null) ?? 0, slot: (r.get('communitySlot') as 0 | 1 | null) ?? null };
}

/**
 * Removes every record of `kind` that is not of the visible generation (the caller holds the lock):
 * clustering relationships of other generations, clusters left without members, inferred tags no
 * visible generation inferred (and the other generations' entries of the rest); for communities, the
 * slot the visible generation does not use.
 */
async function removeOtherGenerations(runner: Runner, ns: string, kind: ClusteringKind, vis: Visible): Promise<void> {
  const p = { ns, vis: int(vis.gen) };
  if (kind === 'communities') {
    const other = vis.slot === 0 ? 1 : 0;
    await batched(runner, `MATCH (x:Address {ns: $ns}) WHERE x.communityGen${other} IS NOT NULL`, `REMOVE x.community${other}, x.communityGen${other}`, p);
    return;
  }
  await batched(runner, 'MATCH ()-[x:CLUSTER_LINK]->() WHERE x.ns = $ns AND x.chain IS NOT NULL AND coalesce(x.gen, 0) <> $vis', 'DELETE x', p);
  await batched(runner, 'MATCH (:Cluster {ns: $ns})<-[x:IN_CLUSTER]-() WHERE coalesce(x.gen, 0) <> $vis', 'DELETE x', p);
  await batched(runner, 'MATCH (x:Cluster {ns: $ns}) WHERE NOT EXISTS { (x)<-[:IN_CLUSTER]-() }', 'DELETE x', p);
  await batched(runner, 'MATCH (x:Tag {ns: $ns}) WHERE x.inferredFrom IS NOT NULL AND NOT $vis IN coalesce(x.gens, [0])', 'DETACH DELETE x', p);
  await batched(
    runner,
    'MATCH (x:Tag {ns: $ns}) WHERE x.inferredFrom IS NOT NULL AND size(coalesce(x.gens, [0])) > 1',
    `WITH x, coalesce(x.gens, [0]) AS gs, coalesce(x.inferredFroms, [x.inferredFrom]) AS fs
     WITH x, [i IN range(0, size(gs) - 1) WHERE gs[i] = $vis | fs[i]][0] AS kept
     SET x.gens = [$vis], x.inferredFroms = [kept], x.inferredFrom = kept`,
    p,
  );
}

async function markClean(runner: Runner, ns: string, kind: ClusteringKind): Promise<void> {
  await runner.write('marking the clustering clean', (tx) => tx.run('MATCH (r:ClusterRun {ns: $ns, kind: $kind}) SET r.dirty = false', { ns, kind }));
}

/** Under a freshly taken lock: removes the records of other generations and marks the run clean. */
async function cleanUnderLock(runner: Runner, conn: Connection, kind: ClusteringKind): Promise<void> {
  const holder: Session = runner.session('WRITE');
  try {
    const lock = holder.beginTransaction();
    try {
      const vis = await lockAndRead(lock, conn, kind);
      await removeOtherGenerations(runner, conn.namespace, kind, vis);
      await markClean(runner, conn.namespace, kind);
    } finally {
      if (lock.isOpen()) await lock.rollback().catch(() => {});
    }
  } finally {
    await holder.close();
  }
}

/**
 * Replaces the namespace's `kind` by what `write` writes (given the new generation, the slot to write
 * and one bounded transaction per part), visible at once when all of it is in (the protocol above).
 */
export async function stagedReplace(
  runner: Runner,
  conn: Connection,
  kind: ClusteringKind,
  write: (gen: number, slot: 0 | 1, part: WritePart) => Promise<void>,
): Promise<void> {
  const ns = conn.namespace;
  const what = kind === 'clustering' ? 'replacing the clustering' : 'replacing communities';
  const holder: Session = runner.session('WRITE');
  let lock: Transaction | undefined;
  let started = false;
  try {
    lock = holder.beginTransaction();
    const vis = await lockAndRead(lock, conn, kind);
    const run = await runner.write(what, (tx) =>
      tx.run(
        `MERGE (r:ClusterRun {ns: $ns, kind: $kind})
         WITH r, coalesce(r.dirty, false) AS wasDirty, coalesce(r.last, 0) AS last
         SET r.last = CASE WHEN last < $vis THEN $vis ELSE last END + 1, r.dirty = true, r.startedAt = toString(datetime())
         RETURN r.last AS gen, wasDirty`,
        { ns, kind, vis: int(vis.gen) },
      ),
    );
    started = true;
    const gen = run.records[0].get('gen') as number;
    if (run.records[0].get('wasDirty') === true) await removeOtherGenerations(runner, ns, kind, vis);
    const slot: 0 | 1 = vis.slot === 0 ? 1 : 0;
    const held = lock;
    await write(gen, slot, async (work) => {
      // The holder's connection must still be alive: without it the lock is gone.
      await held.run('RETURN 1');
      await runner.write(what, work);
    });
    await lock.run(
      kind === 'clustering' ? 'MATCH (m:Store {ns: $ns}) SET m.clusterGen = $gen' : 'MATCH (m:Store {ns: $ns}) SET m.communityGen = $gen, m.communitySlot = $slot',
      { ns, gen: int(gen), slot: int(slot) },
    );
    await lock.commit();
    // Committed: a failure from here on leaves the marker dirty for the next open or run to finish.
    await (kind === 'clustering' ? cleanUnderLock(runner, conn, kind) : markClean(runner, ns, kind)).catch(() => {});
  } catch (e) {
    if (lock?.isOpen() && started) {
      // Still holding the lock: the records of this generation are removed now.
      try {
        const vis = await lockAndRead(lock, conn, kind);
        await removeOtherGenerations(runner, ns, kind, vis);
        await markClean(runner, ns, kind);
      } catch {
        // Left to the next open or run (the marker stays dirty).
      }
    }
    if (lock?.isOpen()) await lock.rollback().catch(() => {});
    if (e instanceof LedgerhoundError) throw e;
    if (e instanceof Error && !('code' in e)) throw e;
    throw storeError(conn, what, e);
  } finally {
    await holder.close();
  }
}

/**
 * After a crash: when a run is marked dirty (`known`: the kinds already read as dirty) and nobody
 * holds the namespace lock, the records of other generations are removed (bounded transactions).
 * Returns whether anything was cleaned. Quietly does nothing when the lock is busy (a live writer) or
 * the user may not write.
 */
export async function recoverClustering(runner: Runner, conn: Connection, known?: ClusteringKind[]): Promise<boolean> {
  const dirty =
    known ?? (await runner.rows('reading clustering runs', 'MATCH (r:ClusterRun {ns: $ns}) WHERE r.dirty RETURN r.kind AS kind')).map((r) => r.get('kind') as ClusteringKind);
  if (dirty.length === 0) return false;
  if (!(await lockIsFree(runner, conn.namespace))) return false;
  try {
    for (const kind of dirty) await cleanUnderLock(runner, conn, kind);
  } catch (e) {
    throw storeError(conn, 'removing an unfinished clustering', e);
  }
  return true;
}
