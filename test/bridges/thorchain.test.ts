// THORChain memos and the OUT:/REFUND: link key (adapters/bridges/thorchain.ts), on the examples of the
// thornode docs stored in shared/data/round2/bridges/thornode-docs (code-423n4/2024-06-thorchain
// dc7c9db4): every real-world swap memo example of `concepts/memos.md` parses; the outbound example of
// `aggregators/memos.md` links to its `in_hash`. Router logs and OP_RETURN scripts are built here with
// the ABI and script encodings (no real THORChain pair is stored: round2 README §2.4).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AbiCoder, hexlify, toUtf8Bytes, toUtf8String } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  decodeRouterLog,
  linkThorchain,
  opReturnMemo,
  parseThorAsset,
  parseThorMemo,
  ROUTER_DEPOSIT_TOPIC,
  ROUTER_TRANSFER_OUT_TOPIC,
  THORCHAIN_ETH_ROUTERS,
  type ThorLeg,
  thorAssetToLedger,
} from '../../adapters/bridges/thorchain.js';
import { SHARED_DATA } from '../evm/support/oracle.js';

const DOCS = join(SHARED_DATA, 'round2/bridges/thornode-docs/docs');

describe('THORChain memo grammar', () => {
  it('parses every real-world swap example of the docs (SWAP, s, = ; short codes; scientific limits)', () => {
    const text = readFileSync(join(DOCS, 'concepts/memos.md'), 'utf8');
    const section = text.slice(text.indexOf('**Real-world Examples:**'), text.indexOf('### **Deposit Savers**'));
    const examples = [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]);
    expect(examples).toHaveLength(10);
    for (const memo of examples) expect(parseThorMemo(memo), memo).toMatchObject({ type: 'swap' });
    expect(parseThorMemo(examples[5])).toEqual({
      type: 'swap',
      asset: { chain: 'ETH', symbol: 'ETH', kind: 'layer1', text: 'ETH.ETH' },
      destination: '0xe6a30f4f3bad978910e2cbb4d97581f5b5a0ade0',
      limit: 1000000n,
      interval: 3,
      quantity: 0,
      affiliate: 't',
      feeBps: 10,
    });
    expect(parseThorMemo('=:r:thor1el4ufmhll3yw7zxzszvfakrk66j7fx0tvcslym:19779138111')).toMatchObject({ asset: { text: 'THOR.RUNE' }, limit: 19779138111n });
    expect(parseThorMemo('=:ETH/USDC-0XA0B86991C6218B36C1D19D4A2E9EB0CE3606EB48:thor15s4apx9ap7lazpsct42nmvf0t6am4r3w0r64f2:628197586176')).toMatchObject({ asset: { kind: 'synth', chain: 'ETH', symbol: 'USDC' } });
    expect(parseThorMemo('=:BTC~BTC:thor1g6pnmnyeg48yc3lg796plt0uw50qpp7humfggz:1e6/1/0:dx:10')).toMatchObject({ asset: { kind: 'trade' }, limit: 1000000n, affiliate: 'dx', feeBps: 10 });
  });

  it('parses the aggregator swap-out form and drops the outbound payload after |', () => {
    expect(parseThorMemo('=:ETH.ETH:0x3fd2d4ce97b082d4bce3f9fee2a3d60668d2f473::::2386f3848:0x0a44986b70527154e9F4290eC14e5f0D1C861822|payload')).toMatchObject({
      type: 'swap',
      aggregator: '2386f3848',
      finalToken: '0x0a44986b70527154e9F4290eC14e5f0D1C861822',
    });
  });

  it('reads OUT: and REFUND: link keys in any case, with or without 0x', () => {
    expect(parseThorMemo('OUT:EA7D80B3EB709319A6577AF6CF4DEFF67975D4F5A93CD8817E7FF04A048D1C5C')).toEqual({ type: 'out', inboundHash: 'ea7d80b3eb709319a6577af6cf4deff67975d4f5a93cd8817e7ff04a048d1c5c' });
    expect(parseThorMemo('refund:0xEA7D80B3EB709319A6577AF6CF4DEFF67975D4F5A93CD8817E7FF04A048D1C5C')).toMatchObject({ type: 'refund' });
    expect(parseThorMemo('OUT:notahash')).toBeUndefined();
    expect(parseThorMemo('SWAP:NOTANASSET')).toBeUndefined();
    expect(parseThorMemo('ADD:BTC.BTC')).toEqual({ type: 'other', function: 'ADD', params: ['BTC.BTC'] });
  });

  it('maps asset notation (docs table) to chains and asset ids; short codes expand', () => {
    expect(parseThorAsset('b')).toMatchObject({ text: 'BTC.BTC', kind: 'layer1' });
    expect(parseThorAsset('e')).toMatchObject({ text: 'ETH.ETH' });
    expect(parseThorAsset('THOR.BTC')).toMatchObject({ kind: 'derived' });
    expect(thorAssetToLedger(parseThorAsset('ETH.USDT-0xdac17f958d2ee523a2206206994597c13d831ec7')!)).toEqual({ chain: 'ethereum', asset: 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7' });
    expect(thorAssetToLedger(parseThorAsset('BTC.BTC')!)).toEqual({ chain: 'bitcoin', asset: 'BTC' });
    expect(thorAssetToLedger(parseThorAsset('BTC/BTC')!)).toBeUndefined();
  });
});

const coder = AbiCoder.defaultAbiCoder();
const topic = (a: string) => `0x${a.slice(2).toLowerCase().padStart(64, '0')}`;
const ROUTER = THORCHAIN_ETH_ROUTERS[0];
const VAULT = '0x1111111111111111111111111111111111111111';
const USER = '0x2222222222222222222222222222222222222222';
const ZERO = '0x0000000000000000000000000000000000000000';

describe('inbound and outbound memos on chain', () => {
  it('decodes the router Deposit and TransferOut events (memo as ABI string); other emitters are ignored', () => {
    const memo = 's:b:bc1qp2t4hl4jr6wjfzv28tsdyjysw7p5armf7px55w:1e6/3/0:t:10';
    const deposit = { address: ROUTER, topics: [ROUTER_DEPOSIT_TOPIC, topic(VAULT), topic(ZERO)], data: coder.encode(['uint256', 'string'], [10n ** 17n, memo]) };
    expect(decodeRouterLog(deposit)).toMatchObject({ kind: 'deposit', to: VAULT, token: ZERO, amount: 10n ** 17n, memo });
    expect(decodeRouterLog({ ...deposit, address: USER })).toBeUndefined();
    const out = { address: ROUTER, topics: [ROUTER_TRANSFER_OUT_TOPIC, topic(VAULT), topic(USER)], data: coder.encode(['address', 'uint256', 'string'], [ZERO, 5n, 'OUT:ABCD'.padEnd(68, '0')]) };
    expect(decodeRouterLog(out)).toMatchObject({ kind: 'transferOut', vault: VAULT, to: USER, amount: 5n });
  });

  it('reads a Bitcoin OP_RETURN memo (direct push and OP_PUSHDATA1)', () => {
    const memo = '=:e:0xe6a30f4f3bad978910e2cbb4d97581f5b5a0ade0:1e6';
    const bytes = toUtf8Bytes(memo);
    expect(opReturnMemo(`6a${bytes.length.toString(16)}${hexlify(bytes).slice(2)}`)).toBe(memo);
    const long = toUtf8Bytes('SWAP:ETH.USDT-0xdac17f958d2ee523a2206206994597c13d831ec7:0xe6a30f4f3bad978910e2cbb4d97581f5b5a0ade0');
    expect(opReturnMemo(`6a4c${long.length.toString(16)}${hexlify(long).slice(2)}`)).toBe(toUtf8String(long));
    expect(opReturnMemo('76a914')).toBeUndefined();
  });
});

describe('linkThorchain: inbound + OUT:<inbound hash> = a bridge conversion (confidence 100)', () => {
  const IN_HASH = 'ea7d80b3eb709319a6577af6cf4deff67975d4f5a93cd8817e7ff04a048d1c5c';
  const inbound: ThorLeg = { chain: 'bitcoin', address: 'bc1qp2t4hl4jr6wjfzv28tsdyjysw7p5armf7px55w', asset: 'BTC', amount: 1000000n, refs: [`${IN_HASH}:0`], txHash: IN_HASH, memo: '=:ETH.ETH:0x3fd2d4ce97b082d4bce3f9fee2a3d60668d2f473' };
  // The outbound of aggregators/memos.md: coin ETH.ETH, memo OUT:EA7D..., in_hash EA7D...
  const outbound: ThorLeg = { chain: 'ethereum', address: '0x3fD2D4cE97B082d4BcE3f9fee2A3D60668D2f473', asset: 'ETH', amount: 190532060000000n, refs: ['0xfeed:call:0'], txHash: '0xfeed', memo: 'OUT:EA7D80B3EB709319A6577AF6CF4DEFF67975D4F5A93CD8817E7FF04A048D1C5C' };

  it('pairs the docs outbound with its inbound by the memo hash', () => {
    const doc = readFileSync(join(DOCS, 'aggregators/memos.md'), 'utf8');
    expect(doc).toContain(`"memo": "${outbound.memo}"`);
    expect(linkThorchain([inbound], [outbound])).toEqual([
      {
        id: `bitcoin:${IN_HASH}:bridge:0`,
        kind: 'bridge',
        venue: 'THORChain',
        in: { chain: 'bitcoin', address: inbound.address, asset: 'BTC', amount: 1000000n, refs: [`${IN_HASH}:0`] },
        out: { chain: 'ethereum', address: outbound.address, asset: 'ETH', amount: 190532060000000n, refs: ['0xfeed:call:0'] },
        confidence: 100,
        method: 'THORChain memo OUT:<inbound hash>; inbound memo ETH.ETH to 0x3fd2d4ce97b082d4bce3f9fee2a3d60668d2f473',
        evidence: [IN_HASH, '0xfeed'],
      },
    ]);
  });

  it('a REFUND is linked and noted; an outbound for another inbound, or none, links nothing', () => {
    const [r] = linkThorchain([inbound], [{ ...outbound, chain: 'bitcoin', address: inbound.address, asset: 'BTC', memo: `REFUND:${IN_HASH.toUpperCase()}` }]);
    expect(r).toMatchObject({ kind: 'bridge', confidence: 100, out: { chain: 'bitcoin', asset: 'BTC' } });
    expect(r.note).toMatch(/refund/);
    expect(linkThorchain([inbound], [{ ...outbound, memo: `OUT:${'0'.repeat(64)}` }])).toEqual([]);
    expect(linkThorchain([inbound], [])).toEqual([]);
  });
});
