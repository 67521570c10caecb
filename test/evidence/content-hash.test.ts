// The store content hash of an evidence manifest: equal to a hash computed independently from the
// case files (records parsed, put in the documented order, canonical JSON lines), on every store
// implementation; independent of import order; changed by any change of a record.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../adapters/files/import-files.js';
import { canonicalJsonLine } from '../../src/evidence/canonical-json.js';
import { canonicalTransferLine, hashStoreContents } from '../../src/evidence/content-hash.js';
import { parseTag, tagToJson } from '../../src/model/tag.js';
import { type AccountTransfer, compareTransfers, parseTransfer, transferToJson } from '../../src/model/transfer.js';
import { compareUtxoTransactions, parseUtxoTransaction, utxoTransactionToJson } from '../../src/model/utxo.js';
import { storeFactories, tempDir } from '../support/stores.js';
import { SMALL_CASE } from './pack-helpers.js';

const DIR = join(SMALL_CASE, '..');
const FILES = ['transfers.jsonl', 'transactions.jsonl', 'tags.jsonl'].map((f) => join(DIR, f));

function lines(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** The hash as the manifest documents it, computed without any store. */
function expectedHash(): string {
  const transfers = lines(FILES[0]).map((r) => parseTransfer(r)).sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : compareTransfers(a, b)));
  const txs = lines(FILES[1]).map((r) => parseUtxoTransaction(r)).sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : compareUtxoTransactions(a, b)));
  const key = (t: ReturnType<typeof parseTag>) => [t.chain, t.address, t.source, t.label, t.category].join('\u0000');
  const tags = lines(FILES[2]).map((r) => parseTag(r)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const h = createHash('sha256');
  h.update('transfers\n');
  for (const t of transfers) h.update(`${canonicalJsonLine(transferToJson(t))}\n`);
  h.update('transactions\n');
  for (const t of txs) h.update(`${canonicalJsonLine(utxoTransactionToJson(t))}\n`);
  h.update('tags\n');
  for (const t of tags) h.update(`${canonicalJsonLine(tagToJson(t))}\n`);
  return h.digest('hex');
}

describe.each(storeFactories())('hashStoreContents on $name', (factory) => {
  it('equals the hash computed from the files, whatever the import order', async () => {
    const forward = await factory.create();
    const backward = await factory.create();
    try {
      await importFiles(forward, FILES);
      await importFiles(backward, [...FILES].reverse());
      const a = await hashStoreContents(forward);
      const b = await hashStoreContents(backward);
      expect(a).toEqual({ sha256: expectedHash(), transfers: 5, transactions: 2, tags: 3 });
      expect(b.sha256).toBe(a.sha256);
    } finally {
      await forward.close();
      await backward.close();
    }
  });

  it('changes when one record changes', async () => {
    const changed = join(tempDir('lh-hash-'), 'transfers.jsonl');
    writeFileSync(changed, readFileSync(FILES[0], 'utf8').replace('"amount":"1000000000"}', '"amount":"1000000001"}'));
    const store = await factory.create();
    try {
      await importFiles(store, [changed, FILES[1], FILES[2]]);
      expect((await hashStoreContents(store)).sha256).not.toBe(expectedHash());
    } finally {
      await store.close();
    }
  });
});

describe('canonicalTransferLine', () => {
  it('writes what the canonical JSON of the transfer record gives, with and without time, receiver or extra fields', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const transfer = fc.record(
      {
        id: text,
        chain: fc.constantFrom('ethereum', 'tron', 'bitcoin'),
        asset: text,
        txHash: text,
        block: fc.nat(),
        txIndex: fc.nat(),
        index: fc.integer({ min: -1, max: 1000 }),
        time: text,
        from: text,
        to: fc.option(text, { nil: null }),
        amount: fc.bigInt({ min: 0n, max: 2n ** 256n }),
        extra: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null))),
      },
      { requiredKeys: ['id', 'chain', 'asset', 'txHash', 'block', 'txIndex', 'index', 'from', 'to', 'amount'] },
    );
    fc.assert(
      fc.property(transfer, (t: AccountTransfer) => {
        expect(canonicalTransferLine(t)).toBe(canonicalJsonLine(transferToJson(t)));
      }),
      { numRuns: 2000 },
    );
  });
});
