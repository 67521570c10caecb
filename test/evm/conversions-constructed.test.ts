// Conversion detection on CONSTRUCTED transactions (logs built here with the real event layouts, real
// contract addresses where recognition depends on them): direct WETH9 wraps and unwraps, a V2 pair no
// known factory made, and a transaction whose trader pays several assets (pairing per swap event, and
// an `ambiguous` conversion for what the logs do not pair). The real-data cases are in conversions.test.ts.

import { AbiCoder, getAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { detectConversions } from '../../adapters/evm/conversions/index.js';
import type { ConversionTx, TxLog } from '../../adapters/evm/conversions/types.js';
import { V2_SWAP_TOPIC } from '../../adapters/evm/conversions/uniswap-v2.js';
import { DEPOSIT_TOPIC, WITHDRAWAL_TOPIC } from '../../adapters/evm/conversions/weth.js';
import { TRANSFER_TOPIC } from '../../adapters/evm/parse-logs.js';
import type { AccountTransfer } from '../../src/model/transfer.js';

const HASH = `0x${'ab'.repeat(32)}`;
const U = getAddress('0x00000000000000000000000000000000000000aa');
const R = getAddress('0x00000000000000000000000000000000000000bb');
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const USDT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
const DAI = '0x6B175474E89094C44Da98b954EedeAC495271d0F';
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const PAIR = '0x0d4a11d5EEaaC28EC3F61d100daF4d40471f1852'; // Uniswap V2 WETH/USDT
const FORK = getAddress('0x00000000000000000000000000000000000000f0');
const ctx = { chain: 'ethereum' };
const coder = AbiCoder.defaultAbiCoder();
const topic = (a: string) => `0x${a.slice(2).toLowerCase().padStart(64, '0')}`;

function transfer(index: number, asset: string, from: string, to: string, amount: bigint, id = `${HASH}:${index}`): AccountTransfer {
  return { id, chain: 'ethereum', asset, txHash: HASH, block: 1, txIndex: 0, index, from, to, amount };
}
const tokenLog = (i: number, token: string, from: string, to: string, v: bigint): TxLog => ({ address: token, topics: [TRANSFER_TOPIC, topic(from), topic(to)], data: coder.encode(['uint256'], [v]), logIndex: i });
const v2Swap = (i: number, pair: string, amounts: bigint[], to: string): TxLog => ({ address: pair, topics: [V2_SWAP_TOPIC, topic(U), topic(to)], data: coder.encode(['uint256', 'uint256', 'uint256', 'uint256'], amounts), logIndex: i });

describe('WETH9 wraps and unwraps', () => {
  it('deposit(): ETH (tx value) -> WETH minted to the sender is a `wrap` with the Deposit as out-ref', () => {
    const tx: ConversionTx = {
      hash: HASH,
      from: U,
      to: WETH,
      logs: [{ address: WETH, topics: [DEPOSIT_TOPIC, topic(U)], data: coder.encode(['uint256'], [10n ** 18n]), logIndex: 3 }],
      transfers: [transfer(-1, 'ETH', U, WETH, 10n ** 18n, `${HASH}:native`), transfer(-1, 'ETH', U, null as unknown as string, 21000n, `${HASH}:fee`)],
    };
    expect(detectConversions(tx, ctx)).toEqual([
      {
        id: `ethereum:${HASH}:swap:0`,
        kind: 'wrap',
        venue: `WETH ${WETH}`,
        in: { chain: 'ethereum', address: U, asset: 'ETH', amount: 10n ** 18n, refs: [`${HASH}:native`] },
        out: { chain: 'ethereum', address: U, asset: `erc20:${WETH}`, amount: 10n ** 18n, refs: [`${HASH}:3`] },
        confidence: 100,
        method: 'logs: Deposit (WETH9); tx value',
        evidence: [HASH],
      },
    ]);
  });

  it('withdraw(): the burn is the in-ref; the ETH payout needs the trace (ambiguous, confidence 50 without it; unwrap, 100 with it)', () => {
    const logs = [{ address: WETH, topics: [WITHDRAWAL_TOPIC, topic(U)], data: coder.encode(['uint256'], [5n]), logIndex: 0 }];
    const bare = detectConversions({ hash: HASH, from: U, to: WETH, logs, transfers: [], position: { block: 1, txIndex: 0 } }, ctx);
    expect(bare).toMatchObject([{ kind: 'ambiguous', in: { asset: `erc20:${WETH}`, amount: 5n, refs: [`${HASH}:0`] }, confidence: 50, extra: { inferredKind: 'unwrap', inferredOut: { address: U, asset: 'ETH', amount: '5' } } }]);
    const traced = detectConversions({ hash: HASH, from: U, to: WETH, logs, transfers: [transfer(0, 'ETH', WETH, U, 5n, `${HASH}:call:0`)], traces: true }, ctx);
    expect(traced).toMatchObject([{ kind: 'unwrap', out: { address: U, asset: 'ETH', amount: 5n, refs: [`${HASH}:call:0`] }, confidence: 100 }]);
  });
});

describe('pairing when the trader pays several assets', () => {
  const logs = [
    tokenLog(0, USDT, U, PAIR, 100n),
    tokenLog(1, WETH, PAIR, U, 7n),
    v2Swap(2, PAIR, [0n, 100n, 7n, 0n], U),
    tokenLog(3, DAI, U, FORK, 50n),
    tokenLog(4, USDC, FORK, R, 49n),
    v2Swap(5, FORK, [50n, 0n, 0n, 49n], R),
    tokenLog(6, USDC, U, getAddress('0x00000000000000000000000000000000000000cc'), 3n),
  ];
  const transfers = logs.filter((l) => l.topics[0] === TRANSFER_TOPIC).map((l) => transfer(l.logIndex, `erc20:${getAddress(l.address)}`, getAddress(`0x${l.topics[1].slice(26)}`), getAddress(`0x${l.topics[2].slice(26)}`), BigInt(l.data)));

  it('pairs each swap event with its own recipient; the unpaired payment is `ambiguous` (no out)', () => {
    const got = detectConversions({ hash: HASH, from: U, to: null, logs, transfers }, ctx);
    expect(got.map((c) => [c.id.slice(-6), c.kind, c.in.asset, c.in.refs, c.out?.address, c.out?.refs])).toEqual([
      ['swap:0', 'swap', `erc20:${USDT}`, [`${HASH}:0`], U, [`${HASH}:1`]],
      ['swap:1', 'swap', `erc20:${DAI}`, [`${HASH}:3`], R, [`${HASH}:4`]],
      ['swap:2', 'ambiguous', `erc20:${USDC}`, [`${HASH}:6`], undefined, undefined],
    ]);
    expect(got[0].venue).toBe('Uniswap V2 USDT/WETH 0x0d4a...1852');
    // Same Swap topic, but no known factory made this address: not called Uniswap.
    expect(got[1].venue).toBe('V2-type pair DAI/USDC 0x0000...00F0 (factory unknown)');
    expect(got[2].note).toMatch(/ambiguous conversion/);
  });

  it('a transaction without any venue event has no conversion (plain transfers, airdrops)', () => {
    expect(detectConversions({ hash: HASH, from: U, to: null, logs: logs.filter((l) => l.topics[0] === TRANSFER_TOPIC), transfers }, ctx)).toEqual([]);
  });
});
