// Transport for EVM nodes (geth, Erigon, Nethermind, Infura, Alchemy...): JSON-RPC 2.0 over the shared
// retrying, rate-limited, raw-caching HTTP client (adapters/http). Typed wrappers for the calls the
// adapter uses, and capability probing: `debug_traceBlockByNumber` (geth callTracer) or `trace_block`
// (Parity style) for internal transfers, `eth_getBlockReceipts` for one-call receipts.
// Answers for a given block number or transaction hash are treated as immutable (served from the raw
// cache when present): ingest only blocks deep enough not to be reorganised.

import { isLedgerhoundError, LedgerhoundError } from '../../src/errors.js';
import { JsonRpcClient, type JsonRpcClientOptions } from '../http/json-rpc.js';
import { type RawCacheEntry, RawCache } from '../http/raw-cache.js';
import { toQuantity } from './hex.js';
import type { RpcLog } from './parse-logs.js';
import type { RpcBlock, RpcReceipt } from './parse-block.js';
import type { CallFrame, ParityTrace } from './parse-traces.js';
import { redactText, redactUrl } from '../../src/redact.js';

export interface EvmRpcOptions extends Omit<JsonRpcClientOptions, 'version'> {}

const NODE_URL = { nodeUrl: true } as const;

/** A node URL with user info, key parameters and every key-like path segment redacted (src/redact.ts). */
export function redactRpcUrl(url: string): string {
  return redactUrl(url, NODE_URL);
}

/** A raw cache whose index never holds a key-bearing URL path (keys and entries are redacted alike). */
class RedactingRawCache extends RawCache {
  constructor(private readonly inner: RawCache) {
    super(inner.dir);
  }
  override lookup(key: string): RawCacheEntry | undefined {
    return this.inner.lookup(redactText(key, NODE_URL));
  }
  override readObject(sha256: string): Buffer {
    return this.inner.readObject(sha256);
  }
  override put(entry: Omit<RawCacheEntry, 'sha256'>, body: Uint8Array): RawCacheEntry {
    return this.inner.put({ ...entry, key: redactText(entry.key, NODE_URL), url: redactRpcUrl(entry.url) }, body);
  }
}

/** The same error with every URL in its message and details redacted (see redactRpcUrl). */
function redactError(e: unknown): unknown {
  if (!isLedgerhoundError(e)) return e;
  const details = JSON.parse(redactText(JSON.stringify(e.details, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)), NODE_URL)) as Record<string, unknown>;
  return new LedgerhoundError(e.code, redactText(e.message, NODE_URL), details, { cause: e.cause });
}

/** Which trace API a node answers, found by probing once. */
export type TraceApi = 'callTracer' | 'parity' | 'none';

/**
 * Messages that say a method is not offered (providers answer with assorted codes). Only messages
 * about the method itself: "historical state is not available" means the node has the method but not
 * the state for that block, which must be reported, not taken as "no trace API".
 */
const UNSUPPORTED = /method not found|method .*(does not exist|not available|not supported|not allowed|is not enabled|not whitelisted)|unsupported method|unknown method|namespace .*(disabled|not enabled)/i;

/** True for an RPC error saying the method is not offered by this node. */
export function isUnsupportedMethod(e: unknown): boolean {
  if (!isLedgerhoundError(e, 'RPC_FAILURE')) return false;
  const code = e.details.rpcCode;
  return code === -32601 || code === -32004 || (typeof code === 'number' && UNSUPPORTED.test(e.message)) || e.details.status === 405;
}

/** Rewords a trace failure caused by pruned state into advice. */
function traceFailure(e: unknown, n: number): unknown {
  if (isLedgerhoundError(e, 'RPC_FAILURE') && /historical state|state .*not available|missing trie node|required historical state/i.test(e.message)) {
    return new LedgerhoundError('RPC_FAILURE', `the node cannot trace block ${n}: its state is pruned (use an archive node, or --traces none to ingest without internal transfers)`, { ...e.details, block: n }, { cause: e });
  }
  return e;
}

/** An EVM JSON-RPC node. */
export class EvmRpc {
  readonly rpc: JsonRpcClient;
  private traceApi: TraceApi | undefined;
  private blockReceipts: boolean | undefined;

  constructor(options: EvmRpcOptions) {
    const cache = options.cache ? new RedactingRawCache(options.cache) : undefined;
    this.rpc = new JsonRpcClient({ name: 'evm-rpc', ...options, cache, version: '2.0' });
  }

  /** URL without credentials or path keys, for messages and evidence. */
  get displayUrl(): string {
    return redactRpcUrl(this.rpc.http.displayUrl);
  }

  async call<T>(method: string, params: unknown[], immutable = false): Promise<T> {
    try {
      return (await this.rpc.call<T>(method, params, { immutable })) as T;
    } catch (e) {
      throw redactError(e);
    }
  }

  async chainId(): Promise<bigint> {
    return BigInt(await this.call<string>('eth_chainId', []));
  }

  /** The latest block number (never cached). */
  async blockNumber(): Promise<number> {
    return Number(BigInt(await this.call<string>('eth_blockNumber', [])));
  }

  /** A block with full transaction objects (or hashes when `full` is false). NOT_FOUND past the head. */
  async getBlock(n: number, full: boolean): Promise<RpcBlock> {
    const block = await this.call<RpcBlock | null>('eth_getBlockByNumber', [toQuantity(n), full], true);
    if (!block) throw new LedgerhoundError('NOT_FOUND', `block ${n} not found at ${this.displayUrl} (past the node's head?)`, { block: n });
    return block;
  }

  async getReceipt(txHash: string): Promise<RpcReceipt> {
    const r = await this.call<RpcReceipt | null>('eth_getTransactionReceipt', [txHash], true);
    if (!r) throw new LedgerhoundError('NOT_FOUND', `no receipt for ${txHash} at ${this.displayUrl}`, { txHash });
    return r;
  }

  /** Receipts of a block: `eth_getBlockReceipts` when the node has it, else one call per transaction. */
  async getBlockReceipts(block: RpcBlock): Promise<Map<string, RpcReceipt>> {
    const hashes = block.transactions.map((t) => (typeof t === 'string' ? t : t.hash).toLowerCase());
    const out = new Map<string, RpcReceipt>();
    if (hashes.length === 0) return out;
    if (this.blockReceipts !== false) {
      try {
        const list = await this.call<RpcReceipt[] | null>('eth_getBlockReceipts', [block.number], true);
        if (Array.isArray(list) && list.length === hashes.length) {
          this.blockReceipts = true;
          for (const r of list) out.set(String(r.transactionHash).toLowerCase(), r);
          return out;
        }
      } catch (e) {
        if (!isUnsupportedMethod(e) && this.blockReceipts === true) throw e;
        if (!isUnsupportedMethod(e) && !isLedgerhoundError(e, 'RPC_FAILURE')) throw e;
        this.blockReceipts = false;
      }
    }
    for (const h of hashes) out.set(h, await this.getReceipt(h));
    return out;
  }

  /** Logs matching a filter (eth_getLogs). */
  async getLogs(filter: { fromBlock: number; toBlock: number; address?: string | string[]; topics?: (string | string[] | null)[] }): Promise<RpcLog[]> {
    const params = { ...filter, fromBlock: toQuantity(filter.fromBlock), toBlock: toQuantity(filter.toBlock) };
    return (await this.call<RpcLog[]>('eth_getLogs', [params], true)) ?? [];
  }

  /** Finds which trace API the node answers (probing with block `probeBlock`), remembered afterwards. */
  async detectTraceApi(probeBlock: number): Promise<TraceApi> {
    if (this.traceApi) return this.traceApi;
    try {
      await this.call('debug_traceBlockByNumber', [toQuantity(probeBlock), { tracer: 'callTracer' }], true);
      this.traceApi = 'callTracer';
    } catch (e) {
      if (!isUnsupportedMethod(e)) throw traceFailure(e, probeBlock);
      try {
        await this.call('trace_block', [toQuantity(probeBlock)], true);
        this.traceApi = 'parity';
      } catch (e2) {
        if (!isUnsupportedMethod(e2)) throw traceFailure(e2, probeBlock);
        this.traceApi = 'none';
      }
    }
    return this.traceApi;
  }

  /** Forces the trace API (skips probing). */
  setTraceApi(api: TraceApi): void {
    this.traceApi = api;
  }

  /** geth callTracer traces of every transaction of a block, in block order. */
  async traceBlockCalls(n: number): Promise<{ txHash?: string; result: CallFrame }[]> {
    try {
      return (await this.call<{ txHash?: string; result: CallFrame; error?: string }[]>('debug_traceBlockByNumber', [toQuantity(n), { tracer: 'callTracer' }], true)) ?? [];
    } catch (e) {
      throw traceFailure(e, n);
    }
  }

  /** geth callTracer trace of one transaction. */
  async traceTransactionCalls(txHash: string): Promise<CallFrame> {
    return this.call<CallFrame>('debug_traceTransaction', [txHash, { tracer: 'callTracer' }], true);
  }

  /** Parity-style traces of a block. */
  async traceBlockParity(n: number): Promise<ParityTrace[]> {
    try {
      return (await this.call<ParityTrace[]>('trace_block', [toQuantity(n)], true)) ?? [];
    } catch (e) {
      throw traceFailure(e, n);
    }
  }

  /** Parity `trace_filter` (Erigon, Nethermind, OpenEthereum) for an address's internal transfers. */
  async traceFilter(filter: { fromBlock: number; toBlock: number; fromAddress?: string[]; toAddress?: string[]; after?: number; count?: number }): Promise<ParityTrace[]> {
    const params = { ...filter, fromBlock: toQuantity(filter.fromBlock), toBlock: toQuantity(filter.toBlock) };
    return (await this.call<ParityTrace[]>('trace_filter', [params], true)) ?? [];
  }
}
