// Chain sources that complete what a block-explorer export lacks (`import --complete-from URL`): the
// position of a transaction in its block (txIndex) and, for token and internal transfers, the transfer
// ids the chain adapters give (`<txHash>:<logIndex>`, `<txHash>:call:<traceId>`, TRON `<txID>:<n>`).
// - EVM JSON-RPC (Etherscan-family exports): `eth_getTransactionReceipt` (block, transactionIndex, Transfer
//   logs decoded as the adapter does, parse-logs.ts), `debug_traceTransaction` with the callTracer for
//   internal transfers (parse-traces.ts), `decimals()` of a token the toolkit does not know (token-info.ts).
// - an Etherscan-family API (`etherscan:URL`, key from ETHERSCAN_API_KEY): the same receipt through its
//   `proxy` module; internal transfers and unknown decimals are not completed from it.
// - TronGrid (Tronscan exports): `/wallet/gettransactioninfobyid` (block, TRC-20 Transfer logs, parse.ts)
//   and `/wallet/getblockbynum` for the position in the block (block-order.ts; unknown when not had).

import { LedgerhoundError } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { EtherscanClient } from '../evm/etherscan-client.js';
import { EvmRpc } from '../evm/evm-rpc.js';
import { CHAIN_IDS, checkChainId } from '../evm/fetch-block.js';
import { extractTokenTransfers } from '../evm/parse-logs.js';
import { flattenCallFrames, internalTransfers } from '../evm/parse-traces.js';
import { readTokenInfo } from '../evm/token-info.js';
import { TronBlockOrder } from '../tron/block-order.js';
import { type TronTxInfo, tronInfoTransfers } from '../tron/parse.js';
import { TronGridClient } from '../tron/trongrid-client.js';

/** What a chain source says about one transaction. */
export interface TxFacts {
  block: number;
  /** Undefined when the source cannot place the transaction in its block. */
  txIndex?: number;
  /** Its token transfers, with the adapter's ids. */
  tokens: AccountTransfer[];
}

export interface ExplorerCompletion {
  /** For messages and the import's source record, without credentials. */
  description: string;
  /** Undefined when the source does not hold the transaction. */
  tx(txHash: string): Promise<TxFacts | undefined>;
  /** Internal (trace) transfers of a transaction, with the adapter's ids; undefined when not available. */
  internal?(txHash: string): Promise<AccountTransfer[] | undefined>;
  /** Decimals of a token the toolkit does not know; undefined when the source cannot tell. */
  decimals?(asset: string): Promise<number | undefined>;
}

function hexInt(v: unknown, field: string, call: string): number {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) throw new LedgerhoundError('RPC_FAILURE', `${call}: field ${field} is malformed`, { call, field, value: v });
  return Number.parseInt(v, 16);
}

type Receipt = Record<string, unknown> | null;

/** Facts of a transaction from its receipt (`eth_getTransactionReceipt`), memoised per hash. */
function receiptFacts(chain: string, call: string, receipt: (txHash: string) => Promise<Receipt>): (txHash: string) => Promise<TxFacts | undefined> {
  const facts = new Map<string, Promise<TxFacts | undefined>>();
  return (txHash) => {
    let p = facts.get(txHash);
    if (!p) {
      p = (async () => {
        const r = await receipt(txHash);
        if (!r) return undefined;
        const block = hexInt(r.blockNumber, 'blockNumber', call);
        const txIndex = hexInt(r.transactionIndex, 'transactionIndex', call);
        const logs = Array.isArray(r.logs) ? (r.logs as Parameters<typeof extractTokenTransfers>[1]) : [];
        return { block, txIndex, tokens: extractTokenTransfers(chain, logs, { call }).filter((t) => t.txHash === txHash) };
      })();
      facts.set(txHash, p);
    }
    return p;
  };
}

/** Completion from an Etherscan-family API at `url` (receipts through the `proxy` module). */
export function etherscanCompletion(chain: string, url: string): ExplorerCompletion {
  const client = new EtherscanClient({ url, chainId: CHAIN_IDS[chain] });
  const call = 'etherscan proxy/eth_getTransactionReceipt';
  return {
    description: `etherscan:${client.displayUrl}`,
    tx: receiptFacts(chain, call, (txhash) => client.call<Receipt>({ module: 'proxy', action: 'eth_getTransactionReceipt', txhash }, { immutable: true })),
  };
}

/** Completion from an EVM JSON-RPC node serving `chain` (its chain id is checked when known). */
export async function evmCompletion(chain: string, url: string): Promise<ExplorerCompletion> {
  const rpc = new EvmRpc({ baseUrl: url });
  await checkChainId(rpc, chain);
  const call = 'eth_getTransactionReceipt';
  const tx = receiptFacts(chain, call, (txHash) => rpc.call<Receipt>(call, [txHash], true));
  return {
    description: `evm-rpc:${rpc.displayUrl}`,
    tx,
    async internal(txHash) {
      const f = await tx(txHash);
      if (!f || f.txIndex === undefined) return undefined;
      const frame = await rpc.traceTransactionCalls(txHash);
      return internalTransfers(flattenCallFrames(frame, f.txIndex, txHash), { chain, txHash, block: f.block, txIndex: f.txIndex });
    },
    async decimals(asset) {
      const contract = /^erc20:(0x[0-9a-fA-F]{40})$/.exec(asset)?.[1];
      return contract === undefined ? undefined : (await readTokenInfo(rpc, chain, contract))?.decimals;
    },
  };
}

/** Completion from TronGrid (or a node with the same `/wallet` API) at `url`. */
export function tronCompletion(url: string): ExplorerCompletion {
  const client = new TronGridClient({ url });
  const order = new TronBlockOrder(client);
  return {
    description: `trongrid:${client.displayUrl}`,
    async tx(txHash) {
      const info = await client.wallet<TronTxInfo>('wallet/gettransactioninfobyid', { value: txHash }, { immutable: true });
      if (!info || info.id === undefined || info.blockNumber === undefined) return undefined;
      const tokens = tronInfoTransfers(txHash, info);
      const txIndex = (await order.positions(info.blockNumber))?.get(txHash);
      return { block: info.blockNumber, txIndex, tokens: tokens.map((t) => (txIndex === undefined ? t : { ...t, txIndex })) };
    },
  };
}

/**
 * The chain source for an export: TronGrid for Tronscan exports; for the others an Etherscan-family API
 * when the URL is given as `etherscan:URL`, else an EVM JSON-RPC node.
 */
export function completionFor(format: string, chain: string, url: string): Promise<ExplorerCompletion> {
  if (format === 'tronscan') return Promise.resolve(tronCompletion(url));
  if (url.startsWith('etherscan:')) return Promise.resolve(etherscanCompletion(chain, url.slice('etherscan:'.length)));
  return evmCompletion(chain, url);
}
