// Allbridge Core (allbridge-public/allbridge-core-evm-contracts, `contracts/Bridge.sol` and
// `contracts/libraries/HashUtils.sol`; the TRON deployment is the same Solidity code): a transfer is a
// `swapAndBridge` on the source chain and a `receiveTokens` on the destination chain.
// - Source: `event TokensSent(uint amount, bytes32 recipient, uint destinationChainId, bytes32
//   receiveToken, uint nonce, MessengerProtocol messenger)`; nothing indexed, `messenger` an enum (uint8).
//   `amount` is in the pools' internal vUSD unit, not in the token paid.
// - Destination: `event TokensReceived(uint amount, bytes32 recipient, uint nonce, MessengerProtocol
//   messenger, bytes32 message)`; `amount` is what the recipient got, in the received token.
// - Link key: `hashMessage(amount, recipient, sourceChainId, destinationChainId, receiveToken, nonce,
//   messenger)` = keccak256(abi.encodePacked(amount, recipient, sourceChainId, receiveToken, nonce,
//   messenger)) with byte 0 replaced by the source's Allbridge chain id and byte 1 by the destination's
//   (`replaceChainBytes`); `receiveTokens` then takes `hashWithSender(message, otherBridges[source])`:
//   the first 2 bytes of the message, the last 30 of keccak256(message ++ source bridge as bytes32).
//   That value is `TokensReceived.message`. It is recomputed here from a `TokensSent` and the source
//   bridge's address, so a pair found by it is a `bridge` conversion with confidence 100.
// Amounts are never matched (vUSD on one side, tokens on the other). Chain ids are Allbridge's own
// (`ALLBRIDGE_CHAIN_IDS`), not EIP-155 ids. Emitters are checked against the bridge addresses the
// caller gives: a TokensReceived from any other contract could copy a real message.
// Known gaps: Allbridge's CCTP and OFT routes (other events), and reading the bridge addresses from a
// node; unpaired events are returned, never paired by amount or time.

import { concat, getBytes, id, keccak256, solidityPacked, zeroPadValue } from 'ethers';
import { tronBase58ToHex } from '../../src/model/address.js';
import type { Conversion, ConversionLeg } from '../../src/model/conversion.js';

export const TOKENS_SENT_SIGNATURE = 'TokensSent(uint256,bytes32,uint256,bytes32,uint256,uint8)';
export const TOKENS_RECEIVED_SIGNATURE = 'TokensReceived(uint256,bytes32,uint256,uint8,bytes32)';
export const TOKENS_SENT_TOPIC = id(TOKENS_SENT_SIGNATURE);
export const TOKENS_RECEIVED_TOPIC = id(TOKENS_RECEIVED_SIGNATURE);

/**
 * Allbridge Core's own chain ids (`allbridgeChainId` of its token-info API and SDK: ETH 1, BSC 2, TRX 3,
 * SOL 4, POL 5). Other chains: pass `allbridgeChainId` on the leg, read from that API.
 */
export const ALLBRIDGE_CHAIN_IDS: Record<string, number> = { ethereum: 1, bsc: 2, tron: 3, solana: 4, polygon: 5 };

export type AllbridgeEvent =
  | { kind: 'sent'; bridge: string; amount: bigint; recipient: string; destinationChainId: number; receiveToken: string; nonce: string; messenger: number }
  | { kind: 'received'; bridge: string; amount: bigint; recipient: string; nonce: string; messenger: number; message: string };

/**
 * An address (EVM `0x` hex, TRON base58 `T...` or TRON hex `41...`) as the bytes32 word Allbridge uses
 * for addresses (the 20 bytes, left-padded with zeros).
 */
export function addressWord(address: string): string {
  const a = address.trim();
  let hex: string;
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(a)) hex = tronBase58ToHex(a).slice(2);
  else {
    const h = a.toLowerCase().replace(/^0x/, '');
    if (/^41[0-9a-f]{40}$/.test(h)) hex = h.slice(2);
    else if (/^[0-9a-f]{40}$/.test(h)) hex = h;
    else throw new TypeError(`not an EVM or TRON address: ${address}`);
  }
  return zeroPadValue(`0x${hex}`, 32);
}

const hex0x = (s: string) => (s.startsWith('0x') || s.startsWith('0X') ? s.toLowerCase() : `0x${s.toLowerCase()}`);

function words(data: string): string[] {
  const h = hex0x(data).slice(2);
  const out: string[] = [];
  for (let i = 0; i + 64 <= h.length; i += 64) out.push(`0x${h.slice(i, i + 64)}`);
  return out;
}

/**
 * Decodes an Allbridge Core `TokensSent` or `TokensReceived` log (EVM, or TRON with hex without `0x`);
 * undefined when the topic is another, the data is short, or the emitter is not one of `bridges`.
 */
export function decodeAllbridgeLog(log: { address: string; topics: readonly string[]; data: string }, options: { bridges: readonly string[] }): AllbridgeEvent | undefined {
  const emitter = addressWord(log.address);
  if (!options.bridges.some((b) => addressWord(b) === emitter)) return undefined;
  const t0 = log.topics[0] ? hex0x(log.topics[0]) : undefined;
  const w = words(log.data);
  const bridge = log.address;
  if (t0 === TOKENS_SENT_TOPIC && log.topics.length === 1 && w.length >= 6) {
    return { kind: 'sent', bridge, amount: BigInt(w[0]), recipient: w[1], destinationChainId: Number(BigInt(w[2])), receiveToken: w[3], nonce: w[4], messenger: Number(BigInt(w[5])) };
  }
  if (t0 === TOKENS_RECEIVED_TOPIC && log.topics.length === 1 && w.length >= 5) {
    return { kind: 'received', bridge, amount: BigInt(w[0]), recipient: w[1], nonce: w[2], messenger: Number(BigInt(w[3])), message: w[4] };
  }
  return undefined;
}

/** `Bridge.hashMessage`: keccak256 of the packed parameters, bytes 0 and 1 set to the two chain ids. */
export function allbridgeMessageHash(p: { amount: bigint; recipient: string; sourceChainId: number; destinationChainId: number; receiveToken: string; nonce: string; messenger: number }): string {
  const packed = solidityPacked(['uint256', 'bytes32', 'uint256', 'bytes32', 'uint256', 'uint8'], [p.amount, p.recipient, p.sourceChainId, p.receiveToken, p.nonce, p.messenger]);
  const bytes = getBytes(keccak256(packed));
  bytes[0] = p.sourceChainId & 0xff;
  bytes[1] = p.destinationChainId & 0xff;
  return hex0x(Buffer.from(bytes).toString('hex'));
}

/** `HashUtils.hashWithSender`: the message's first 2 bytes, then the last 30 of keccak256(message ++ sender). */
export function allbridgeHashWithSender(message: string, senderWord: string): string {
  const h = getBytes(keccak256(concat([message, senderWord])));
  const m = getBytes(message);
  h[0] = m[0];
  h[1] = m[1];
  return hex0x(Buffer.from(h).toString('hex'));
}

/** The `TokensReceived.message` a `TokensSent` of the bridge `sourceBridge` on `sourceChainId` leads to. */
export function expectedReceivedMessage(sent: AllbridgeEvent & { kind: 'sent' }, sourceChainId: number, sourceBridge: string): string {
  const message = allbridgeMessageHash({ ...sent, sourceChainId });
  return allbridgeHashWithSender(message, addressWord(sourceBridge));
}

/** The sending side as found on its chain: the sender's token transfers into the pool are the refs. */
export interface AllbridgeSentLeg extends ConversionLeg {
  txHash: string;
  event: AllbridgeEvent & { kind: 'sent' };
  /** Allbridge chain id of `chain`; default from `ALLBRIDGE_CHAIN_IDS`. */
  allbridgeChainId?: number;
}

/** The receiving side: the pool's token transfer to the recipient in the `receiveTokens` transaction. */
export interface AllbridgeReceivedLeg extends ConversionLeg {
  txHash: string;
  event: AllbridgeEvent & { kind: 'received' };
}

export interface AllbridgeLinkResult {
  conversions: Conversion[];
  /** TokensSent whose message no TokensReceived carries (not delivered yet, or not fetched). */
  unpairedSent: AllbridgeSentLeg[];
  /** TokensReceived whose message no given TokensSent leads to; or carried by two (then none is paired). */
  unpairedReceived: AllbridgeReceivedLeg[];
  /** Legs that could not be keyed, with the reason (unknown chain id). */
  skipped: { txHash: string; reason: string }[];
}

/**
 * Pairs each TokensSent with the TokensReceived carrying the message hash recomputed from it (and the
 * source bridge, the sent event's emitter): one `bridge` conversion, confidence 100, id
 * `<in chain>:<in tx>:bridge:0`. Nothing is paired by amount, time or recipient alone.
 */
export function linkAllbridge(sent: readonly AllbridgeSentLeg[], received: readonly AllbridgeReceivedLeg[]): AllbridgeLinkResult {
  const byMessage = new Map<string, AllbridgeReceivedLeg[]>();
  for (const r of received) {
    const key = hex0x(r.event.message);
    byMessage.set(key, [...(byMessage.get(key) ?? []), r]);
  }
  const used = new Set<AllbridgeReceivedLeg>();
  const result: AllbridgeLinkResult = { conversions: [], unpairedSent: [], unpairedReceived: [], skipped: [] };
  for (const s of sent) {
    const chainId = s.allbridgeChainId ?? ALLBRIDGE_CHAIN_IDS[s.chain];
    if (chainId === undefined) {
      result.skipped.push({ txHash: s.txHash, reason: `no Allbridge chain id for ${s.chain}` });
      continue;
    }
    const matches = byMessage.get(expectedReceivedMessage(s.event, chainId, s.event.bridge)) ?? [];
    if (matches.length !== 1) {
      result.unpairedSent.push(s);
      continue;
    }
    const r = matches[0];
    used.add(r);
    result.conversions.push({
      id: `${s.chain}:${s.txHash}:bridge:0`,
      kind: 'bridge',
      venue: `Allbridge Core (${s.chain} -> ${r.chain})`,
      in: { chain: s.chain, address: s.address, asset: s.asset, amount: s.amount, refs: [...s.refs] },
      out: { chain: r.chain, address: r.address, asset: r.asset, amount: r.amount, refs: [...r.refs] },
      confidence: 100,
      method: 'Allbridge Core link key: TokensReceived.message = hashWithSender(hashMessage(TokensSent), source bridge)',
      evidence: [s.txHash, r.txHash],
      note: `nonce ${s.event.nonce}; messenger ${s.event.messenger}; message ${hex0x(r.event.message)}`,
    });
  }
  result.unpairedReceived = received.filter((r) => !used.has(r));
  return result;
}
