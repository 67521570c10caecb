// Partner packs and cross-case hits (issue 15) end to end: a partner signs an evidence pack of the
// sample case (keygen --out, export --sign); we add their key to a keyring, import the pack into our own
// store (verified, re-traced, with the pack as the records' source) and `hits` on our own case (one of
// the partner's TRON victims) finds the addresses both cases share, with each side's role and amounts.
// A pack with one changed byte, signed by an unknown or another key, or unsigned is refused with the
// reason and nothing is imported. One pack for the whole file (PDF rendering makes exports slow).

import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findHits } from '../../app/hits.js';
import { importPartnerPack, type PackRefusal } from '../../app/import-pack.js';
import { addPartnerKey, keyringDirOf, listPartnerKeys } from '../../app/keyring.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { generateSigningKeyPair, type Manifest, sha256Hex } from '../../src/evidence/manifest.js';
import type { CrossCaseHit } from '../../src/sharing/cross-case-hits.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const SAMPLE = join(REPO_ROOT, 'samples/pig-butchering/case.yaml');
const CHEN_PAYMENT = 'd5c2064f4cc4a3f3cfb7b805ac752d11f193ad4631e4f159a159d9e902f19184:0';
/** Chen's own wallet, the sender of the victim payment (sample transfers.jsonl): never a hit. */
const CHEN_WALLET = 'TQ2kvUAQxAcvxnkA9YvQiPnLYoQ9qD81uB';
/** The scam's TRON deposit address: Chen paid 36,000 USDT there, Dana 24,000 (sample README). */
const TRON_DEPOSIT = 'TJQxYGK1K8Zh1WkTg5jqHWrRRMuKqifwY6';

const work = tempDir('lh-partner-pack-');
const pack = join(work, 'pack');
const partnerKey = join(work, 'partner');
const keyring = join(work, 'keyring');
const ourCase = join(work, 'ours', 'case.yaml');

/** Our own case: one of the partner's victims reported to us, no data of our own yet. */
const OUR_CASE = `name: Our TRON victim
victimPayments:
  - id: chen-1
    chain: tron
    transfer: "${CHEN_PAYMENT}"
policy: fifo
maxHops: 20
stopAt: [exchange, otc, payment_processor, wallet_service, gambling, mixer, bridge]
`;

let manifest: Manifest;
let partnerFingerprint: string;

function tamperedCopy(change: (dir: string) => void): string {
  const copy = join(tempDir('lh-partner-tamper-'), 'pack');
  cpSync(pack, copy, { recursive: true });
  change(copy);
  return copy;
}

async function refusal(dir: string, options: Parameters<typeof importPartnerPack>[2]): Promise<{ reason: PackRefusal; files: string[]; sources: number; transfers: number }> {
  const store = openSqliteStore(join(tempDir('lh-partner-refused-'), 'case.db'));
  try {
    await importPartnerPack(store, dir, options);
    throw new Error('the pack was imported');
  } catch (e) {
    if (!isLedgerhoundError(e, 'INTEGRITY')) throw e;
    const stats = await store.stats();
    const transfers = Object.values(stats.chains ?? {}).reduce((n, c) => n + c.transfers, 0);
    return { reason: e.details.reason as PackRefusal, files: e.details.files as string[], sources: (await store.listSources()).length, transfers };
  } finally {
    await store.close();
  }
}

describe('partner packs: keyring, import-pack, hits', () => {
  beforeAll(() => {
    const gen = runCli(['keygen', '--out', partnerKey, '--json']);
    expect(gen.code, gen.stderr).toBe(0);
    partnerFingerprint = JSON.parse(gen.stdout).fingerprint;
    const exp = runCli(['export', SAMPLE, '--out', pack, '--store', join(work, 'partner.db'), '--sign', `${partnerKey}.key.pem`, '--json']);
    expect(exp.code, exp.stderr).toBe(0);
    manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as Manifest;
    mkdirSync(join(work, 'ours'));
    writeFileSync(ourCase, OUR_CASE);
  }, 180_000);

  it('import-pack refuses a pack whose signer is not in the keyring (exit 4, reason unknown-key) and imports nothing', async () => {
    const res = runCli(['import-pack', pack, '--store', join(work, 'refused.db'), '--keyring', keyring, '--json']);
    expect(res.code, res.stderr).toBe(4);
    const error = JSON.parse(res.stderr).error;
    expect(error.code).toBe('INTEGRITY');
    expect(error.details).toMatchObject({ reason: 'unknown-key', signer: partnerFingerprint, files: ['manifest.pub.pem'] });
    // The store may have been opened (created empty): nothing was written to it.
    const store = openSqliteStore(join(work, 'refused.db'));
    try {
      expect(await store.listSources()).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('keyring add names a partner key; list shows it with the fingerprint keygen printed; a private key or a taken name is refused', async () => {
    const add = runCli(['keyring', 'add', 'partner-nl', `${partnerKey}.pub.pem`, '--keyring', keyring, '--json']);
    expect(add.code, add.stderr).toBe(0);
    const list = runCli(['keyring', 'list', '--keyring', keyring, '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).keys).toEqual([{ name: 'partner-nl', fingerprint: partnerFingerprint, file: join(keyring, 'partner-nl.pub.pem') }]);
    const env = runCli(['keyring', 'list', '--json'], { env: { LEDGERHOUND_KEYRING: keyring } });
    expect(JSON.parse(env.stdout).keys.map((k: { name: string }) => k.name)).toEqual(['partner-nl']);

    const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (isLedgerhoundError(e) ? `${e.code}:${e.details.reason}` : String(e)));
    expect(await codeOf(addPartnerKey(keyring, 'mine', `${partnerKey}.key.pem`))).toBe('INVALID_INPUT:private-key');
    expect(await codeOf(addPartnerKey(keyring, 'partner-nl', `${partnerKey}.pub.pem`))).toBe('INVALID_INPUT:name-taken');
    expect(await codeOf(addPartnerKey(keyring, 'again', `${partnerKey}.pub.pem`))).toBe('INVALID_INPUT:key-kept');
    expect((await listPartnerKeys(keyring)).map((k) => k.name)).toEqual(['partner-nl']);
    // Three CLI runs through tsx: over 60 s on the loaded 2-core machine.
  }, 240_000);

  it("the keyring's default directory is beside keygen's keys; --keyring, then LEDGERHOUND_KEYRING choose another", () => {
    expect(keyringDirOf(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/ledgerhound/keyring');
    expect(keyringDirOf(undefined, { XDG_CONFIG_HOME: '/cfg', LEDGERHOUND_KEYRING: '/ring' })).toBe('/ring');
    expect(keyringDirOf('/opt', { LEDGERHOUND_KEYRING: '/ring' })).toBe('/opt');
  });

  it("a signed pack from the partner's store is verified, re-traced and imported into ours with its provenance", async () => {
    const res = runCli(['import-pack', pack, '--store', join(work, 'ours.db'), '--keyring', keyring, '--retrace', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    const id = manifest.digest.slice(0, 16);
    const manifestSha = sha256Hex(readFileSync(join(pack, 'manifest.json')));
    expect(out).toMatchObject({ pack: { id, manifestSha256: manifestSha, case: manifest.case.name }, signer: { fingerprint: partnerFingerprint, name: 'partner-nl', trustedBy: 'keyring' }, retraced: true });
    const store = openSqliteStore(join(work, 'ours.db'));
    try {
      const sources = await store.listSources();
      expect(sources).toHaveLength(1);
      expect(sources[0]).toMatchObject({ name: `pack:${id}`, sha256: manifestSha, format: `evidence-pack;signer=${partnerFingerprint};partner=partner-nl` });
      // Every record of the partner's store arrived: the same counts as the manifest records.
      const stats = await store.stats();
      const count = (k: 'transfers' | 'transactions') => Object.values(stats.chains ?? {}).reduce((n, c) => n + c[k], 0);
      expect({ transfers: count('transfers'), transactions: count('transactions') }).toEqual({ transfers: manifest.store.transfers, transactions: manifest.store.transactions });
      const tags = await store.tagsOf('tron', TRON_DEPOSIT);
      expect(tags.length).toBeGreaterThan(0);
      for (const t of tags) expect(t.extra?.receivedFrom).toEqual({ pack: `pack:${id}`, signer: partnerFingerprint, partner: 'partner-nl' });
    } finally {
      await store.close();
    }
    // Importing the same pack again adds nothing.
    const again = runCli(['import-pack', pack, '--store', join(work, 'ours.db'), '--trust', `${partnerKey}.pub.pem`, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).imported).toMatchObject({ transfers: 0, transactions: 0, tags: 0, conversions: 0 });
  }, 120_000);

  it('hits on our case finds the addresses it shares with the pack, with the role, amounts and dates on each side', async () => {
    const res = runCli(['hits', ourCase, '--store', join(work, 'ours.db'), '--against', pack, '--keyring', keyring, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { addresses: number; against: { kind: string; signer?: { name?: string } }[]; hits: CrossCaseHit[] };
    expect(out.against).toMatchObject([{ kind: 'pack', name: manifest.digest.slice(0, 16), roles: 'traced', signer: { fingerprint: partnerFingerprint, name: 'partner-nl' } }]);
    // Every address of our trace is in the partner's case: our victim is one of theirs.
    expect(out.hits).toHaveLength(out.addresses);
    expect(out.hits.map((h) => h.address)).not.toContain(CHEN_WALLET);
    const deposit = out.hits.find((h) => h.chain === 'tron' && h.address === TRON_DEPOSIT)!;
    // Chen paid 36,000 USDT there in our case; Chen and Dana 60,000 in the partner's.
    expect(deposit.ours).toMatchObject({ kind: 'case', roles: ['victim-payment'], amounts: [{ asset: 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', amount: '36000000000' }], firstSeen: '2024-10-25T14:54:39Z' });
    expect(deposit.theirs).toMatchObject([{ kind: 'pack', roles: ['victim-payment'], amounts: [{ asset: 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', amount: '60000000000' }] }]);
    expect(deposit.ours.labels).toEqual(deposit.theirs[0].labels);
    const roles = (which: 'ours' | 'theirs') => out.hits.map((h) => (which === 'ours' ? h.ours.roles : h.theirs[0].roles).join('+')).sort();
    expect(roles('ours')).toEqual(roles('theirs'));
    expect(roles('ours')).toEqual(expect.arrayContaining(['victim-payment', 'cash-out', 'layering', 'holding']));
  }, 120_000);

  it('hits also reads a STIX bundle (roles from the share) and a store without a case (tagged or seen)', async () => {
    const bundle = join(work, 'bundle.json');
    const share = runCli(['share', 'stix', SAMPLE, '--store', join(work, 'partner.db'), '--no-import', '--out', bundle, '--tlp', 'amber', '--json']);
    expect(share.code, share.stderr).toBe(0);
    const store = openSqliteStore(join(work, 'ours.db'));
    try {
      const r = await findHits(store, ourCase, { against: [bundle, join(work, 'partner.db')], importSources: false });
      expect(r.against.map((a) => [a.kind, a.roles])).toEqual([
        ['stix-bundle', 'tags'],
        ['store', 'lookup'],
      ]);
      const deposit = r.hits.find((h) => h.address === TRON_DEPOSIT)!;
      expect(deposit.theirs.map((s) => [s.kind, s.roles, s.tlp])).toEqual([
        ['stix-bundle', ['victim-payment'], 'amber'],
        ['store', ['tagged'], undefined],
      ]);
      expect(r.hits).toHaveLength(r.addresses);
    } finally {
      await store.close();
    }
  }, 120_000);

  describe('refused packs', () => {
    const trust = () => ({ pem: readFileSync(`${partnerKey}.pub.pem`, 'utf8'), file: `${partnerKey}.pub.pem` });
    const flipByte = (file: string, at: number) => (dir: string) => {
      const f = join(dir, ...file.split('/'));
      const b = readFileSync(f);
      b[at] ^= 0x01;
      writeFileSync(f, b);
    };

    it.each([
      ['report.pdf', 100],
      ['case/transfers.jsonl', 10],
      ['trace.json', 40],
    ])('one changed byte in %s: refused as altered, naming the file, nothing imported', async (file, at) => {
      const r = await refusal(tamperedCopy(flipByte(file, at)), { trust: trust() });
      expect(r).toEqual({ reason: 'altered', files: [file], sources: 0, transfers: 0 });
    }, 60_000);

    it('one changed byte in manifest.json: refused as altered', async () => {
      const r = await refusal(tamperedCopy((dir) => writeFileSync(join(dir, 'manifest.json'), readFileSync(join(dir, 'manifest.json'), 'utf8').replace('"maxHops": 20', '"maxHops": 21'))), { trust: trust() });
      expect(r).toMatchObject({ reason: 'altered', sources: 0, transfers: 0 });
      expect(r.files).toContain('manifest.json');
    }, 60_000);

    it('an unknown key (empty keyring), another trusted key, or no signature: refused with that reason', async () => {
      expect(await refusal(pack, { keyringDir: join(work, 'empty-keyring') })).toMatchObject({ reason: 'unknown-key', sources: 0 });
      const other = generateSigningKeyPair();
      expect(await refusal(pack, { trust: { pem: other.publicKeyPem, file: 'other.pub.pem' } })).toMatchObject({ reason: 'other-key', files: ['manifest.sig'], sources: 0 });
      const unsigned = tamperedCopy((dir) => {
        rmSync(join(dir, 'manifest.sig'));
        rmSync(join(dir, 'manifest.pub.pem'));
      });
      expect(await refusal(unsigned, { keyringDir: keyring })).toMatchObject({ reason: 'unsigned', files: ['manifest.sig'], sources: 0 });
    }, 60_000);

    it('hits refuses a pack whose files do not match its manifest (INTEGRITY naming the file)', async () => {
      const altered = tamperedCopy(flipByte('flows.csv', 200));
      const store = openSqliteStore(join(tempDir('lh-partner-hits-'), 'case.db'));
      try {
        const e = await findHits(store, SAMPLE, { against: [altered] }).catch((err) => err);
        expect(isLedgerhoundError(e, 'INTEGRITY')).toBe(true);
        expect(e.details.files).toEqual(['flows.csv']);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
});
