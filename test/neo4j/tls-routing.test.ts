// Beyond one server (issue 18): routing and TLS settings of the Neo4j store (graph/neo4j/tls.ts,
// connection.ts). What can be checked here: the driver gets the custom CA of NEO4J_CA_FILE (and a `+s`
// URL its plain scheme, the driver refusing both), a file that is missing or not PEM is INVALID_INPUT
// naming NEO4J_CA_FILE, a TLS connection the test server cannot answer fails naming NEO4J_CA_FILE, reads
// run in READ sessions (the server refuses a write in one: a cluster routes them to readers), and both
// `neo4j://` (routing) and `bolt://` (direct) URLs work. The test server has no TLS listener, so a
// successful TLS handshake with a private CA is not tested here (docs/neo4j.md says so).

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { tlsSettings } from '../../graph/neo4j/tls.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { tempDir } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';

const dir = tempDir('lh-neo4j-tls-');
/** A self-signed CA certificate made for this run. */
function caFile(): string {
  const key = join(dir, 'ca.key');
  const crt = join(dir, 'ca.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '1', '-subj', '/CN=Ledgerhound test CA'], { stdio: 'ignore' });
  return crt;
}

const catchError = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
};

describe('Neo4j TLS settings (NEO4J_CA_FILE)', () => {
  it('no CA file: the URL as given, the driver left to its scheme', () => {
    expect(tlsSettings(new URL('neo4j+s://db.example:7687'), undefined)).toEqual({ url: 'neo4j+s://db.example:7687', config: {} });
  });

  it('a CA file: custom trust with that file, encryption on, `+s`/`+ssc` taken as the plain scheme', () => {
    const ca = caFile();
    const want = { encrypted: 'ENCRYPTION_ON', trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES', trustedCertificates: [ca] };
    expect(tlsSettings(new URL('neo4j+s://db.example:7687'), ca)).toEqual({ url: 'neo4j://db.example:7687', config: want });
    expect(tlsSettings(new URL('bolt+ssc://db.example:7687'), ca)).toEqual({ url: 'bolt://db.example:7687', config: want });
    expect(tlsSettings(new URL('neo4j://db.example'), ca).url).toBe('neo4j://db.example');
  });

  it('a missing or non-PEM CA file is INVALID_INPUT naming NEO4J_CA_FILE', () => {
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    for (const f of [notPem, join(dir, 'missing.pem')]) {
      let error: unknown;
      try {
        tlsSettings(new URL('neo4j://db.example'), f);
      } catch (e) {
        error = e;
      }
      expect(isLedgerhoundError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toContain('NEO4J_CA_FILE');
      expect((error as { details: { field: string } }).details.field).toBe('NEO4J_CA_FILE');
    }
  });
});

describe.runIf(neo4jWanted())('Neo4j routing, sessions and TLS failures on the test server', () => {
  const saved = process.env.NEO4J_CA_FILE;
  afterEach(() => {
    if (saved === undefined) delete process.env.NEO4J_CA_FILE;
    else process.env.NEO4J_CA_FILE = saved;
  });
  const url = (scheme: string) => {
    const u = new URL(process.env.NEO4J_URL as string);
    return `${scheme}://${u.host}?namespace=tls-${process.pid}`;
  };

  it('neo4j:// (routing) and bolt:// (direct) both open the store and read', async () => {
    for (const scheme of ['neo4j', 'bolt']) {
      const store = await openNeo4jStore({ url: url(scheme) });
      try {
        expect((await store.stats()).transfers).toBe(0);
      } finally {
        await store.close();
      }
    }
  }, 120_000);

  it('reads run in READ sessions: a write sent through the read path is refused by the server', async () => {
    const store = await openNeo4jStore({ url: url('neo4j') });
    try {
      const e = await catchError(() => store.query('CREATE (n:LedgerhoundReadProbe {ns: $ns}) RETURN n'));
      expect(isLedgerhoundError(e, 'STORE_FAILURE')).toBe(true);
      expect((e as Error).message).toMatch(/read/i);
      expect(await store.query('MATCH (n:LedgerhoundReadProbe) RETURN count(n) AS n')).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('TLS to a server that does not speak it fails as STORE_FAILURE naming NEO4J_CA_FILE, with and without a CA file', async () => {
    delete process.env.NEO4J_CA_FILE;
    const plain = await catchError(() => openNeo4jStore({ url: url('bolt+s'), retryTimeMs: 2_000 }));
    expect(isLedgerhoundError(plain, 'STORE_FAILURE')).toBe(true);
    expect((plain as Error).message).toContain('NEO4J_CA_FILE');
    process.env.NEO4J_CA_FILE = caFile();
    const custom = await catchError(() => openNeo4jStore({ url: url('neo4j+s'), retryTimeMs: 2_000 }));
    expect(isLedgerhoundError(custom, 'STORE_FAILURE')).toBe(true);
    expect((custom as Error).message).toContain(`NEO4J_CA_FILE (${process.env.NEO4J_CA_FILE})`);
    expect((custom as Error).message).not.toContain(process.env.NEO4J_PASSWORD ?? '\u0000');
  }, 120_000);
});
