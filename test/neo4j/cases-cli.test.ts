// `cases list` and `cases delete` on the real Neo4j server (issue 18, graph/neo4j/case-admin.ts): every
// case with exact counts; a delete needs --yes, leaves the other cases untouched, hides the case at
// once, and when killed midway (SIGKILL) is finished by running it again.

import { describe, expect, it } from 'vitest';
import { type Neo4jStore, openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { evmAddress, txid } from '../support/addresses.js';
import { runCli, startCli } from '../support/cli.js';
import { neo4jWanted } from './support/dump-store.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

function transfer(n: number): AccountTransfer {
  return {
    id: `${txid(`c${n}`)}:0`,
    chain: 'ethereum',
    asset: USDT,
    txHash: txid(`c${n}`),
    block: 19_000_000 + Math.floor(n / 100),
    txIndex: n % 100,
    index: 0,
    from: evmAddress(`f${n % 300}`),
    to: evmAddress(`t${n % 400}`),
    amount: 5n + BigInt(n),
  };
}

function url(namespace?: string): string {
  const u = new URL(process.env.NEO4J_URL as string);
  if (namespace) u.searchParams.set('namespace', namespace);
  return u.toString();
}

async function raw(store: Neo4jStore, cypher: string): Promise<number> {
  return (await store.query(cypher))[0].n as number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(neo4jWanted())('ledgerhound cases list / delete on Neo4j', () => {
  it('lists every case with its counts, deletes one only with --yes, and finishes a delete killed midway', { timeout: 1_200_000 }, async () => {
    const [a, b, big] = ['a', 'b', 'big'].map((x) => `cases-${x}-${process.pid}`);
    const stores = await Promise.all([a, b, big].map((ns) => openNeo4jStore({ url: url(ns) })));
    try {
      const [sa, sb, sbig] = stores;
      await sa.importBatch({
        source: { name: 'a.jsonl', sha256: txid('a'), kind: 'file' },
        transfers: [transfer(1), transfer(2), transfer(3)],
        tags: [{ chain: 'ethereum', address: evmAddress('f1'), label: 'scam', category: 'scam', source: 'test', confidence: 90 }],
      });
      await sb.importBatch({ source: { name: 'b.jsonl', sha256: txid('b'), kind: 'file' }, transfers: [transfer(10)] });
      await sbig.importBatch({ source: { name: 'big.jsonl', sha256: txid('big'), kind: 'file' }, transfers: Array.from({ length: 25_000 }, (_, i) => transfer(i)) });

      const listed = runCli(['cases', 'list', '--store', url(), '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      const rows = JSON.parse(listed.stdout).cases as { name: string }[];
      expect(rows.find((r) => r.name === a)).toMatchObject({ name: a, transfers: 3, transactions: 0, addresses: 6, tags: 1, sources: 1 });
      expect(rows.find((r) => r.name === b)).toMatchObject({ transfers: 1, addresses: 2, tags: 0, sources: 1 });
      expect(rows.find((r) => r.name === big)).toMatchObject({ transfers: 25_000, addresses: 700, sources: 1 });
      expect(typeof (rows.find((r) => r.name === a) as { lastImport?: string }).lastImport).toBe('string');

      // Without --yes: described, refused (exit 2), nothing deleted.
      const asked = runCli(['cases', 'delete', a, '--store', url()]);
      expect(asked.code).toBe(2);
      expect(asked.stderr).toContain('--yes');
      expect((await sa.stats()).transfers).toBe(3);
      expect(runCli(['cases', 'delete', `nothing-${process.pid}`, '--store', url(), '--yes']).code).toBe(3);
      expect(runCli(['cases', 'list', '--store', 'case.db']).code).toBe(2);

      const deleted = runCli(['cases', 'delete', a, '--store', url(), '--yes', '--json']);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(JSON.parse(deleted.stdout)).toMatchObject({ name: a, existed: true });
      expect(await raw(sa, 'MATCH (x {ns: $ns}) RETURN count(x) AS n')).toBe(0);
      expect(await sb.stats()).toMatchObject({ transfers: 1, addresses: 2, sources: 1 });

      // Killed midway: the case is hidden at once, listed as being deleted, refuses imports; a rerun finishes.
      // Transactions of 20 rows, so that the delete is still running when it is killed (the server runs the
      // whole delete as one CALL ... IN TRANSACTIONS: with 200-row parts it once finished before the kill).
      const child = startCli(['cases', 'delete', big, '--store', url(), '--yes'], { env: { LEDGERHOUND_NEO4J_PART_ROWS: '20' } });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const total = await raw(sbig, 'MATCH ()-[t:TRANSFER {ns: $ns}]->() RETURN count(t) AS n');
      for (;;) {
        await sleep(20);
        const left = await raw(sbig, 'MATCH ()-[t:TRANSFER {ns: $ns}]->() RETURN count(t) AS n');
        if (left < total || child.exitCode !== null) break;
      }
      child.kill('SIGKILL');
      await exited;
      const left = await raw(sbig, 'MATCH (x {ns: $ns}) RETURN count(x) AS n');
      expect(left).toBeGreaterThan(0);
      expect((await sbig.stats()).transfers).toBe(0);
      const during = JSON.parse(runCli(['cases', 'list', '--store', url(), '--json']).stdout).cases as { name: string }[];
      expect(during.find((r) => r.name === big)).toMatchObject({ transfers: 0, deleting: true });
      const refused = await sbig.importBatch({ source: { name: 'x.jsonl', sha256: txid('x'), kind: 'file' }, transfers: [transfer(1)] }).catch((e: unknown) => e);
      expect(isLedgerhoundError(refused, 'INVALID_INPUT')).toBe(true);
      const rerun = runCli(['cases', 'delete', big, '--store', url(), '--yes']);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(await raw(sbig, 'MATCH (x {ns: $ns}) RETURN count(x) AS n')).toBe(0);
      const after = JSON.parse(runCli(['cases', 'list', '--store', url(), '--json']).stdout).cases as { name: string }[];
      expect(after.map((r) => r.name)).toContain(b);
      expect(after.map((r) => r.name)).not.toContain(a);
      expect(after.map((r) => r.name)).not.toContain(big);
    } finally {
      for (const s of stores) await s.close();
    }
  });
});
