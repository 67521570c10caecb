// Generates the sample pig-butchering case (samples/pig-butchering/*): five victims paying USDT on
// Ethereum and TRON and BTC to a fake trading platform, layering, commingling with clean money, a
// Bitcoin peel chain, cash-out to real exchange wallets (GraphSense TagPacks) and an OTC desk, a
// Uniswap V2 swap (USDT -> ETH) and an Allbridge Core bridge (TRON USDT -> Ethereum USDT), both
// written to conversions.jsonl (FORMATS.md v2).
// Deterministic: every key is sha256 of a label, every hash is sha256 of a label; re-running writes
// byte-identical files. Run: `npx tsx samples/pig-butchering/generate.ts`.
// The story and the hand-computed trace figures are in README.md next to this file; the amounts here
// are the ones those figures are computed from, so change them only together with README.md and
// test/fixtures/sample/*.json.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as bitcoin from 'bitcoinjs-lib';
import { ECPairFactory } from 'ecpair';
import { computeAddress, getAddress } from 'ethers';
import * as ecc from 'tiny-secp256k1';
import { tronHexToBase58 } from '../../src/model/address.js';

bitcoin.initEccLib(ecc);
const ECPair = ECPairFactory(ecc);
const HERE = dirname(fileURLToPath(import.meta.url));
const SEED = 'ledgerhound/samples/pig-butchering/';

const ETH_USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const ETH_WETH = 'erc20:0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const TRON_USDT = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const USDT = 1_000_000n; // 6 decimals
const GWEI = 1_000_000_000n;
const ETHER = 1_000_000_000_000_000_000n;
const PACKS = 'https://github.com/graphsense/graphsense-tagpacks/blob/29ff93c8ab0db37370453a290b7becba429b73f8/packs/';
const CASE_NOTES = 'Case notes LH-2024-0917 (fictional sample)';

/** sha256 of a label, hex. */
function hashOf(label: string): string {
  return createHash('sha256').update(SEED + label).digest('hex');
}

function privateKeyOf(label: string): Buffer {
  return Buffer.from(hashOf(`key/${label}`), 'hex');
}

/** EIP-55 address of the key derived from `label`. */
function evmAddress(label: string): string {
  return computeAddress(`0x${privateKeyOf(label).toString('hex')}`);
}

/** TRON base58 address of the key derived from `label` (0x41 prefix + the EVM-style 20 bytes). */
function tronAddress(label: string): string {
  return tronHexToBase58(evmAddress(label));
}

/** Bitcoin mainnet P2WPKH (bc1q) or P2TR (bc1p) address of the key derived from `label`. */
function btcAddress(label: string, type: 'p2wpkh' | 'p2tr'): string {
  const pubkey = ECPair.fromPrivateKey(privateKeyOf(label)).publicKey;
  const payment = type === 'p2wpkh' ? bitcoin.payments.p2wpkh({ pubkey }) : bitcoin.payments.p2tr({ internalPubkey: pubkey.slice(1, 33) });
  return payment.address!;
}

/** Block time from a reference block and a block interval (seconds), ISO-8601 UTC without millis. */
function timeAt(ref: { block: number; time: string; seconds: number }, block: number): string {
  const ms = Date.parse(ref.time) + (block - ref.block) * ref.seconds * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

// Reference points: Ethereum block 19,000,000 (2024-01-13, 12 s slots), TRON ~3 s blocks, Bitcoin
// block 840,000 (the 2024 halving, 2024-04-20T00:09:27Z, 10 min average).
const ETH_REF = { block: 19_000_000, time: '2024-01-13T10:10:11Z', seconds: 12 };
const TRON_REF = { block: 66_000_000, time: '2024-10-21T02:14:03Z', seconds: 3 };
const BTC_REF = { block: 840_000, time: '2024-04-20T00:09:27Z', seconds: 600 };

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

/** Real exchange wallets, as listed in the GraphSense TagPacks (label and pack as given there). */
const EXCHANGES = {
  ethCryptoCom: { chain: 'ethereum', address: '0x72A53cDBBcc1b9efa39c834A540550e23463AAcB', label: 'crypto.com ERC20 reserves', pack: 'exchange-wallets-cryptocom.yaml' },
  ethBybit: { chain: 'ethereum', address: '0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4', label: 'Bybit reserve wallets', pack: 'exchange-wallets-bybit.yaml' },
  ethKucoin: { chain: 'ethereum', address: '0xec30d02f10353f8efc9601371f56e808751f396f', label: 'kucoin USDT reserves', pack: 'exchange-wallets-kucoin.yaml' },
  ethBinance: { chain: 'ethereum', address: '0xf977814e90da44bfa03b6295a0616a897441acec', label: 'binance reserve wallets ETH', pack: 'exchange-wallets-binance.yaml' },
  ethBitfinex: { chain: 'ethereum', address: '0x77134cbc06cb00b66f4c7e623d5fdbf6777635ec', label: 'bitfinex ETH/ERC20 hot wallet', pack: 'exchange-wallets-bitfinexcom.yaml' },
  ethOkx: { chain: 'ethereum', address: '0x5041ed759dd4afc3a72b8192c143f72f4724081a', label: 'okx ERC20 reserves', pack: 'exchange-wallets-okx.yaml' },
  tronHuobi1: { chain: 'tron', address: 'TYh6mgoMNZTCsgpYHBz7gttEfrQmDMABub', label: 'huobi reserve wallets TRX', pack: 'exchange-wallets-huobi.yaml' },
  tronHuobi2: { chain: 'tron', address: 'TKgD8Qnx9Zw3DNvG6o83PkufnMbtEXis4T', label: 'huobi reserve wallets TRX', pack: 'exchange-wallets-huobi.yaml' },
  tronKucoin: { chain: 'tron', address: 'TQeNNo5zVarhdKm5EiJSekfNXg6H1tRN4n', label: 'kucoin USDT reserves', pack: 'exchange-wallets-kucoin.yaml' },
  tronBinance: { chain: 'tron', address: 'TMuA6YqfCeX8EhbfYEg5y7S4DqzSJireY9', label: 'binance reserve wallets USDT', pack: 'exchange-wallets-binance.yaml' },
  tronBitfinex: { chain: 'tron', address: 'TXFBqBbqJommqZf7BV8NNYzePh97UmJodJ', label: 'bitfinex Tron TRX/TRC10/TRC20 hot wallet', pack: 'exchange-wallets-bitfinexcom.yaml' },
  btcBinance: { chain: 'bitcoin', address: 'bc1qm34lsc65zpw79lxes69zkqmk6ee3ewf0j77s3h', label: 'binance reserve wallets BTC', pack: 'exchange-wallets-binance.yaml' },
  btcBitfinex: { chain: 'bitcoin', address: '1Kr6QSydW9bFQG1mXiPNNu6WpJGmUa9i1g', label: 'bitfinex BTC hot wallet', pack: 'exchange-wallets-bitfinexcom.yaml' },
  btcKucoin: { chain: 'bitcoin', address: 'bc1q080rkmk3kj86pxvf5nkxecdrw6nrx3zzy9xl7q', label: 'kucoin reserve wallets', pack: 'exchange-wallets-kucoin.yaml' },
  btcCryptoCom: { chain: 'bitcoin', address: 'bc1q4c8n5t00jmj8temxdgcc3t32nkg2wjwz24lywv', label: 'crypto.com reserves wallets', pack: 'exchange-wallets-cryptocom.yaml' },
} as const;

function ex(key: keyof typeof EXCHANGES): string {
  const e = EXCHANGES[key];
  return e.chain === 'ethereum' ? getAddress(e.address.toLowerCase()) : e.address;
}

/** Scam-side and victim wallets: the role label is the key-derivation label. */
const A = {
  // Ethereum
  alice: evmAddress('eth/victim-alice'),
  bob: evmAddress('eth/victim-bob'),
  c1: evmAddress('eth/collector-c1'),
  gas: evmAddress('eth/gas-station'),
  l1: evmAddress('eth/layer-l1'),
  l2: evmAddress('eth/layer-l2'),
  l3: evmAddress('eth/treasury-l3'),
  l4: evmAddress('eth/reserve-l4'),
  otcEth: evmAddress('eth/otc-desk'),
  disperse: evmAddress('eth/disperse-contract'),
  l9: evmAddress('eth/layer-l9'),
  // TRON
  chen: tronAddress('tron/victim-chen'),
  dana: tronAddress('tron/victim-dana'),
  c2: tronAddress('tron/collector-c2'),
  l5: tronAddress('tron/layer-l5'),
  l6: tronAddress('tron/layer-l6'),
  l7: tronAddress('tron/layer-l7'),
  l8: tronAddress('tron/layer-l8'),
  otcTron: tronAddress('tron/otc-desk'),
  // Bitcoin
  erik: btcAddress('btc/victim-erik', 'p2wpkh'),
  c3: btcAddress('btc/collector-c3', 'p2wpkh'),
  p0: btcAddress('btc/peel-p0', 'p2wpkh'),
  p1: btcAddress('btc/peel-p1', 'p2wpkh'),
  p2: btcAddress('btc/peel-p2', 'p2wpkh'),
  p3: btcAddress('btc/peel-p3', 'p2wpkh'),
  p4: btcAddress('btc/peel-p4', 'p2tr'),
  otcBtc: btcAddress('btc/otc-desk', 'p2tr'),
};

/**
 * Venues of the two conversions. The Uniswap V2 USDT/WETH pair, the V2 Router02 and WETH9 are the real
 * mainnet contracts. The Allbridge Core pool addresses are stand-ins derived from a label like the scam
 * wallets: the sample does not claim Allbridge's real contract addresses.
 */
const VENUES = {
  uniPair: '0x0d4a11d5EEaaC28EC3F61d100daF4d40471f1852',
  uniRouter: '0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D',
  weth: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
  allbridgeTron: tronAddress('tron/allbridge-core-usdt-pool-stand-in'),
  allbridgeEth: evmAddress('eth/allbridge-core-usdt-pool-stand-in'),
};
const ZERO = '0x0000000000000000000000000000000000000000';

// ---------------------------------------------------------------------------------------------
// Account-model transfers (Ethereum, TRON)
// ---------------------------------------------------------------------------------------------

interface TransferSpec {
  chain: 'ethereum' | 'tron';
  /** Label the tx hash is derived from. */
  tx: string;
  block: number;
  txIndex: number;
  /** Token log index (or -1 for the native value). */
  index: number;
  asset: string;
  from: string;
  to: string | null;
  amount: bigint;
  /** Gas fee paid by `from` (Ethereum), written as a separate `<txHash>:fee` transfer. */
  fee?: bigint;
  /** Id suffix after the tx hash instead of the index (internal calls: `call:0_3`). */
  ref?: string;
  extra?: Record<string, unknown>;
}

function txHashOf(chain: string, label: string): string {
  const h = hashOf(`tx/${chain}/${label}`);
  return chain === 'ethereum' ? `0x${h}` : h;
}

/** USDT transfer fee on Ethereum: gas used (token transfer) times the effective gas price. */
function gasFee(gasUsed: number, gwei: number): bigint {
  return BigInt(gasUsed) * BigInt(Math.round(gwei * 1000)) * (GWEI / 1000n);
}

// The bridge: L8's TRON transaction, and the Ethereum block (3 minutes later) in which the relayer's
// receiveTokens call pays L9.
const ALLBRIDGE_TRON_BLOCK = 66_320_000;
const ALLBRIDGE_ETH_BLOCK = 21_108_035;

const transferSpecs: TransferSpec[] = [
  // --- Ethereum: the victims buy USDT (and a little ETH for gas) and pay the fake platform ---
  { chain: 'ethereum', tx: 'cdc-withdraw-alice-usdt', block: 20_700_100, txIndex: 88, index: 214, asset: ETH_USDT, from: ex('ethCryptoCom'), to: A.alice, amount: 70_000n * USDT },
  { chain: 'ethereum', tx: 'cdc-withdraw-alice-eth', block: 20_700_112, txIndex: 131, index: -1, asset: 'ETH', from: ex('ethCryptoCom'), to: A.alice, amount: 50_000_000_000_000_000n },
  { chain: 'ethereum', tx: 'alice-1', block: 20_712_004, txIndex: 45, index: 97, asset: ETH_USDT, from: A.alice, to: A.c1, amount: 50_000n * USDT, fee: gasFee(63_209, 7.8) },
  { chain: 'ethereum', tx: 'bybit-withdraw-bob-usdt', block: 20_745_310, txIndex: 17, index: 36, asset: ETH_USDT, from: ex('ethBybit'), to: A.bob, amount: 30_000n * USDT },
  { chain: 'ethereum', tx: 'bybit-withdraw-bob-eth', block: 20_745_322, txIndex: 9, index: -1, asset: 'ETH', from: ex('ethBybit'), to: A.bob, amount: 30_000_000_000_000_000n },
  // The compound's gas station: ETH bought on Binance, spread to the wallets that move USDT.
  { chain: 'ethereum', tx: 'binance-withdraw-gas', block: 20_760_001, txIndex: 102, index: -1, asset: 'ETH', from: ex('ethBinance'), to: A.gas, amount: ETHER / 2n },
  { chain: 'ethereum', tx: 'gas-topup-c1', block: 20_760_050, txIndex: 61, index: -1, asset: 'ETH', from: A.gas, to: A.c1, amount: 20_000_000_000_000_000n, fee: gasFee(21_000, 9.1) },
  { chain: 'ethereum', tx: 'gas-topup-l1', block: 20_760_050, txIndex: 62, index: -1, asset: 'ETH', from: A.gas, to: A.l1, amount: 20_000_000_000_000_000n, fee: gasFee(21_000, 9.1) },
  { chain: 'ethereum', tx: 'gas-topup-l2', block: 20_760_051, txIndex: 4, index: -1, asset: 'ETH', from: A.gas, to: A.l2, amount: 20_000_000_000_000_000n, fee: gasFee(21_000, 8.9) },
  { chain: 'ethereum', tx: 'bob-1', block: 20_781_377, txIndex: 73, index: 160, asset: ETH_USDT, from: A.bob, to: A.c1, amount: 30_000n * USDT, fee: gasFee(46_109, 11.2) },
  // L2 already holds clean money (a Binance withdrawal) before any victim money reaches it.
  { chain: 'ethereum', tx: 'binance-withdraw-l2', block: 20_790_215, txIndex: 140, index: 301, asset: ETH_USDT, from: ex('ethBinance'), to: A.l2, amount: 50_000n * USDT },
  // "Withdrawal tax": Alice pays again to unlock her fake profits.
  { chain: 'ethereum', tx: 'alice-2', block: 20_820_456, txIndex: 29, index: 66, asset: ETH_USDT, from: A.alice, to: A.c1, amount: 20_000n * USDT, fee: gasFee(46_109, 14.5) },
  // Layering: the collector empties into two wallets.
  { chain: 'ethereum', tx: 'c1-to-l1', block: 20_825_000, txIndex: 51, index: 120, asset: ETH_USDT, from: A.c1, to: A.l1, amount: 50_000n * USDT, fee: gasFee(63_209, 10.4) },
  { chain: 'ethereum', tx: 'c1-to-l2', block: 20_825_003, txIndex: 12, index: 33, asset: ETH_USDT, from: A.c1, to: A.l2, amount: 50_000n * USDT, fee: gasFee(46_109, 10.1) },
  // Clean money reaches L1 after the victim money (fifo and libr disagree on what leaves first).
  { chain: 'ethereum', tx: 'kucoin-withdraw-l1', block: 20_830_118, txIndex: 77, index: 189, asset: ETH_USDT, from: ex('ethKucoin'), to: A.l1, amount: 50_000n * USDT },
  { chain: 'ethereum', tx: 'l1-to-bitfinex', block: 20_840_002, txIndex: 95, index: 250, asset: ETH_USDT, from: A.l1, to: ex('ethBitfinex'), amount: 50_000n * USDT, fee: gasFee(46_109, 12.0) },
  { chain: 'ethereum', tx: 'l1-to-l3', block: 20_840_010, txIndex: 38, index: 71, asset: ETH_USDT, from: A.l1, to: A.l3, amount: 50_000n * USDT, fee: gasFee(63_209, 12.3) },
  // One batch transaction (a disperse contract): three token transfers ordered by log index 9, 10, 11.
  ...(
    [
      { index: 9, to: A.otcEth, amount: 60_000n * USDT },
      { index: 10, to: ex('ethOkx'), amount: 30_000n * USDT },
      { index: 11, to: A.l4, amount: 10_000n * USDT },
    ] as const
  ).map(
    (t, i): TransferSpec => ({
      chain: 'ethereum',
      tx: 'l2-batch',
      block: 20_850_000,
      txIndex: 7,
      index: t.index,
      asset: ETH_USDT,
      from: A.l2,
      to: t.to,
      amount: t.amount,
      ...(i === 0 ? { fee: gasFee(118_448, 9.6) } : {}),
      extra: { method: 'disperseToken', via: A.disperse },
    }),
  ),
  // L4 gets gas from the gas station, then swaps its 10,000 USDT for ETH through the Uniswap V2 Router02
  // (swapExactTokensForETH): USDT into the USDT/WETH pair, WETH out to the router, WETH9 Withdrawal
  // (the router unwraps: WETH9 pays it ETH, call 0_2_0), and the router pays L4 3.988 ETH (call 0_3).
  // The call transfers have index 0, so they sort before the USDT log: the tracer takes the payout
  // just after the last in-ref (TRACING.md v2). L4 then pays all its ETH to Binance.
  { chain: 'ethereum', tx: 'gas-topup-l4', block: 20_859_990, txIndex: 33, index: -1, asset: 'ETH', from: A.gas, to: A.l4, amount: 13_500_000_000_000_000n, fee: gasFee(21_000, 9.0) },
  { chain: 'ethereum', tx: 'l4-swap', block: 20_860_000, txIndex: 45, index: 180, asset: ETH_USDT, from: A.l4, to: VENUES.uniPair, amount: 10_000n * USDT, fee: gasFee(125_000, 12.0) },
  { chain: 'ethereum', tx: 'l4-swap', block: 20_860_000, txIndex: 45, index: 181, asset: ETH_WETH, from: VENUES.uniPair, to: VENUES.uniRouter, amount: 3_988_000_000_000_000_000n },
  { chain: 'ethereum', tx: 'l4-swap', block: 20_860_000, txIndex: 45, index: 184, asset: ETH_WETH, from: VENUES.uniRouter, to: ZERO, amount: 3_988_000_000_000_000_000n },
  { chain: 'ethereum', tx: 'l4-swap', block: 20_860_000, txIndex: 45, index: 0, ref: 'call:0_2_0', asset: 'ETH', from: VENUES.weth, to: VENUES.uniRouter, amount: 3_988_000_000_000_000_000n },
  { chain: 'ethereum', tx: 'l4-swap', block: 20_860_000, txIndex: 45, index: 0, ref: 'call:0_3', asset: 'ETH', from: VENUES.uniRouter, to: A.l4, amount: 3_988_000_000_000_000_000n },
  { chain: 'ethereum', tx: 'l4-to-binance', block: 20_860_100, txIndex: 12, index: -1, asset: 'ETH', from: A.l4, to: ex('ethBinance'), amount: 3_999_790_000_000_000_000n, fee: gasFee(21_000, 10.0) },
  // Allbridge Core delivers L8's bridged USDT on Ethereum (see the TRON side): the USDT pool pays L9.
  { chain: 'ethereum', tx: 'allbridge-receive-l9', block: ALLBRIDGE_ETH_BLOCK, txIndex: 61, index: 95, asset: ETH_USDT, from: VENUES.allbridgeEth, to: A.l9, amount: 9_997n * USDT },

  // --- TRON: two victims pay the TRC-20 collector; clean money follows in the same block ---
  { chain: 'tron', tx: 'huobi-withdraw-chen', block: 66_100_000, txIndex: 211, index: 0, asset: TRON_USDT, from: ex('tronHuobi1'), to: A.chen, amount: 36_000n * USDT },
  { chain: 'tron', tx: 'chen-1', block: 66_130_412, txIndex: 58, index: 0, asset: TRON_USDT, from: A.chen, to: A.c2, amount: 36_000n * USDT },
  { chain: 'tron', tx: 'huobi-withdraw-dana', block: 66_200_007, txIndex: 190, index: 0, asset: TRON_USDT, from: ex('tronHuobi2'), to: A.dana, amount: 24_000n * USDT },
  { chain: 'tron', tx: 'dana-1', block: 66_250_000, txIndex: 41, index: 0, asset: TRON_USDT, from: A.dana, to: A.c2, amount: 24_000n * USDT },
  { chain: 'tron', tx: 'kucoin-withdraw-c2', block: 66_250_000, txIndex: 117, index: 0, asset: TRON_USDT, from: ex('tronKucoin'), to: A.c2, amount: 40_000n * USDT },
  { chain: 'tron', tx: 'c2-to-l5', block: 66_260_000, txIndex: 12, index: 0, asset: TRON_USDT, from: A.c2, to: A.l5, amount: 60_000n * USDT },
  { chain: 'tron', tx: 'c2-to-l6', block: 66_260_020, txIndex: 88, index: 0, asset: TRON_USDT, from: A.c2, to: A.l6, amount: 40_000n * USDT },
  { chain: 'tron', tx: 'l5-to-l7', block: 66_270_311, txIndex: 5, index: 0, asset: TRON_USDT, from: A.l5, to: A.l7, amount: 60_000n * USDT },
  { chain: 'tron', tx: 'l6-to-bitfinex', block: 66_275_000, txIndex: 143, index: 0, asset: TRON_USDT, from: A.l6, to: ex('tronBitfinex'), amount: 40_000n * USDT },
  { chain: 'tron', tx: 'l7-to-l8', block: 66_290_150, txIndex: 66, index: 0, asset: TRON_USDT, from: A.l7, to: A.l8, amount: 60_000n * USDT },
  { chain: 'tron', tx: 'l8-to-binance', block: 66_300_009, txIndex: 201, index: 0, asset: TRON_USDT, from: A.l8, to: ex('tronBinance'), amount: 30_000n * USDT },
  { chain: 'tron', tx: 'l8-to-otc', block: 66_310_444, txIndex: 19, index: 0, asset: TRON_USDT, from: A.l8, to: A.otcTron, amount: 20_000n * USDT },
  // L8 bridges its last 10,000 USDT through Allbridge Core (swapAndBridge) to L9 on Ethereum.
  { chain: 'tron', tx: 'l8-bridge', block: ALLBRIDGE_TRON_BLOCK, txIndex: 77, index: 0, asset: TRON_USDT, from: A.l8, to: VENUES.allbridgeTron, amount: 10_000n * USDT },
];

function transferRecords(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const s of transferSpecs) {
    const txHash = txHashOf(s.chain, s.tx);
    const ref = s.chain === 'ethereum' ? ETH_REF : TRON_REF;
    const time = timeAt(ref, s.block);
    const base = { chain: s.chain, txHash, block: s.block, txIndex: s.txIndex };
    if (s.fee !== undefined) {
      out.push({ id: `${txHash}:fee`, ...base, index: -1, time, asset: 'ETH', from: s.from, to: null, amount: s.fee.toString() });
    }
    const id = s.ref !== undefined ? `${txHash}:${s.ref}` : s.index === -1 ? `${txHash}:native` : `${txHash}:${s.index}`;
    out.push({ id, ...base, index: s.index, time, asset: s.asset, from: s.from, to: s.to, amount: s.amount.toString(), ...s.extra });
  }
  // Reorder the keys as FORMATS.md shows them, then sort by chain order.
  const keyed = out.map((r) => ({
    id: r.id,
    chain: r.chain,
    asset: r.asset,
    txHash: r.txHash,
    block: r.block,
    txIndex: r.txIndex,
    index: r.index,
    time: r.time,
    from: r.from,
    to: r.to,
    amount: r.amount,
    ...Object.fromEntries(Object.entries(r).filter(([k]) => !['id', 'chain', 'asset', 'txHash', 'block', 'txIndex', 'index', 'time', 'from', 'to', 'amount'].includes(k))),
  }));
  return keyed.sort(
    (a, b) =>
      (a.chain as string).localeCompare(b.chain as string) ||
      (a.block as number) - (b.block as number) ||
      (a.txIndex as number) - (b.txIndex as number) ||
      (a.index as number) - (b.index as number) ||
      String(a.id).localeCompare(String(b.id)),
  );
}

// ---------------------------------------------------------------------------------------------
// Conversions (FORMATS.md v2 conversions.jsonl): the swap and the bridge
// ---------------------------------------------------------------------------------------------

function conversionRecords(): Record<string, unknown>[] {
  const swapTx = txHashOf('ethereum', 'l4-swap');
  const bridgeTx = txHashOf('tron', 'l8-bridge');
  const receiveTx = txHashOf('ethereum', 'allbridge-receive-l9');
  const pair = VENUES.uniPair;
  return [
    {
      id: `ethereum:${swapTx}:swap:0`,
      kind: 'swap',
      venue: `Uniswap V2 USDT/WETH ${pair.slice(0, 6)}...${pair.slice(-4)}`,
      in: { chain: 'ethereum', address: A.l4, asset: ETH_USDT, amount: (10_000n * USDT).toString(), refs: [`${swapTx}:180`] },
      out: { chain: 'ethereum', address: A.l4, asset: 'ETH', amount: '3988000000000000000', refs: [`${swapTx}:call:0_3`] },
      confidence: 100,
      method: 'logs: Transfer, Swap (V2), Withdrawal (WETH9); call traces; Uniswap V2 Router02',
      evidence: [swapTx],
    },
    {
      id: `tron:${bridgeTx}:bridge:0`,
      kind: 'bridge',
      venue: 'Allbridge Core USDT pools (TRON -> Ethereum)',
      in: { chain: 'tron', address: A.l8, asset: TRON_USDT, amount: (10_000n * USDT).toString(), refs: [`${bridgeTx}:0`] },
      out: { chain: 'ethereum', address: A.l9, asset: ETH_USDT, amount: (9_997n * USDT).toString(), refs: [`${receiveTx}:95`] },
      confidence: 100,
      method: 'Allbridge Core link key: TokensSent (source) and TokensReceived (destination) carry the same nonce; the message hash of the transfer parameters',
      evidence: [bridgeTx, receiveTx],
      note: `nonce 0x${hashOf('allbridge/nonce/l8-bridge')}; 3 USDT kept as the bridge fee`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// UTXO transactions (Bitcoin): the victim payment, a commingling consolidation, a peel chain
// ---------------------------------------------------------------------------------------------

interface Out {
  address: string;
  value: bigint;
}

interface UtxoSpec {
  tx: string;
  block: number;
  txIndex: number;
  inputs: { prev: string; vout: number; address: string; value: bigint }[];
  outputs: Out[];
}

function btcTxid(label: string): string {
  return hashOf(`tx/bitcoin/${label}`);
}

/** A peel step: one coin in, a payment (n0) and the change to the next peel address (n1), 10,000 sat fee. */
function peel(tx: string, block: number, txIndex: number, prev: string, from: string, value: bigint, pay: Out, next: string): UtxoSpec {
  return { tx, block, txIndex, inputs: [{ prev, vout: 1, address: from, value }], outputs: [pay, { address: next, value: value - pay.value - 10_000n }] };
}

const P0_VALUE = 129_990_000n;
const utxoSpecs: UtxoSpec[] = [
  // Erik pays 1.5 BTC to the "platform" from a coin he withdrew earlier (not in the data), change back to him.
  {
    tx: 'erik-1',
    block: 866_012,
    txIndex: 1_402,
    inputs: [{ prev: 'erik-savings', vout: 0, address: A.erik, value: 160_000_000n }],
    outputs: [
      { address: A.c3, value: 150_000_000n },
      { address: A.erik, value: 9_985_000n },
    ],
  },
  // The collector spends a clean coin it already held (input 0) together with Erik's coin (input 1).
  {
    tx: 'c3-consolidate',
    block: 866_150,
    txIndex: 388,
    inputs: [
      { prev: 'c3-working-capital', vout: 1, address: A.c3, value: 50_000_000n },
      { prev: 'erik-1', vout: 0, address: A.c3, value: 150_000_000n },
    ],
    outputs: [
      { address: A.otcBtc, value: 70_000_000n },
      { address: A.p0, value: P0_VALUE },
    ],
  },
  peel('peel-1', 866_301, 951, 'c3-consolidate', A.p0, P0_VALUE, { address: ex('btcBinance'), value: 20_000_000n }, A.p1),
  peel('peel-2', 866_455, 77, 'peel-1', A.p1, 109_980_000n, { address: ex('btcBitfinex'), value: 25_000_000n }, A.p2),
  peel('peel-3', 866_702, 2_210, 'peel-2', A.p2, 84_970_000n, { address: ex('btcKucoin'), value: 30_000_000n }, A.p3),
  peel('peel-4', 867_004, 534, 'peel-3', A.p3, 54_960_000n, { address: ex('btcCryptoCom'), value: 15_000_000n }, A.p4),
];

function transactionRecords(): Record<string, unknown>[] {
  return utxoSpecs.map((s) => ({
    chain: 'bitcoin',
    txid: btcTxid(s.tx),
    block: s.block,
    txIndex: s.txIndex,
    time: timeAt(BTC_REF, s.block),
    inputs: s.inputs.map((i) => ({ prevTxid: btcTxid(i.prev), prevVout: i.vout, address: i.address, value: i.value.toString() })),
    outputs: s.outputs.map((o, n) => ({ n, address: o.address, value: o.value.toString() })),
  }));
}

// ---------------------------------------------------------------------------------------------
// Tags: exchanges from the GraphSense TagPacks (tags.jsonl) and the investigator's own notes (CSV)
// ---------------------------------------------------------------------------------------------

function exchangeTags(): Record<string, unknown>[] {
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const key of Object.keys(EXCHANGES) as (keyof typeof EXCHANGES)[]) {
    const e = EXCHANGES[key];
    const address = ex(key);
    if (seen.has(`${e.chain}/${address}`)) continue;
    seen.add(`${e.chain}/${address}`);
    // GraphSense confidence `service_data` is level 50 (graphsense-tagpack-tool, db/confidence.csv).
    out.push({ chain: e.chain, address, label: e.label, category: 'exchange', source: PACKS + e.pack, confidence: 50, note: 'GraphSense TagPack, confidence service_data' });
  }
  const otc = 'Mekong Lotus OTC (fictional broker)';
  for (const [chain, address] of [
    ['ethereum', A.otcEth],
    ['tron', A.otcTron],
    ['bitcoin', A.otcBtc],
  ] as const) {
    out.push({ chain, address, label: otc, category: 'otc', source: CASE_NOTES, confidence: 80, note: 'cash-for-USDT broker advertised on Telegram; addresses from its payment instructions' });
  }
  return out;
}

/** The investigator's spreadsheet: victims (from their statements) and the fake platform's wallets. */
function caseNoteTags(): string[][] {
  const rows: string[][] = [['chain', 'address', 'label', 'category', 'source', 'confidence', 'note']];
  const victim = (chain: string, address: string, name: string) => rows.push([chain, address, `Victim ${name}`, 'victim', `${CASE_NOTES}: statement of ${name}`, '100', 'own wallet, per victim statement']);
  const scam = (chain: string, address: string, label: string, note: string) => rows.push([chain, address, label, 'scam', CASE_NOTES, '90', note]);
  victim('ethereum', A.alice, 'Alice');
  victim('ethereum', A.bob, 'Bob');
  victim('tron', A.chen, 'Chen');
  victim('tron', A.dana, 'Dana');
  victim('bitcoin', A.erik, 'Erik');
  scam('ethereum', A.c1, 'Lotusfield Markets deposit (ETH)', 'deposit address shown by the fake trading app');
  scam('ethereum', A.gas, 'Lotusfield gas station', 'funds ETH for gas to the USDT wallets');
  scam('ethereum', A.l1, 'Lotusfield layer L1', 'layering');
  scam('ethereum', A.l2, 'Lotusfield layer L2', 'layering; batch payouts through a disperse contract');
  scam('ethereum', A.l3, 'Lotusfield treasury L3', 'still holds USDT');
  scam('ethereum', A.l4, 'Lotusfield reserve L4', 'swaps its USDT for ETH on Uniswap V2 and pays the ETH to Binance');
  scam('ethereum', A.l9, 'Lotusfield layer L9', 'receives L8 USDT through Allbridge Core; still holds USDT');
  scam('tron', A.c2, 'Lotusfield Markets deposit (TRON)', 'deposit address shown by the fake trading app');
  scam('tron', A.l5, 'Lotusfield layer L5', 'layering');
  scam('tron', A.l6, 'Lotusfield layer L6', 'layering');
  scam('tron', A.l7, 'Lotusfield layer L7', 'layering');
  scam('tron', A.l8, 'Lotusfield layer L8', 'pays out to Binance and the OTC desk; bridges the rest to Ethereum');
  scam('bitcoin', A.c3, 'Lotusfield Markets deposit (BTC)', 'deposit address shown by the fake trading app');
  scam('bitcoin', A.p0, 'Lotusfield peel chain P0', 'peel chain start');
  scam('bitcoin', A.p1, 'Lotusfield peel chain P1', 'peel chain change');
  scam('bitcoin', A.p2, 'Lotusfield peel chain P2', 'peel chain change');
  scam('bitcoin', A.p3, 'Lotusfield peel chain P3', 'peel chain change');
  scam('bitcoin', A.p4, 'Lotusfield peel chain P4', 'peel chain change, Taproot; still unspent');
  return rows;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// ---------------------------------------------------------------------------------------------
// Case file
// ---------------------------------------------------------------------------------------------

function caseYaml(): string {
  const eth = (label: string, index: number) => `${txHashOf('ethereum', label)}:${index}`;
  const tron = (label: string) => `${txHashOf('tron', label)}:0`;
  return `# Sample case: a pig-butchering ("sha zhu pan") scam run from a scam compound. See README.md.
# Regenerate the data files with: npx tsx samples/pig-butchering/generate.ts
name: Lotusfield Markets (sample pig-butchering case)
sources:
  - transfers.jsonl
  - transactions.jsonl
  - conversions.jsonl
  - tags.jsonl
  - case-notes-tags.csv
victimPayments:
  - id: alice-1        # Alice's first deposit, 50,000 USDT on Ethereum
    chain: ethereum
    transfer: "${eth('alice-1', 97)}"
  - id: bob-1          # Bob, 30,000 USDT on Ethereum
    chain: ethereum
    transfer: "${eth('bob-1', 160)}"
  - id: alice-2        # Alice's "withdrawal tax", 20,000 USDT on Ethereum
    chain: ethereum
    transfer: "${eth('alice-2', 66)}"
  - id: chen-1         # Chen, 36,000 USDT on TRON
    chain: tron
    transfer: "${tron('chen-1')}"
  - id: dana-1         # Dana, 24,000 USDT on TRON
    chain: tron
    transfer: "${tron('dana-1')}"
  - id: erik-1         # Erik, 1.5 BTC
    chain: bitcoin
    output: "${btcTxid('erik-1')}:0"
policy: fifo
maxHops: 20
until: "2025-12-31T23:59:59Z"
stopAt: [exchange, otc, payment_processor, wallet_service, gambling, mixer, bridge]
inheritTags: false
`;
}

/** Writes every data file of the sample next to this script. */
export function writeSample(dir = HERE): void {
  const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(join(dir, 'transfers.jsonl'), jsonl(transferRecords()));
  writeFileSync(join(dir, 'transactions.jsonl'), jsonl(transactionRecords()));
  writeFileSync(join(dir, 'conversions.jsonl'), jsonl(conversionRecords()));
  writeFileSync(join(dir, 'tags.jsonl'), jsonl(exchangeTags()));
  writeFileSync(join(dir, 'case-notes-tags.csv'), caseNoteTags().map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
  writeFileSync(join(dir, 'case.yaml'), caseYaml());
}

/** The addresses by role, for the README and the expected figures. */
export function sampleAddresses(): Record<string, string> {
  return { ...A, ...Object.fromEntries(Object.keys(EXCHANGES).map((k) => [k, ex(k as keyof typeof EXCHANGES)])) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeSample();
  if (process.argv.includes('--addresses')) process.stdout.write(`${JSON.stringify(sampleAddresses(), null, 2)}\n`);
}
