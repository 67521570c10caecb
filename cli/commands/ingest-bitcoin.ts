// `ledgerhound ingest bitcoin`: Bitcoin into the store from a node (`--rpc URL --blocks A..B`), an
// Esplora API (`--esplora URL --tx TXID... --address ADDR...`) or Bitcoin Core block files
// (`--blk-files DIR`, inputs resolved from the store, or from --rpc/--esplora when given). Only blocks
// with --confirmations confirmations are taken. Node credentials come from the environment or a cookie
// file, never from argv. Raw answers go to the raw cache; Ctrl-C stops between batches; reruns resume.

import type { Command } from 'commander';
import { openBitcoinRpc, openEsplora, type TransportSettings } from '../../adapters/bitcoin/clients.js';
import type { DecodedTransaction } from '../../adapters/bitcoin/decode.js';
import { esploraToDecoded, getEsploraTx } from '../../adapters/bitcoin/esplora.js';
import type { IngestSummary } from '../../adapters/bitcoin/ingest-common.js';
import { ingestBlkFiles } from '../../adapters/bitcoin/ingest-blk.js';
import { ingestEsplora } from '../../adapters/bitcoin/ingest-esplora.js';
import { ingestRpcBlocks } from '../../adapters/bitcoin/ingest-rpc.js';
import { getTransaction } from '../../adapters/bitcoin/rpc.js';
import { invalidInput } from '../../src/errors.js';
import { chainInfo } from '../../src/model/chain.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { abortOnSigint, rawCacheFor } from '../fetch-options.js';

interface IngestBitcoinOptions extends CommonOptions {
  rpc?: string;
  rpcCookie?: string;
  blocks?: string;
  esplora?: string;
  tx?: string[];
  address?: string[];
  blkFiles?: string;
  chain?: string;
  confirmations: string;
  rps?: string;
  rawCache?: string;
  offline?: boolean;
  quiet?: boolean;
}

/** `A..B` (inclusive). */
export function parseRange(text: string): { from: number; to: number } {
  const m = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  const from = m ? Number(m[1]) : Number.NaN;
  const to = m ? Number(m[2]) : Number.NaN;
  if (!m || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) throw invalidInput('expected a block range A..B with A <= B', { field: '--blocks' }, { value: text });
  return { from, to };
}

/** Non-negative integer option. */
export function parseCount(value: string, field: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw invalidInput('must be an integer >= 0', { field }, { value });
  return n;
}

/** Transport settings from --rps, --raw-cache and --offline. */
export function transportFor(opts: { rps?: string; rawCache?: string; offline?: boolean }, storeLocation: string, quiet: boolean): TransportSettings {
  const rps = opts.rps === undefined ? undefined : Number(opts.rps);
  if (rps !== undefined && !(rps >= 0)) throw invalidInput('must be a number >= 0', { field: '--rps' }, { value: opts.rps });
  return {
    cache: rawCacheFor(opts, storeLocation),
    cacheMode: opts.offline ? 'offline' : 'read-write',
    ...(rps !== undefined ? { requestsPerSecond: rps } : {}),
    onRetry: quiet ? undefined : (e) => process.stderr.write(`retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s: ${e.url}: ${e.reason}\n`),
  };
}

function printSummary(mode: string, source: string, s: IngestSummary): void {
  const head = `${mode} ${source}: ${s.batches} batches, ${s.transactions.added} transactions added, ${s.transactions.existing} already stored`;
  console.log(s.lastBlock === undefined ? head : `${head}; last block ${s.lastBlock}`);
  if (s.resumedAfter) console.log(`resumed after ${s.resumedAfter}`);
  for (const k of s.skipped) console.log(`skipped ${k.what}: ${k.reason}`);
  if (s.interrupted) console.log('interrupted: run the same command again to resume');
}

export function registerIngestBitcoin(ingest: Command): void {
  withCommonOptions(
    ingest
      .command('bitcoin')
      .description('ingest Bitcoin from a node (--rpc), an Esplora API (--esplora) or block files (--blk-files)')
      .option('--rpc <url>', 'Bitcoin Core / btcd JSON-RPC URL; credentials from BITCOIN_RPC_USER + BITCOIN_RPC_PASSWORD or a cookie file')
      .option('--rpc-cookie <file>', 'Bitcoin Core .cookie file (or BITCOIN_RPC_COOKIE)')
      .option('--blocks <A..B>', 'with --rpc: blocks A to B, one atomic batch per block')
      .option('--esplora <url>', 'Esplora API base URL (e.g. https://blockstream.info/api/)')
      .option('--tx <txids...>', 'with --esplora: these transactions')
      .option('--address <addresses...>', 'with --esplora: the confirmed history of these addresses (paged)')
      .option('--blk-files <dir>', 'Bitcoin Core blocks directory (blk*.dat) or one block file; inputs resolved from the store, or --rpc/--esplora when given')
      .option('--chain <chain>', 'bitcoin, bitcoin-testnet or bitcoin-regtest (default: detected from the source; bitcoin for block files)')
      .option('--confirmations <k>', 'only blocks with at least k confirmations (reorganisation safety)', '6')
      .option('--rps <n>', 'requests per second (default unlimited)')
      .option('--raw-cache <dir>', 'raw response cache (default: LEDGERHOUND_RAW_CACHE, else raw/ beside the store)')
      .option('--offline', 'answer only from the raw cache (reproduce an earlier ingest without network)')
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (opts: IngestBitcoinOptions) => {
      const modes = [opts.blkFiles ? 'blk' : undefined, opts.blocks ? 'rpc' : undefined, opts.tx || opts.address ? 'esplora' : undefined].filter(Boolean);
      if (modes.length === 0) throw invalidInput('give --rpc URL --blocks A..B, --esplora URL --tx/--address, or --blk-files DIR', { field: '--blocks' });
      if (modes.length > 1) throw invalidInput('give one of --blocks, --tx/--address, --blk-files per run', { field: '--blocks' });
      if (opts.blocks && !opts.rpc) throw invalidInput('--blocks needs --rpc URL', { field: '--rpc' });
      if ((opts.tx || opts.address) && !opts.esplora) throw invalidInput('--tx and --address need --esplora URL', { field: '--esplora' });
      if (opts.chain !== undefined && chainInfo(opts.chain)?.family !== 'bitcoin') throw invalidInput(`not a Bitcoin chain: ${opts.chain}`, { field: '--chain' });
      const confirmations = parseCount(opts.confirmations, '--confirmations');
      const quiet = Boolean(opts.quiet || opts.json);
      const sigint = abortOnSigint();
      try {
        await withStore(opts, async (store) => {
          const transport = transportFor(opts, store.location, Boolean(opts.quiet));
          const progress = createProgress({ label: 'ingest bitcoin', unit: 'batches', quiet });
          const common = { confirmations, signal: sigint.signal, onBatch: () => progress.tick() };
          let mode: string;
          let source: string;
          let summary: IngestSummary;
          if (opts.blkFiles) {
            const chain = opts.chain ?? 'bitcoin';
            let fetchTransaction: ((txid: string) => Promise<DecodedTransaction | undefined>) | undefined;
            if (opts.rpc) {
              const { node } = await openBitcoinRpc(opts.rpc, { ...transport, cookieFile: opts.rpcCookie, chain });
              fetchTransaction = (txid) => getTransaction(node, txid, chain);
            } else if (opts.esplora) {
              const { client } = await openEsplora(opts.esplora, { ...transport, chain });
              fetchTransaction = async (txid) => {
                const tx = await getEsploraTx(client, txid);
                return tx ? esploraToDecoded(tx, chain) : undefined;
              };
            }
            mode = 'blk-files';
            source = opts.blkFiles;
            summary = await ingestBlkFiles(opts.blkFiles, store, { ...common, chain, fetchTransaction });
          } else if (opts.blocks) {
            const { from, to } = parseRange(opts.blocks);
            const { node, chain } = await openBitcoinRpc(opts.rpc as string, { ...transport, cookieFile: opts.rpcCookie, chain: opts.chain });
            mode = 'rpc';
            source = node.displayUrl;
            summary = await ingestRpcBlocks(node, store, { ...common, from, to, chain });
          } else {
            const { client, chain } = await openEsplora(opts.esplora as string, { ...transport, chain: opts.chain });
            mode = 'esplora';
            source = client.displayUrl;
            summary = await ingestEsplora(client, store, { ...common, chain, txids: opts.tx, addresses: opts.address });
          }
          progress.done();
          if (opts.json) printJson({ mode, source, store: store.location, ...summary });
          else printSummary(mode, source, summary);
        });
      } finally {
        sigint.dispose();
      }
    }),
  );
}
