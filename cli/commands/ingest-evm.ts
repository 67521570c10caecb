// `ledgerhound ingest evm`: Ethereum and other EVM chains into the store, from a node
// (`--rpc URL --blocks A..B`: native value, fees, ERC-20 logs and, where the node traces, internal
// transfers; `--rpc URL --address ADDR`: the address's token transfers through eth_getLogs, and its
// native and internal transfers through trace_filter where the node has it) or from an
// Etherscan-compatible API (`--etherscan URL --address ADDR`: txlist, txlistinternal, tokentx).
// Keys come from the environment only (ETHERSCAN_API_KEY; a node URL with a key in it belongs in
// LEDGERHOUND_EVM_RPC_URL, not in argv). Raw answers go to the raw cache; Ctrl-C stops between batches.

import type { Command } from 'commander';
import { fetchAddressTokenTransfers, fetchAddressTraceTransfers } from '../../adapters/evm/address-logs.js';
import { EtherscanClient } from '../../adapters/evm/etherscan-client.js';
import { ETHERSCAN_LISTS, type EtherscanList, ingestEtherscanAddress } from '../../adapters/evm/etherscan-history.js';
import { EvmRpc, isUnsupportedMethod, type TraceApi } from '../../adapters/evm/evm-rpc.js';
import { CHAIN_IDS, checkChainId } from '../../adapters/evm/fetch-block.js';
import { ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { combinedSha256, type RawRef } from '../../adapters/http/http-client.js';
import type { RawCacheMode } from '../../adapters/http/raw-cache.js';
import { invalidInput } from '../../src/errors.js';
import { normalizeAddress } from '../../src/model/address.js';
import { chainInfo } from '../../src/model/chain.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { abortOnSigint, rawCacheFor } from '../fetch-options.js';
import { createProgress } from '../progress.js';

interface IngestEvmOptions extends CommonOptions {
  chain: string;
  rpc?: string;
  etherscan?: string;
  blocks?: string;
  address?: string;
  fromBlock?: string;
  toBlock?: string;
  traces: string;
  batch: string;
  confirmations: string;
  pageSize: string;
  lists?: string;
  rps?: string;
  rawCache?: string;
  offline?: boolean;
  quiet?: boolean;
}

/** `A..B` (inclusive) to numbers. */
export function parseBlockRange(text: string): { from: number; to: number } {
  const m = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (!m) throw invalidInput('expected a block range A..B', { field: '--blocks' }, { value: text });
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) throw invalidInput('block range must be A..B with A <= B', { field: '--blocks' }, { value: text });
  return { from, to };
}

function intOption(value: string | undefined, field: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw invalidInput(`must be an integer >= ${min}`, { field }, { value });
  return n;
}

export function registerIngestEvm(ingest: Command): void {
  withCommonOptions(
    ingest
      .command('evm')
      .description('ingest an EVM chain (Ethereum, BSC, Polygon, Arbitrum, Base...) from a node or an Etherscan-compatible API')
      .option('--chain <chain>', 'chain name (ethereum, bsc, polygon, arbitrum, base, ...)', 'ethereum')
      .option('--rpc <url>', 'node JSON-RPC URL (default: LEDGERHOUND_EVM_RPC_URL)')
      .option('--etherscan <url>', 'Etherscan-compatible API URL, e.g. https://api.etherscan.io/v2/api (key: ETHERSCAN_API_KEY)')
      .option('--blocks <A..B>', 'with --rpc: ingest every transfer of blocks A to B')
      .option('--address <address>', "ingest one address's history (--etherscan: all transfers; --rpc: token transfers, plus native and internal ones where the node has trace_filter)")
      .option('--from-block <n>', 'with --address: first block (default 0, or the checkpoint)')
      .option('--to-block <n>', 'with --address: last block (default: the head)')
      .option('--traces <api>', 'internal transfers: auto, callTracer, parity or none', 'auto')
      .option('--batch <n>', 'blocks per committed batch', '20')
      .option('--confirmations <n>', 'leave the last n blocks for later (reorganisation safety)', '12')
      .option('--page-size <n>', 'Etherscan rows per page (at most 10000)', '1000')
      .option('--lists <names>', 'Etherscan lists, comma separated: txlist,txlistinternal,tokentx')
      .option('--rps <n>', 'requests per second (default: 4 for Etherscan, unlimited for a node)')
      .option('--raw-cache <dir>', 'raw response cache (default: LEDGERHOUND_RAW_CACHE, else raw/ beside the store)')
      .option('--offline', 'answer only from the raw cache (reproduce an earlier ingest without network)')
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (opts: IngestEvmOptions) => {
      const chain = opts.chain;
      if (chainInfo(chain)?.family !== 'evm') throw invalidInput(`not an EVM chain: ${chain}`, { field: '--chain' });
      const rpcUrl = opts.rpc ?? process.env.LEDGERHOUND_EVM_RPC_URL;
      if (!opts.etherscan && !rpcUrl) throw invalidInput('give --rpc URL (or LEDGERHOUND_EVM_RPC_URL) or --etherscan URL', { field: '--rpc' });
      if (!opts.blocks && !opts.address) throw invalidInput('give --blocks A..B (with --rpc) or --address ADDR', { field: '--blocks' });
      if (opts.blocks && opts.etherscan && !rpcUrl) throw invalidInput('--blocks needs a node (--rpc); Etherscan serves address histories (--address)', { field: '--blocks' });
      if (!['auto', 'callTracer', 'parity', 'none'].includes(opts.traces)) throw invalidInput('must be auto, callTracer, parity or none', { field: '--traces' }, { value: opts.traces });
      const address = opts.address ? normalizeAddress(chain, opts.address, { field: '--address' }) : undefined;
      const rps = opts.rps === undefined ? undefined : Number(opts.rps);
      if (rps !== undefined && !(rps >= 0)) throw invalidInput('must be a number >= 0', { field: '--rps' });
      const lists = opts.lists ? (opts.lists.split(',').map((s) => s.trim()) as EtherscanList[]) : undefined;
      if (lists?.some((l) => !ETHERSCAN_LISTS.includes(l))) throw invalidInput(`lists are ${ETHERSCAN_LISTS.join(', ')}`, { field: '--lists' });
      const cacheMode: RawCacheMode = opts.offline ? 'offline' : 'read-write';
      const sigint = abortOnSigint();
      try {
        await withStore(opts, async (store) => {
          const cache = rawCacheFor(opts, store.location);
          const progress = createProgress({ label: `ingest ${chain}`, unit: opts.blocks ? 'blocks' : 'pages', quiet: opts.quiet || opts.json });
          let out: Record<string, unknown>;
          if (opts.blocks) {
            const { from, to } = parseBlockRange(opts.blocks);
            const rpc = new EvmRpc({ baseUrl: rpcUrl!, cache, cacheMode, requestsPerSecond: rps });
            const res = await ingestBlocks(store, rpc, {
              chain,
              from,
              to,
              batchBlocks: intOption(opts.batch, '--batch', 1),
              confirmations: intOption(opts.confirmations, '--confirmations'),
              traces: opts.traces as TraceApi | 'auto',
              signal: sigint.signal,
              onBatch: (i) => progress.set(i.blocksDone),
            });
            progress.done();
            out = { mode: 'blocks', source: rpc.displayUrl, ...res };
          } else if (opts.etherscan) {
            const client = new EtherscanClient({ url: opts.etherscan, chainId: CHAIN_IDS[chain], cache, cacheMode, ...(rps !== undefined ? { requestsPerSecond: rps } : {}) });
            const res = await ingestEtherscanAddress(store, client, {
              chain,
              address: address!,
              lists,
              pageSize: intOption(opts.pageSize, '--page-size', 1),
              startBlock: intOption(opts.fromBlock, '--from-block'),
              endBlock: intOption(opts.toBlock, '--to-block'),
              signal: sigint.signal,
              onPage: () => progress.tick(),
            });
            progress.done();
            out = { mode: 'etherscan', source: client.displayUrl, ...res };
          } else {
            const rpc = new EvmRpc({ baseUrl: rpcUrl!, cache, cacheMode, requestsPerSecond: rps });
            await checkChainId(rpc, chain);
            const head = await rpc.blockNumber();
            const toBlock = intOption(opts.toBlock, '--to-block') ?? head - (intOption(opts.confirmations, '--confirmations') ?? 0);
            const refs: RawRef[] = [];
            const off = rpc.rpc.http.onResponse((r) => refs.push(r));
            const range = { chain, fromBlock: intOption(opts.fromBlock, '--from-block') ?? 0, toBlock };
            const transfers = await fetchAddressTokenTransfers(rpc, address!, range);
            let traced = 'none';
            if (opts.traces === 'auto' || opts.traces === 'parity') {
              try {
                transfers.push(...(await fetchAddressTraceTransfers(rpc, address!, range)));
                traced = 'trace_filter';
              } catch (e) {
                if (opts.traces === 'parity' || !isUnsupportedMethod(e)) throw e;
              }
            }
            off();
            const summary = await store.importBatch({
              source: { name: `evm-rpc:${rpc.displayUrl}#${chain}:logs:${address}`, sha256: combinedSha256(refs), kind: 'adapter', format: 'evm-json-rpc', retrievedAt: new Date().toISOString(), maxBlock: toBlock },
              transfers,
            });
            progress.done();
            out = { mode: 'logs', source: rpc.displayUrl, chain, address, toBlock, traces: traced, transfers: summary.transfers };
          }
          if (opts.json) printJson({ store: store.location, ...out });
          else printSummary(out);
        });
      } finally {
        sigint.dispose();
      }
    }),
  );
}

function printSummary(out: Record<string, unknown>): void {
  const t = out.transfers as { added: number; existing: number };
  const extra: string[] = [];
  if (out.mode === 'blocks') extra.push(`${out.blocks} blocks, internal transfers: ${out.traces === 'none' ? 'not available from this node' : out.traces}`);
  if (out.skippedUnconfirmed) extra.push(`left for later (not enough confirmations): ${JSON.stringify(out.skippedUnconfirmed)}`);
  if (out.interrupted) extra.push('interrupted: run again to resume');
  console.log(`ingest ${out.mode} from ${out.source}: ${t.added} transfers added, ${t.existing} already stored${extra.length ? `; ${extra.join('; ')}` : ''}`);
}
