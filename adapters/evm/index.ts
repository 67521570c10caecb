// The EVM chain adapter (src/ports.ts ChainAdapter) for Ethereum and the other EVM chains: ingest from a
// node (`--rpc URL --blocks A..B`: native value, fees, ERC-20 logs, internal transfers where the node
// traces, conversions; `--rpc URL --address ADDR`: token transfers through eth_getLogs, native and
// internal ones through trace_filter where the node has it) or from an Etherscan-compatible API
// (`--etherscan URL --address ADDR`: txlist, txlistinternal, tokentx), and the `--etherscan` expansion
// source. Keys come from the environment only (ETHERSCAN_API_KEY; a node URL with a key in it belongs
// in LEDGERHOUND_EVM_RPC_URL, not in an option value).

import { invalidInput } from '../../src/errors.js';
import { parseBlockRange, parseOptionalWholeNumber } from '../../src/input-values.js';
import { normalizeAddress } from '../../src/model/address.js';
import { chainInfo, knownChainNames } from '../../src/model/chain.js';
import type { AdapterContext, ChainAdapter, IngestReport } from '../../src/ports.js';
import type { RecordingExpansionSource } from '../expand/engine.js';
import { combinedSha256, type RawRef, type TransportSettings } from '../http/http-client.js';
import { fetchAddressTokenTransfers, fetchAddressTraceTransfers } from './address-logs.js';
import { EtherscanClient } from './etherscan-client.js';
import { ETHERSCAN_LISTS, type EtherscanList, ingestEtherscanAddress } from './etherscan-history.js';
import { etherscanSourceFactory } from './etherscan-source.js';
import { EvmRpc, isUnsupportedMethod, type TraceApi } from './evm-rpc.js';
import { CHAIN_IDS, checkChainId } from './fetch-block.js';
import { ingestBlocks } from './ingest-blocks.js';

type Ctx = AdapterContext<TransportSettings>;

interface EvmIngestValues {
  chain?: string;
  rpc?: string;
  etherscan?: string;
  blocks?: string;
  address?: string;
  fromBlock?: string;
  toBlock?: string;
  traces?: string;
  batch?: string;
  confirmations?: string;
  pageSize?: string;
  lists?: string;
}

function evmChains(): string[] {
  return knownChainNames().filter((c) => chainInfo(c)?.family === 'evm');
}

async function ingest(values: Record<string, unknown>, ctx: Ctx): Promise<IngestReport> {
  const v = values as EvmIngestValues;
  const chain = (v.chain ?? 'ethereum').toLowerCase();
  if (chainInfo(chain)?.family !== 'evm') throw invalidInput(`not an EVM chain: ${v.chain}`, { field: '--chain' }, { known: evmChains() });
  const rpcUrl = v.rpc ?? process.env.LEDGERHOUND_EVM_RPC_URL;
  if (!v.etherscan && !rpcUrl) throw invalidInput('give --rpc URL (or LEDGERHOUND_EVM_RPC_URL) or --etherscan URL', { field: '--rpc' });
  if (!v.blocks && !v.address) throw invalidInput('give --blocks A..B (with --rpc) or --address ADDR', { field: '--blocks' });
  if (v.blocks && v.etherscan && !rpcUrl) throw invalidInput('--blocks needs a node (--rpc); Etherscan serves address histories (--address)', { field: '--blocks' });
  const traces = v.traces ?? 'auto';
  if (!['auto', 'callTracer', 'parity', 'none'].includes(traces)) throw invalidInput('must be auto, callTracer, parity or none', { field: '--traces' }, { value: traces });
  const address = v.address ? normalizeAddress(chain, v.address, { field: '--address' }) : undefined;
  const lists = v.lists ? (v.lists.split(',').map((s) => s.trim()) as EtherscanList[]) : undefined;
  if (lists?.some((l) => !ETHERSCAN_LISTS.includes(l))) throw invalidInput(`lists are ${ETHERSCAN_LISTS.join(', ')}`, { field: '--lists' });
  const confirmations = parseOptionalWholeNumber(v.confirmations ?? '12', '--confirmations');
  const fromBlock = parseOptionalWholeNumber(v.fromBlock, '--from-block');
  const toBlock = parseOptionalWholeNumber(v.toBlock, '--to-block');

  if (v.blocks) {
    const { from, to } = parseBlockRange(v.blocks);
    const rpc = new EvmRpc({ baseUrl: rpcUrl as string, ...ctx.transport });
    const res = await ingestBlocks(ctx.store, rpc, {
      chain,
      from,
      to,
      batchBlocks: parseOptionalWholeNumber(v.batch ?? '20', '--batch', 1),
      confirmations,
      traces: traces as TraceApi | 'auto',
      signal: ctx.signal,
      onBatch: (i) => ctx.onProgress?.(i.blocksDone, 'blocks'),
    });
    return { mode: 'blocks', source: rpc.displayUrl, ...res };
  }
  if (v.etherscan) {
    const client = new EtherscanClient({ url: v.etherscan, chainId: CHAIN_IDS[chain], ...ctx.transport });
    let pages = 0;
    const res = await ingestEtherscanAddress(ctx.store, client, {
      chain,
      address: address as string,
      lists,
      pageSize: parseOptionalWholeNumber(v.pageSize ?? '1000', '--page-size', 1),
      startBlock: fromBlock,
      endBlock: toBlock,
      signal: ctx.signal,
      onPage: () => ctx.onProgress?.(++pages, 'pages'),
    });
    return { mode: 'etherscan', source: client.displayUrl, ...res };
  }
  const rpc = new EvmRpc({ baseUrl: rpcUrl as string, ...ctx.transport });
  await checkChainId(rpc, chain);
  const head = await rpc.blockNumber();
  const lastBlock = toBlock ?? head - (confirmations ?? 0);
  const refs: RawRef[] = [];
  const off = rpc.rpc.http.onResponse((r) => refs.push(r));
  const range = { chain, fromBlock: fromBlock ?? 0, toBlock: lastBlock };
  const transfers = await fetchAddressTokenTransfers(rpc, address as string, range);
  let traced = 'none';
  if (traces === 'auto' || traces === 'parity') {
    try {
      transfers.push(...(await fetchAddressTraceTransfers(rpc, address as string, range)));
      traced = 'trace_filter';
    } catch (e) {
      if (traces === 'parity' || !isUnsupportedMethod(e)) throw e;
    }
  }
  off();
  const summary = await ctx.store.importBatch({
    source: { name: `evm-rpc:${rpc.displayUrl}#${chain}:logs:${address}`, sha256: combinedSha256(refs), kind: 'adapter', format: 'evm-json-rpc', retrievedAt: new Date().toISOString(), maxBlock: lastBlock },
    transfers,
  });
  return { mode: 'logs', source: rpc.displayUrl, chain, address, toBlock: lastBlock, traces: traced, transfers: summary.transfers };
}

export const evmAdapter: ChainAdapter<TransportSettings, RecordingExpansionSource> = {
  family: 'evm',
  chains: evmChains,
  ingest: {
    description: 'ingest an EVM chain (Ethereum, BSC, Polygon, Arbitrum, Base...) from a node or an Etherscan-compatible API',
    options: [
      { key: 'chain', flags: '--chain <chain>', description: 'chain name (ethereum, bsc, polygon, arbitrum, base, ...)', default: 'ethereum' },
      { key: 'rpc', flags: '--rpc <url>', description: 'node JSON-RPC URL (default: LEDGERHOUND_EVM_RPC_URL)' },
      { key: 'etherscan', flags: '--etherscan <url>', description: 'Etherscan-compatible API URL, e.g. https://api.etherscan.io/v2/api (key: ETHERSCAN_API_KEY)' },
      { key: 'blocks', flags: '--blocks <A..B>', description: 'with --rpc: ingest every transfer of blocks A to B' },
      { key: 'address', flags: '--address <address>', description: "ingest one address's history (--etherscan: all transfers; --rpc: token transfers, plus native and internal ones where the node has trace_filter)" },
      { key: 'fromBlock', flags: '--from-block <n>', description: 'with --address: first block (default 0, or the checkpoint)' },
      { key: 'toBlock', flags: '--to-block <n>', description: 'with --address: last block (default: the head)' },
      { key: 'traces', flags: '--traces <api>', description: 'internal transfers: auto, callTracer, parity or none', default: 'auto' },
      { key: 'batch', flags: '--batch <n>', description: 'blocks per committed batch', default: '20' },
      { key: 'confirmations', flags: '--confirmations <n>', description: 'leave the last n blocks for later (reorganisation safety)', default: '12' },
      { key: 'pageSize', flags: '--page-size <n>', description: 'Etherscan rows per page (at most 10000)', default: '1000' },
      { key: 'lists', flags: '--lists <names>', description: 'Etherscan lists, comma separated: txlist,txlistinternal,tokentx' },
    ],
    run: ingest,
  },
  expansionSources: [etherscanSourceFactory],
};
