// Connection to a Neo4j server for the Neo4j GraphStore: parses the `--store` URL (neo4j://, bolt://,
// neo4j+s://...; an optional `?namespace=` selects one case's graph inside a shared database), takes the
// credentials from NEO4J_USER / NEO4J_PASSWORD only (a private CA from NEO4J_CA_FILE, tls.ts), and turns driver errors into LedgerhoundErrors
// whose text never carries a credential (common rules: secrets only from the environment).

import neo4j, { type Driver, isRetryableError, Neo4jError } from 'neo4j-driver';
import { LedgerhoundError } from '../../src/errors.js';
import { redactText, redactUrl } from '../../src/redact.js';
import { causeMessages, tlsReason, tlsSettings } from './tls.js';

/** Namespace used when the URL names none. */
export const DEFAULT_NAMESPACE = 'default';
const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface Neo4jStoreOptions {
  /** neo4j://host:7687, bolt://host:7687, neo4j+s://<aura host>... with an optional `?namespace=<name>`. */
  url: string;
  /** Defaults to NEO4J_USER (else `neo4j` when a password is set). */
  user?: string;
  /** Defaults to NEO4J_PASSWORD; none means no authentication. */
  password?: string;
  /** Defaults to NEO4J_DATABASE, else the server's default database. */
  database?: string;
  /** Overrides the URL's namespace. */
  namespace?: string;
  /** How long a write or read is retried on transient errors and lost connections (default 60 s). */
  retryTimeMs?: number;
}

export interface Connection {
  driver: Driver;
  /** The database (pinned to the server's home database once known). */
  database: string | undefined;
  namespace: string;
  /** How long operations are retried on transient errors. */
  retryTimeMs: number;
  /** The URL as given minus credentials: safe to print. */
  location: string;
  /** Removes the password from any text before it is shown. */
  scrub(text: string): string;
}

/** Opens a driver for `options` (lazily: nothing is contacted until the first query). */
export function connect(options: Neo4jStoreOptions): Connection {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new LedgerhoundError('INVALID_INPUT', `not a Neo4j URL: ${redactUrl(options.url)}`, { store: redactUrl(options.url) });
  }
  const location = redactUrl(options.url);
  if (parsed.username || parsed.password) {
    throw new LedgerhoundError('INVALID_INPUT', `credentials in the store URL are not accepted: set NEO4J_USER and NEO4J_PASSWORD instead (${location})`, {
      store: location,
    });
  }
  const namespace = options.namespace ?? parsed.searchParams.get('namespace') ?? DEFAULT_NAMESPACE;
  if (!NAMESPACE.test(namespace)) {
    throw new LedgerhoundError('INVALID_INPUT', `namespace must be letters, digits, '.', '_' or '-' (got ${JSON.stringify(namespace)})`, { store: location });
  }
  parsed.searchParams.delete('namespace');
  const tls = tlsSettings(parsed, process.env.NEO4J_CA_FILE);
  const password = options.password ?? process.env.NEO4J_PASSWORD;
  const user = options.user ?? process.env.NEO4J_USER ?? (password ? 'neo4j' : undefined);
  const auth = user !== undefined ? neo4j.auth.basic(user, password ?? '') : undefined;
  const scrub = (text: string) => {
    let out = text;
    if (password && password.length >= 4) out = out.split(password).join('***');
    return redactText(out);
  };
  let driver: Driver;
  try {
    driver = neo4j.driver(tls.url, auth, {
      ...tls.config,
      disableLosslessIntegers: true,
      maxTransactionRetryTime: options.retryTimeMs ?? 60_000,
      connectionAcquisitionTimeout: 60_000,
      connectionTimeout: 15_000,
      userAgent: 'ledgerhound',
      logging: { level: 'error', logger: () => {} },
    });
  } catch (e) {
    throw new LedgerhoundError('INVALID_INPUT', `cannot use store URL ${location}: ${scrub((e as Error).message)}`, { store: location });
  }
  const database = options.database ?? (process.env.NEO4J_DATABASE || undefined);
  return { driver, database, namespace, location, scrub, retryTimeMs: options.retryTimeMs ?? 60_000 };
}

/** A STORE_FAILURE for a failed Neo4j operation, with a message fit to print (no credentials). */
export function storeError(conn: Pick<Connection, 'location' | 'scrub'>, what: string, e: unknown): LedgerhoundError {
  if (e instanceof LedgerhoundError) return e;
  const code = e instanceof Neo4jError ? e.code : undefined;
  let reason = conn.scrub(e instanceof Error ? e.message : String(e));
  const tlsFailure = tlsReason(causeMessages(e).map(conn.scrub), process.env.NEO4J_CA_FILE);
  if (code === 'Neo.ClientError.Security.Unauthorized') reason = 'the server refused the credentials in NEO4J_USER / NEO4J_PASSWORD';
  else if (tlsFailure) reason = tlsFailure;
  else if (code === 'ServiceUnavailable' || code === 'SessionExpired') reason = `cannot reach Neo4j (${reason})`;
  return new LedgerhoundError(
    'STORE_FAILURE',
    `${what} on ${conn.location} failed: ${reason}`,
    { store: conn.location, neo4jCode: code, retryable: isRetryableError(e) },
    { cause: e },
  );
}
