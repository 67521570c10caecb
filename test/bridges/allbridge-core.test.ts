// Allbridge Core's link key (adapters/bridges/allbridge-core.ts): TokensSent and TokensReceived logs are
// built here with ethers' AbiCoder (no real Allbridge transaction is stored in shared/data); the
// expected `TokensReceived.message` is recomputed in this file from the Bridge.sol / HashUtils.sol
// source by plain hex slicing, independently of the adapter's byte arithmetic. The TRON log is written
// the way TRON's API gives it (hex without 0x, emitter as 41-hex).

import { AbiCoder, concat, keccak256, solidityPacked, zeroPadValue } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  addressWord,
  type AllbridgeReceivedLeg,
  type AllbridgeSentLeg,
  decodeAllbridgeLog,
  linkAllbridge,
  TOKENS_RECEIVED_TOPIC,
  TOKENS_SENT_TOPIC,
} from '../../adapters/bridges/allbridge-core.js';
import { tronBase58ToHex } from '../../src/model/address.js';
import { conversionToJson, parseConversion } from '../../src/model/conversion.js';
import { evmAddress, tronAddress, txid } from '../support/addresses.js';

const abi = AbiCoder.defaultAbiCoder();
const TRON_BRIDGE = tronAddress('allbridge tron bridge (stand-in)');
const ETH_BRIDGE = evmAddress('allbridge eth bridge (stand-in)');
const OTHER_BRIDGE = evmAddress('some other bridge');
const SENDER = tronAddress('sender');
const RECIPIENT = evmAddress('recipient');
const USDT_ETH = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
const NONCE = '0x7918fa680601cd229958f583bce5c003e01523956eef69f5020bd0ea5ce27f4c';
const VUSD = 9_998_500_000n;

const word = (a: string) => zeroPadValue(a, 32);
const recipientWord = word(RECIPIENT);
const tokenWord = word(USDT_ETH);

/** Bridge.hashMessage then HashUtils.hashWithSender, by hex slicing (source TRON = 3, destination ETH = 1). */
function message(sourceBridgeWord: string, nonce = NONCE, amount = VUSD): string {
  const inner = keccak256(solidityPacked(['uint256', 'bytes32', 'uint256', 'bytes32', 'uint256', 'uint8'], [amount, recipientWord, 3, tokenWord, nonce, 1]));
  const msg = `0x0301${inner.slice(6)}`;
  return `0x0301${keccak256(concat([msg, sourceBridgeWord])).slice(6)}`;
}

const sentLog = (nonce = NONCE) => ({
  // TRON API form: 41-hex emitter, topics and data without 0x.
  address: tronBase58ToHex(TRON_BRIDGE),
  topics: [TOKENS_SENT_TOPIC.slice(2)],
  data: abi.encode(['uint256', 'bytes32', 'uint256', 'bytes32', 'uint256', 'uint8'], [VUSD, recipientWord, 1, tokenWord, nonce, 1]).slice(2),
});
const receivedLog = (msg: string, amount = 9_997_000_000n, emitter = ETH_BRIDGE) => ({
  address: emitter,
  topics: [TOKENS_RECEIVED_TOPIC],
  data: abi.encode(['uint256', 'bytes32', 'uint256', 'uint8', 'bytes32'], [amount, recipientWord, NONCE, 1, msg]),
});
const BRIDGES = [TRON_BRIDGE, ETH_BRIDGE];

function sentLeg(tx: string, nonce = NONCE): AllbridgeSentLeg {
  const event = decodeAllbridgeLog(sentLog(nonce), { bridges: BRIDGES });
  if (event?.kind !== 'sent') throw new Error('not decoded');
  return { chain: 'tron', address: SENDER, asset: 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', amount: 10_000_000_000n, refs: [`${txid(tx)}:0`], txHash: txid(tx), event: { ...event, bridge: TRON_BRIDGE } };
}
function receivedLeg(tx: string, msg: string): AllbridgeReceivedLeg {
  const event = decodeAllbridgeLog(receivedLog(msg), { bridges: BRIDGES });
  if (event?.kind !== 'received') throw new Error('not decoded');
  const hash = `0x${txid(tx)}`;
  return { chain: 'ethereum', address: RECIPIENT, asset: `erc20:${USDT_ETH}`, amount: 9_997_000_000n, refs: [`${hash}:95`], txHash: hash, event };
}

describe('Allbridge Core logs', () => {
  it('decodes TokensSent (TRON form) and TokensReceived (EVM form) built with the ABI encoder', () => {
    expect(decodeAllbridgeLog(sentLog(), { bridges: BRIDGES })).toEqual({
      kind: 'sent',
      bridge: tronBase58ToHex(TRON_BRIDGE),
      amount: VUSD,
      recipient: recipientWord.toLowerCase(),
      destinationChainId: 1,
      receiveToken: tokenWord.toLowerCase(),
      nonce: NONCE,
      messenger: 1,
    });
    expect(decodeAllbridgeLog(receivedLog(message(addressWord(TRON_BRIDGE))), { bridges: BRIDGES })).toMatchObject({ kind: 'received', amount: 9_997_000_000n, nonce: NONCE, messenger: 1, message: message(addressWord(TRON_BRIDGE)) });
  });

  it('ignores the same events from a contract that is not a given bridge', () => {
    expect(decodeAllbridgeLog(receivedLog(message(addressWord(TRON_BRIDGE)), 1n, OTHER_BRIDGE), { bridges: BRIDGES })).toBeUndefined();
  });

  it('addressWord reads TRON base58, TRON 41-hex and EVM hex to the same 32-byte word', () => {
    const hex = tronBase58ToHex(TRON_BRIDGE);
    expect(addressWord(TRON_BRIDGE)).toBe(addressWord(hex));
    expect(addressWord(TRON_BRIDGE)).toBe(addressWord(`0x${hex.slice(2)}`));
  });
});

describe('linkAllbridge', () => {
  it('pairs TokensSent with the TokensReceived carrying its message hash: one bridge conversion, confidence 100', () => {
    const s = sentLeg('s1');
    const r = receivedLeg('r1', message(addressWord(TRON_BRIDGE)));
    const { conversions, unpairedSent, unpairedReceived, skipped } = linkAllbridge([s], [r]);
    expect([unpairedSent, unpairedReceived, skipped]).toEqual([[], [], []]);
    expect(conversions).toHaveLength(1);
    const c = conversions[0];
    expect(c).toMatchObject({ id: `tron:${txid('s1')}:bridge:0`, kind: 'bridge', confidence: 100, evidence: [s.txHash, r.txHash] });
    expect(c.in).toEqual({ chain: 'tron', address: SENDER, asset: s.asset, amount: 10_000_000_000n, refs: s.refs });
    expect(c.out).toEqual({ chain: 'ethereum', address: RECIPIENT, asset: r.asset, amount: 9_997_000_000n, refs: r.refs });
    expect(c.note).toContain(NONCE);
    // The record is valid interchange (FORMATS.md conversions.jsonl).
    expect(parseConversion(conversionToJson(c))).toEqual(c);
  });

  it('same nonce and recipient but a message from another source bridge: not paired, both reported', () => {
    const s = sentLeg('s1');
    const decoy = receivedLeg('r2', message(addressWord(OTHER_BRIDGE)));
    const res = linkAllbridge([s], [decoy]);
    expect(res.conversions).toEqual([]);
    expect(res.unpairedSent).toEqual([s]);
    expect(res.unpairedReceived).toEqual([decoy]);
  });

  it('two TokensReceived with one message (only possible from a copying contract): none paired', () => {
    const msg = message(addressWord(TRON_BRIDGE));
    const res = linkAllbridge([sentLeg('s1')], [receivedLeg('r1', msg), receivedLeg('r2', msg)]);
    expect(res.conversions).toEqual([]);
    expect(res.unpairedSent).toHaveLength(1);
    expect(res.unpairedReceived).toHaveLength(2);
  });

  it('a TokensSent not delivered yet is reported, another pairs; a chain without an Allbridge id is skipped', () => {
    const other = 'ab'.repeat(32);
    const res = linkAllbridge(
      [sentLeg('s1'), sentLeg('s2', `0x${other}`), { ...sentLeg('s3'), chain: 'base' }],
      [receivedLeg('r1', message(addressWord(TRON_BRIDGE)))],
    );
    expect(res.conversions.map((c) => c.id)).toEqual([`tron:${txid('s1')}:bridge:0`]);
    expect(res.unpairedSent.map((s) => s.txHash)).toEqual([txid('s2')]);
    expect(res.skipped).toEqual([{ txHash: txid('s3'), reason: 'no Allbridge chain id for base' }]);
  });
});
