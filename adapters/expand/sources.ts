// The registry of expansion sources: which command-line options select which ExpansionSource. Each
// chain family adds its factories here (Bitcoin: --rpc, --esplora; EVM/TRON add theirs); `expand`
// declares every factory's options and opens the sources whose selecting option was given.

import { LedgerhoundError } from '../../src/errors.js';
import type { ChainFamily } from '../../src/model/chain.js';
import type { GraphStore } from '../../src/ports.js';
import { openBitcoinRpc, openEsplora, type TransportSettings } from '../bitcoin/clients.js';
import { EsploraExpansionSource, RpcExpansionSource } from '../bitcoin/expansion-sources.js';
import { etherscanSourceFactory } from '../evm/etherscan-source.js';
import type { HttpClient, RawRef } from '../http/http-client.js';
import { trongridSourceFactory } from '../tron/trongrid-source.js';
import type { RecordingExpansionSource } from './engine.js';
import { openStoreSources } from './store-source.js';

/** One command-line option a factory declares (commander syntax). */
export interface SourceOptionSpec {
  flags: string;
  description: string;
}

/** What a factory gets besides its option values. */
export interface SourceContext {
  store: GraphStore;
  transport: TransportSettings;
  /** Opens another store by location (given by the command line; adapters do not open stores). */
  openStore?: (location: string) => Promise<GraphStore>;
  /** Registers cleanup to run when the command ends (closing a reference store). */
  defer?: (fn: () => Promise<void>) => void;
}

export interface ExpansionSourceFactory {
  /** The commander attribute of the selecting option (`rpc` for `--rpc <url>`). */
  key: string;
  family: ChainFamily | 'any';
  /** The selecting option first, then its helpers (cookie file, chain, scan window...). */
  options: SourceOptionSpec[];
  /** One source, or one per chain (a reference store holding several chains). */
  create(values: Record<string, unknown>, ctx: SourceContext): Promise<RecordingExpansionSource | RecordingExpansionSource[]>;
}

/** Adds `drainRawRefs` to a source, fed by its HTTP client's responses. */
export function recordRawRefs<T extends RecordingExpansionSource>(source: T, client: HttpClient): T {
  let refs: RawRef[] = [];
  client.onResponse((r) => refs.push(r));
  source.drainRawRefs = () => {
    const out = refs;
    refs = [];
    return out;
  };
  return source;
}

const bitcoinRpc: ExpansionSourceFactory = {
  key: 'rpc',
  family: 'bitcoin',
  options: [
    { flags: '--rpc <url>', description: 'Bitcoin Core / btcd JSON-RPC URL (credentials: BITCOIN_RPC_USER/BITCOIN_RPC_PASSWORD or a cookie file)' },
    { flags: '--rpc-cookie <file>', description: 'Bitcoin Core .cookie file for RPC authentication (or BITCOIN_RPC_COOKIE)' },
    { flags: '--scan-blocks <n>', description: 'with --rpc: blocks scanned forward to find who spent an output (default 1000)' },
    { flags: '--bitcoin-chain <chain>', description: 'bitcoin, bitcoin-testnet or bitcoin-regtest (default: detected from the genesis block)' },
  ],
  async create(values, ctx) {
    const { node, chain } = await openBitcoinRpc(values.rpc as string, { ...ctx.transport, cookieFile: values.rpcCookie as string | undefined, chain: values.bitcoinChain as string | undefined });
    const scanBlocks = values.scanBlocks === undefined ? undefined : Number(values.scanBlocks);
    return recordRawRefs(new RpcExpansionSource(node, { chain, store: ctx.store, scanBlocks }), node.rpc.http);
  },
};

const esplora: ExpansionSourceFactory = {
  key: 'esplora',
  family: 'bitcoin',
  options: [{ flags: '--esplora <url>', description: 'Esplora API base URL (Blockstream / mempool.space style, e.g. http://host/api/)' }],
  async create(values, ctx) {
    const { client, chain } = await openEsplora(values.esplora as string, { ...ctx.transport, chain: values.bitcoinChain as string | undefined });
    return recordRawRefs(new EsploraExpansionSource(client, { chain }), client);
  },
};

const referenceStore: ExpansionSourceFactory = {
  key: 'fromStore',
  family: 'any',
  options: [{ flags: '--from-store <location>', description: 'another store (SQLite path or Neo4j URL) to expand from, every chain it holds' }],
  async create(values, ctx) {
    if (!ctx.openStore) throw new LedgerhoundError('INVALID_INPUT', '--from-store is not available here', { field: '--from-store' });
    const reference = await ctx.openStore(values.fromStore as string);
    ctx.defer?.(() => reference.close());
    return openStoreSources(reference);
  },
};

/**
 * Every known factory. Chain families append theirs here. A function, not a constant: the factory
 * modules import `recordRawRefs` from this file, and a list built at load time would read them before
 * they are initialised whenever one of them is imported first.
 */
export function expansionSourceFactories(): ExpansionSourceFactory[] {
  return [bitcoinRpc, esplora, etherscanSourceFactory, trongridSourceFactory, referenceStore];
}

/** Opens the sources whose selecting option is present in `values`. */
export async function openExpansionSources(values: Record<string, unknown>, ctx: SourceContext): Promise<RecordingExpansionSource[]> {
  const out: RecordingExpansionSource[] = [];
  for (const f of expansionSourceFactories()) if (values[f.key] !== undefined) out.push(...[await f.create(values, ctx)].flat());
  return out;
}
