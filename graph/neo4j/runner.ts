// How the Neo4j store talks to the server: sessions on the pinned database, managed transactions for
// writes (retried by the driver on transient errors), and auto-committed single-statement reads (one
// round trip each: the tracer makes thousands) retried with jittered exponential backoff. Every error
// leaves as a STORE_FAILURE whose text carries no credential.

import { isRetryableError, type ManagedTransaction, type Session } from 'neo4j-driver';
import { type Connection, storeError } from './connection.js';

/** Runs statements for one store (its connection and namespace). */
export class Runner {
  constructor(private readonly conn: Connection) {}

  /** A session on the store's database. */
  session(mode: 'READ' | 'WRITE', fetchSize?: number): Session {
    return this.conn.driver.session({ database: this.conn.database, defaultAccessMode: mode, ...(fetchSize !== undefined ? { fetchSize } : {}) });
  }

  /** One managed write transaction, retried by the driver on transient errors. */
  async write<T>(what: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(work);
    } catch (e) {
      throw storeError(this.conn, what, e);
    } finally {
      await session.close();
    }
  }

  /** One managed read transaction, retried by the driver on transient errors. */
  async read<T>(what: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.session('READ');
    try {
      return await session.executeRead(work);
    } catch (e) {
      throw storeError(this.conn, what, e);
    } finally {
      await session.close();
    }
  }

  /**
   * One read statement, auto-committed (one round trip instead of the two of a managed transaction:
   * the tracer makes thousands), retried with backoff on retryable errors like the driver's own retries.
   */
  async rows(what: string, cypher: string, params: Record<string, unknown> = {}) {
    const deadline = Date.now() + this.conn.retryTimeMs;
    for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
      const session = this.session('READ');
      try {
        return (await session.run(cypher, { ns: this.conn.namespace, ...params })).records;
      } catch (e) {
        if (!isRetryableError(e) || Date.now() + delay > deadline) throw storeError(this.conn, what, e);
      } finally {
        await session.close();
      }
      await new Promise((r) => setTimeout(r, delay * (0.8 + Math.random() * 0.4)));
    }
  }

  /** Streams a query's records (pulled in batches as the consumer iterates). */
  async *stream(what: string, cypher: string, params: Record<string, unknown>, fetchSize?: number) {
    const deadline = Date.now() + this.conn.retryTimeMs;
    for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
      let yielded = false;
      const session = this.session('READ', fetchSize);
      try {
        const result = session.run(cypher, { ns: this.conn.namespace, ...params });
        for await (const rec of result) {
          yielded = true;
          yield rec;
        }
        return;
      } catch (e) {
        // Retried only before the first record: a stream cut in the middle is reported.
        if (yielded || !isRetryableError(e) || Date.now() + delay > deadline) throw storeError(this.conn, what, e);
      } finally {
        await session.close();
      }
      await new Promise((r) => setTimeout(r, delay * (0.8 + Math.random() * 0.4)));
    }
  }
}
