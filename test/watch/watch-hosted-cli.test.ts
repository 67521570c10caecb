// `watch --esplora URL` as a user runs it (the CLI through tsx, `--once` as from cron), on the recorded
// Esplora responses served on loopback (support/esplora-server.ts): the first run sets the baseline and
// prints the status line of a hosted source; after block 50,002 is mined with a spend of the victim's
// output into a tagged exchange, the next run appends `moved` and `arrived` to the jsonl sink, and a third
// run appends nothing.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEsplora } from '../../adapters/bitcoin/clients.js';
import { ingestEsplora } from '../../adapters/bitcoin/ingest-esplora.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { runCliAsync } from '../evm/support/cli-async.js';
import { tempDir } from '../support/stores.js';
import { before, EXCHANGE, esploraServer, HOLDER, mineSpend, PAYMENT, SPEND_TXID } from './support/esplora-server.js';

let api: Awaited<ReturnType<typeof esploraServer>>;
let dir: string;

beforeAll(async () => {
  api = await esploraServer();
  before(api.routes);
  dir = tempDir('lh-watch-hosted-cli-');
  const store = openSqliteStore(join(dir, '.ledgerhound', 'case.db'));
  const { client } = await openEsplora(api.url, {});
  await ingestEsplora(client, store, { chain: 'bitcoin', txids: [PAYMENT], confirmations: 1 });
  await store.close();
  writeFileSync(join(dir, 'tags.jsonl'), `${JSON.stringify({ chain: 'bitcoin', address: EXCHANGE, label: 'Test Exchange', category: 'exchange', source: 'watch test', confidence: 100 })}\n`);
  writeFileSync(
    join(dir, 'case.yaml'),
    ['name: watch esplora', 'sources: [tags.jsonl]', 'victimPayments:', `  - { id: v1, chain: bitcoin, output: "${PAYMENT}:0" }`, 'policy: fifo', 'maxHops: 10', ''].join('\n'),
  );
}, 120_000);
afterAll(async () => api?.close());

function alerts(file: string): { kind: string; address: string; amount: string; transactions: string[] }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('watch --esplora through the CLI', () => {
  it('--once runs: baseline, then moved and arrived after the spend is mined, then nothing again', async () => {
    const file = join(dir, 'alerts.jsonl');
    const args = ['watch', 'case.yaml', '--esplora', api.url, '--confirmations', '1', '--once', '--rps', '20', '--sink', `jsonl:${file}`];
    const first = await runCliAsync(args, { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^watch poll 1 \S+: bitcoin 1 addresses \+\d+; \d+ addresses watched; trace (re-traced|resumed|unchanged); 0 alerts, 0 delivered, 0 failed$/m);
    expect(alerts(file)).toEqual([]);

    mineSpend(api.routes);
    const second = await runCliAsync(args, { cwd: dir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/bitcoin 1 addresses \+1; .* 2 alerts, 2 delivered, 0 failed$/m);
    const got = alerts(file);
    expect(got.map((a) => [a.kind, a.address, a.transactions]).sort()).toEqual([
      ['arrived', EXCHANGE, [SPEND_TXID]],
      ['moved', HOLDER, [SPEND_TXID]],
    ]);

    const third = await runCliAsync(args, { cwd: dir });
    expect(third.code, third.stderr).toBe(0);
    expect(alerts(file)).toHaveLength(2);
  }, 300_000);
});
