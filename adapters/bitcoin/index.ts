// The Bitcoin (UTXO family) chain adapter (src/ports.ts ChainAdapter): ingest from a node
// (`--rpc URL --blocks A..B`), an Esplora API (`--esplora URL --tx/--address`) or Bitcoin Core block
// files (`--blk-files DIR`), and the expansion sources `--rpc` and `--esplora`. Node credentials come
// from the environment or a cookie file, never from option values.

import { invalidInput } from '../../src/errors.js';
import { parseBlockRange, parseOptionalWholeNumber, parseWholeNumber } from '../../src/input-values.js';
import { chainInfo, knownChainNames } from '../../src/model/chain.js';
import type { AdapterContext, ChainAdapter, ExpansionSourceFactory, IngestReport } from '../../src/ports.js';
import type { RecordingExpansionSource } from '../expand/engine.js';
import { recordRawRefs } from '../http/record-raw-refs.js';
import type { TransportSettings } from '../http/http-client.js';
import { openBitcoinRpc, openEsplora } from './clients.js';
import type { DecodedTransaction } from './decode.js';
import { esploraToDecoded, getEsploraTx } from './esplora.js';
import { EsploraExpansionSource, RpcExpansionSource } from './expansion-sources.js';
import { ingestBlkFiles } from './ingest-blk.js';
import { ingestEsplora } from './ingest-esplora.js';
import { ingestRpcBlocks } from './ingest-rpc.js';
import { getTransaction } from './rpc.js';

type Ctx = AdapterContext<TransportSettings>;

function bitcoinChainOption(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  const chain = String(value).toLowerCase();
  if (chainInfo(chain)?.family !== 'utxo') throw invalidInput(`not a Bitcoin chain: ${String(value)}`, { field }, { known: bitcoinChains() });
  return chain;
}

function bitcoinChains(): string[] {
  return knownChainNames().filter((c) => chainInfo(c)?.family === 'utxo');
}

async function ingest(values: Record<string, unknown>, ctx: Ctx): Promise<IngestReport> {
  const v = values as { rpc?: string; rpcCookie?: string; blocks?: string; esplora?: string; tx?: string[]; address?: string[]; blkFiles?: string; chain?: string; confirmations?: string };
  const modes = [v.blkFiles ? 'blk' : undefined, v.blocks ? 'rpc' : undefined, v.tx || v.address ? 'esplora' : undefined].filter(Boolean);
  if (modes.length === 0) throw invalidInput('give --rpc URL --blocks A..B, --esplora URL --tx/--address, or --blk-files DIR', { field: '--blocks' });
  if (modes.length > 1) throw invalidInput('give one of --blocks, --tx/--address, --blk-files per run', { field: '--blocks' });
  if (v.blocks && !v.rpc) throw invalidInput('--blocks needs --rpc URL', { field: '--rpc' });
  if ((v.tx || v.address) && !v.esplora) throw invalidInput('--tx and --address need --esplora URL', { field: '--esplora' });
  const chainOption = bitcoinChainOption(v.chain, '--chain');
  const confirmations = parseWholeNumber(v.confirmations ?? '6', '--confirmations');
  const common = { confirmations, signal: ctx.signal, onBatch: countBatches(ctx) };
  if (v.blkFiles) {
    const chain = chainOption ?? 'bitcoin';
    let fetchTransaction: ((txid: string) => Promise<DecodedTransaction | undefined>) | undefined;
    if (v.rpc) {
      const { node } = await openBitcoinRpc(v.rpc, { ...ctx.transport, cookieFile: v.rpcCookie, chain });
      fetchTransaction = (txid) => getTransaction(node, txid, chain);
    } else if (v.esplora) {
      const { client } = await openEsplora(v.esplora, { ...ctx.transport, chain });
      fetchTransaction = async (txid) => {
        const tx = await getEsploraTx(client, txid);
        return tx ? esploraToDecoded(tx, chain) : undefined;
      };
    }
    const summary = await ingestBlkFiles(v.blkFiles, ctx.store, { ...common, chain, fetchTransaction });
    return { mode: 'blk-files', source: v.blkFiles, ...summary };
  }
  if (v.blocks) {
    const { from, to } = parseBlockRange(v.blocks);
    const { node, chain } = await openBitcoinRpc(v.rpc as string, { ...ctx.transport, cookieFile: v.rpcCookie, chain: chainOption });
    const summary = await ingestRpcBlocks(node, ctx.store, { ...common, from, to, chain });
    return { mode: 'rpc', source: node.displayUrl, ...summary };
  }
  const { client, chain } = await openEsplora(v.esplora as string, { ...ctx.transport, chain: chainOption });
  const summary = await ingestEsplora(client, ctx.store, { ...common, chain, txids: v.tx, addresses: v.address });
  return { mode: 'esplora', source: client.displayUrl, ...summary };
}

function countBatches(ctx: Ctx): () => void {
  let n = 0;
  return () => ctx.onProgress?.(++n, 'batches');
}

const rpcSource: ExpansionSourceFactory<TransportSettings, RecordingExpansionSource> = {
  key: 'rpc',
  family: 'utxo',
  options: [
    { key: 'rpc', flags: '--rpc <url>', description: 'Bitcoin Core / btcd JSON-RPC URL (credentials: BITCOIN_RPC_USER/BITCOIN_RPC_PASSWORD or a cookie file)' },
    { key: 'rpcCookie', flags: '--rpc-cookie <file>', description: 'Bitcoin Core .cookie file for RPC authentication (or BITCOIN_RPC_COOKIE)' },
    { key: 'scanBlocks', flags: '--scan-blocks <n>', description: 'with --rpc: blocks scanned forward to find who spent an output (default 1000)' },
    { key: 'bitcoinChain', flags: '--bitcoin-chain <chain>', description: 'bitcoin, bitcoin-testnet or bitcoin-regtest (default: detected from the genesis block)' },
  ],
  async create(values, ctx) {
    const chainOption = bitcoinChainOption(values.bitcoinChain, '--bitcoin-chain');
    const { node, chain } = await openBitcoinRpc(values.rpc as string, { ...ctx.transport, cookieFile: values.rpcCookie as string | undefined, chain: chainOption });
    const scanBlocks = parseOptionalWholeNumber(values.scanBlocks as string | undefined, '--scan-blocks');
    return recordRawRefs(new RpcExpansionSource(node, { chain, store: ctx.store, scanBlocks }), node.rpc.http);
  },
};

const esploraSource: ExpansionSourceFactory<TransportSettings, RecordingExpansionSource> = {
  key: 'esplora',
  family: 'utxo',
  options: [{ key: 'esplora', flags: '--esplora <url>', description: 'Esplora API base URL (Blockstream / mempool.space style, e.g. http://host/api/)' }],
  async create(values, ctx) {
    const { client, chain } = await openEsplora(values.esplora as string, { ...ctx.transport, chain: bitcoinChainOption(values.bitcoinChain, '--bitcoin-chain') });
    return recordRawRefs(new EsploraExpansionSource(client, { chain }), client);
  },
};

export const bitcoinAdapter: ChainAdapter<TransportSettings, RecordingExpansionSource> = {
  family: 'utxo',
  chains: bitcoinChains,
  ingest: {
    description: 'ingest Bitcoin from a node (--rpc), an Esplora API (--esplora) or block files (--blk-files)',
    options: [
      { key: 'rpc', flags: '--rpc <url>', description: 'Bitcoin Core / btcd JSON-RPC URL; credentials from BITCOIN_RPC_USER + BITCOIN_RPC_PASSWORD or a cookie file' },
      { key: 'rpcCookie', flags: '--rpc-cookie <file>', description: 'Bitcoin Core .cookie file (or BITCOIN_RPC_COOKIE)' },
      { key: 'blocks', flags: '--blocks <A..B>', description: 'with --rpc: blocks A to B, one atomic batch per block' },
      { key: 'esplora', flags: '--esplora <url>', description: 'Esplora API base URL (e.g. https://blockstream.info/api/)' },
      { key: 'tx', flags: '--tx <txids...>', description: 'with --esplora: these transactions' },
      { key: 'address', flags: '--address <addresses...>', description: 'with --esplora: the confirmed history of these addresses (paged)' },
      { key: 'blkFiles', flags: '--blk-files <dir>', description: 'Bitcoin Core blocks directory (blk*.dat) or one block file; inputs resolved from the store, or --rpc/--esplora when given' },
      { key: 'chain', flags: '--chain <chain>', description: 'bitcoin, bitcoin-testnet or bitcoin-regtest (default: detected from the source; bitcoin for block files)' },
      { key: 'confirmations', flags: '--confirmations <k>', description: 'only blocks with at least k confirmations (reorganisation safety)', default: '6' },
    ],
    run: ingest,
  },
  expansionSources: [rpcSource, esploraSource],
};
