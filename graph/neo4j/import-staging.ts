// Imports of any size on Neo4j (issue 18): a staged import writes its records in bounded transactions
// (one per part of at most PART_ROWS records, so no transaction outgrows the server's transaction
// memory) and makes them visible all at once (visibility.ts). The protocol, for one namespace:
//   1. A holder transaction takes the namespace's write lock (the :Store node) and keeps it until the
//      end: other writers of the namespace wait; its number `imp` is the current `visibleBelow`. It also
//      registers the source, which therefore appears only when the import commits.
//   2. A committed :Import {ns, imp} marker says "records of imp may exist". Markers other than this
//      import's own belong to dead imports (a live one would hold the lock): their records (every
//      `imp >= visibleBelow`) are deleted in bounded transactions first.
//   3. Each part is written in its own managed transaction with `imp` on every record it creates.
//      Speed: a part first assumes none of its transfers is stored (no lookup); if one is, the
//      uniqueness constraint fails that part, which is written again with the lookup (and so are the
//      following parts). Addresses merged by committed parts are not merged again.
//   4. The holder raises `visibleBelow` past `imp`, writes the checkpoint, deletes the marker and
//      commits: that one small transaction is the commit point.
// On an error the records are deleted while the lock is still held, then the holder rolls back. After
// a crash (kill -9) the server rolls the holder back, releasing the lock; the marker stays, and the
// next open (`recoverImports`) or the next import removes the records. Readers never see them: their
// `imp` is not below `visibleBelow`.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Session, Transaction } from 'neo4j-driver';
import { LedgerhoundError } from '../../src/errors.js';
import type { ImportPart, ImportSource, ImportSummary } from '../../src/ports.js';
import { type Connection, storeError } from './connection.js';
import { int } from './records.js';
import { lockIsFree } from './lock-probe.js';
import type { Runner } from './runner.js';
import { FIRST_IMPORT } from './visibility.js';
import { type AddressCache, emptySummary, lockAndRegisterSource, writePart } from './write-batch.js';

/** Records per bounded transaction (a part larger than this is split). */
export const PART_ROWS = 10_000;

/** PART_ROWS, or LEDGERHOUND_NEO4J_PART_ROWS when set (smaller parts: tests of a kill after some parts). */
export function partRows(): number {
  const text = process.env.LEDGERHOUND_NEO4J_PART_ROWS;
  const n = text === undefined || text === '' ? PART_ROWS : Number(text);
  if (!Number.isInteger(n) || n < 1 || n > PART_ROWS) {
    throw new LedgerhoundError('INVALID_INPUT', `LEDGERHOUND_NEO4J_PART_ROWS must be an integer from 1 to ${PART_ROWS} (got ${text})`, { field: 'LEDGERHOUND_NEO4J_PART_ROWS' });
  }
  return n;
}

/** Rows deleted per inner transaction when removing records. */
const DELETE_ROWS = 10_000;

export interface StagedImportOptions {
  checkpoint?: { key: string; value: string };
  /** A timeout of the holder transaction set by the client (ms; tests): ends it as db.transaction.timeout would. */
  holderTimeoutMs?: number;
}

/** Neo4j codes of a transaction ended by its timeout (server setting or client configuration) or terminated. */
const ENDED = /TransactionTimedOut|Transaction\.Terminated|TransactionMarkedAsFailed/;

/** The error when the holder transaction was ended under the import: names the setting that bounds it. */
function holderEnded(conn: Connection, what: string, e: unknown): LedgerhoundError | undefined {
  const code = String((e as { code?: unknown })?.code ?? (e as { details?: { neo4jCode?: unknown } })?.details?.neo4jCode ?? '');
  if (!ENDED.test(code)) return undefined;
  return new LedgerhoundError(
    'STORE_FAILURE',
    `${what} on ${conn.location} failed: the import took longer than the transaction timeout (the server's db.transaction.timeout) and its holder transaction was ended; nothing of it is visible. Raise db.transaction.timeout or split the file`,
    { store: conn.location, neo4jCode: code, setting: 'db.transaction.timeout' },
    { cause: e },
  );
}

/** Splits a part so that no list holds more than PART_ROWS records. */
export function splitPart(part: ImportPart, rows = PART_ROWS): ImportPart[] {
  const out: ImportPart[] = [];
  for (const key of ['transfers', 'transactions', 'tags', 'conversions'] as const) {
    const list = (part[key] ?? []) as unknown[];
    for (let i = 0; i < list.length; i += rows) out.push({ [key]: list.slice(i, i + rows) } as ImportPart);
  }
  return out;
}

function addSummary(into: ImportSummary, add: ImportSummary): void {
  for (const k of ['transfers', 'transactions', 'tags', 'conversions'] as const) {
    into[k].added += add[k].added;
    into[k].existing += add[k].existing;
  }
}

/** Whether `e` is a uniqueness constraint failing (an optimistic part met a stored record). */
function isConstraintFailure(e: unknown): boolean {
  return e instanceof LedgerhoundError && (e.details as { neo4jCode?: string } | undefined)?.neo4jCode === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}

/** Runs `cypher` (a `CALL {...} IN TRANSACTIONS` statement) in an auto-commit transaction. */
async function autoCommit(runner: Runner, cypher: string, params: Record<string, unknown>): Promise<void> {
  const session = runner.session('WRITE');
  try {
    await session.run(cypher, params);
  } finally {
    await session.close();
  }
}

/**
 * Deletes, in bounded transactions, every record of `ns` written by an import numbered `from` or more
 * (imports that never committed), and the nodes they alone created.
 */
export async function removeRecordsFrom(runner: Runner, ns: string, from: number): Promise<void> {
  const p = { ns, from: int(from) };
  const batched = (match: string, action: string) =>
    autoCommit(runner, `${match} CALL (x) { ${action} } IN TRANSACTIONS OF ${DELETE_ROWS} ROWS`, p);
  await batched(
    `MATCH ()-[x:TRANSFER]->() USING INDEX x:TRANSFER(ns, chain, block, txIndex, index, id)
     WHERE x.ns = $ns AND x.chain IS NOT NULL AND x.block IS NOT NULL AND x.txIndex IS NOT NULL AND x.index IS NOT NULL AND x.id IS NOT NULL AND x.imp >= $from`,
    'DELETE x',
  );
  await batched('MATCH (x:Transaction {ns: $ns}) WHERE x.imp >= $from', 'DETACH DELETE x');
  await batched('MATCH (x:Tag {ns: $ns}) WHERE x.imp >= $from', 'DETACH DELETE x');
  await batched('MATCH (x:Conversion {ns: $ns}) WHERE x.imp >= $from', 'DETACH DELETE x');
  await batched('MATCH (:Output {ns: $ns})-[x:LOCKED_TO]->() WHERE x.imp >= $from', 'DELETE x');
  // Nodes an uncommitted import created and nothing committed uses since.
  await batched('MATCH (x:Output {ns: $ns}) WHERE x.imp >= $from AND NOT EXISTS { (x)--() }', 'DELETE x');
  await batched('MATCH (x:Address {ns: $ns}) WHERE x.imp >= $from AND NOT EXISTS { (x)--() }', 'DELETE x');
  await batched('MATCH (x:Sink {ns: $ns}) WHERE x.imp >= $from AND NOT EXISTS { (x)--() }', 'DELETE x');
}

/** A statement of the holder transaction; its end by a timeout becomes the clear error above. */
async function holderRun(lock: Transaction, cypher: string, params: Record<string, unknown> = {}): Promise<void> {
  try {
    await lock.run(cypher, params);
  } catch (e) {
    throw holderEndedMarker(e);
  }
}

/** Tags `e` as an error of the holder (turned into the clear error by stagedImport, which knows the store). */
function holderEndedMarker(e: unknown): unknown {
  if (e !== null && typeof e === 'object') (e as { holder?: boolean }).holder = true;
  return e;
}

/** Takes the namespace lock in `tx` and returns the watermark (refuses a case being deleted). */
async function lockNamespaceFor(tx: Transaction, ns: string, location: string): Promise<number> {
  const res = await tx.run(
    `MERGE (m:Store {ns: $ns}) ON CREATE SET m.nextSource = 1
     SET m._lock = true REMOVE m._lock
     RETURN coalesce(m.visibleBelow, $first) AS imp, coalesce(m.deleting, false) AS deleting`,
    { ns, first: int(FIRST_IMPORT) },
  );
  if (res.records[0].get('deleting') === true) {
    throw new LedgerhoundError('INVALID_INPUT', `case ${ns} on ${location} is being deleted: run \`cases delete ${ns}\` again to finish`, { store: location, namespace: ns });
  }
  return res.records[0].get('imp') as number;
}

/** Deletes the records of dead imports (markers other than `own`) while the caller holds the lock. */
async function removeDeadImports(runner: Runner, ns: string, from: number, own?: string): Promise<boolean> {
  const dead = await runner.rows('listing unfinished imports', 'MATCH (i:Import {ns: $ns}) WHERE $own IS NULL OR i.token <> $own RETURN count(i) AS n', { own: own ?? null });
  if ((dead[0].get('n') as number) === 0) return false;
  await removeRecordsFrom(runner, ns, from);
  await autoCommit(runner, 'MATCH (i:Import {ns: $ns}) WHERE $own IS NULL OR i.token <> $own DELETE i', { ns, own: own ?? null });
  return true;
}

/**
 * Writes `parts` as one import of `source` in bounded transactions, visible only once all of it is in
 * (the protocol above). Errors from `parts` itself are rethrown as they are; store errors become
 * STORE_FAILURE; conflicts INTEGRITY. Nothing of a failed import stays visible.
 */
export async function stagedImport(
  runner: Runner,
  conn: Connection,
  source: ImportSource,
  parts: AsyncIterable<ImportPart>,
  options: StagedImportOptions = {},
): Promise<ImportSummary> {
  const ns = conn.namespace;
  const what = `import of ${source.name}`;
  const rows = partRows();
  const holder: Session = runner.session('WRITE');
  let lock: Transaction | undefined;
  let imp: number | undefined;
  const token = randomUUID();
  try {
    lock = holder.beginTransaction(options.holderTimeoutMs === undefined ? undefined : { timeout: options.holderTimeoutMs });
    imp = await lockNamespaceFor(lock, ns, conn.location);
    const sourceId = await lockAndRegisterSource(lock, ns, source);
    await runner.write(what, (tx) =>
      tx.run('CREATE (:Import {ns: $ns, imp: $imp, token: $token, source: $source, host: $host, pid: $pid, startedAt: toString(datetime())})', {
        ns,
        imp: int(imp as number),
        token,
        source: source.name,
        host: hostname(),
        pid: int(process.pid),
      }),
    );
    await removeDeadImports(runner, ns, imp, token);
    const summary = emptySummary();
    const src = { name: source.name, id: sourceId };
    const stored = new Set<string>();
    let optimistic = true;
    const write = (part: ImportPart, addresses: AddressCache) =>
      runner.write(what, async (tx) => {
        addresses.merged.length = 0;
        const s = emptySummary();
        await writePart(tx, ns, part, src, s, imp, { optimistic, addresses });
        return s;
      });
    for await (const big of parts) {
      for (const part of splitPart(big, rows)) {
        // The holder's connection must still be alive: without it the lock is gone.
        await holderRun(lock, 'RETURN 1');
        const addresses: AddressCache = { stored, merged: [] };
        let add: ImportSummary;
        try {
          add = await write(part, addresses);
        } catch (e) {
          if (!optimistic || !isConstraintFailure(e)) throw e;
          optimistic = false;
          add = await write(part, addresses);
        }
        for (const key of addresses.merged) stored.add(key);
        addSummary(summary, add);
      }
    }
    if (options.checkpoint) {
      await holderRun(lock, 'MERGE (c:Checkpoint {ns: $ns, key: $key}) SET c.value = $value', { ns, ...options.checkpoint });
    }
    await holderRun(
      lock,
      `MATCH (m:Store {ns: $ns}) SET m.visibleBelow = $next, m.lastImport = toString(datetime())
       WITH m OPTIONAL MATCH (i:Import {ns: $ns, token: $token}) DELETE i`,
      { ns, next: int(imp + 1), token },
    );
    await lock.commit().catch((e: unknown) => {
      throw holderEnded(conn, what, e) ?? e;
    });
    return summary;
  } catch (e) {
    if (lock?.isOpen() && imp !== undefined) {
      // Still holding the lock (checked: a holder ended by its timeout has lost it): nobody else can
      // have written records numbered `imp`.
      try {
        await lock.run('RETURN 1');
        await removeRecordsFrom(runner, ns, imp);
        await autoCommit(runner, 'MATCH (i:Import {ns: $ns, token: $token}) DELETE i', { ns, token });
      } catch {
        // Left to the next open or import (the marker stays).
      }
    }
    if (lock?.isOpen()) await lock.rollback().catch(() => {});
    if ((e as { holder?: boolean } | null)?.holder) throw holderEnded(conn, what, e) ?? storeError(conn, what, e);
    if (e instanceof LedgerhoundError) throw e;
    if (e instanceof Error && !('code' in e)) throw e;
    throw storeError(conn, what, e);
  } finally {
    await holder.close();
  }
}

/**
 * After a crash: when markers of unfinished imports exist and no import holds the namespace lock, their
 * records are deleted (bounded transactions). Returns whether anything was removed. Quietly does
 * nothing when the lock is busy (a live import: it cleans up itself) or the user may not write.
 */
export async function recoverImports(runner: Runner, conn: Connection): Promise<boolean> {
  const ns = conn.namespace;
  const markers = await runner.rows('listing unfinished imports', 'MATCH (i:Import {ns: $ns}) RETURN count(i) AS n');
  if ((markers[0].get('n') as number) === 0) return false;
  // Probe: can the lock be taken quickly? A live import holds it for its whole run.
  if (!(await lockIsFree(runner, ns))) return false;
  const holder = runner.session('WRITE');
  try {
    const lock = holder.beginTransaction();
    try {
      const res = await lock.run('MATCH (m:Store {ns: $ns}) SET m._lock = true REMOVE m._lock RETURN coalesce(m.visibleBelow, $first) AS vis', {
        ns,
        first: int(FIRST_IMPORT),
      });
      const from = (res.records[0]?.get('vis') as number | undefined) ?? FIRST_IMPORT;
      return await removeDeadImports(runner, ns, from);
    } finally {
      if (lock.isOpen()) await lock.rollback().catch(() => {});
    }
  } catch (e) {
    throw storeError(conn, 'removing unfinished imports', e);
  } finally {
    await holder.close();
  }
}
