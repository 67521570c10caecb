// Opening Bitcoin sources from command-line values: a node (--rpc URL, credentials from the
// environment or --rpc-cookie) or an Esplora API (--esplora URL), both on the shared transport with the
// raw cache, a request rate limit and retries. The chain is detected from the genesis block unless given.

import type { HttpClient, TransportSettings } from '../http/http-client.js';
import { createEsploraClient, detectEsploraChain } from './esplora.js';
import { type BitcoinRpc, createBitcoinRpc, detectChain, rpcCredentialsFromEnv } from './rpc.js';

/** Opens a node: URL without credentials; user/password from BITCOIN_RPC_USER/PASSWORD or a cookie file. */
export async function openBitcoinRpc(url: string, options: TransportSettings & { cookieFile?: string; chain?: string }): Promise<{ node: BitcoinRpc; chain: string }> {
  const { cookieFile, chain, ...transport } = options;
  const node = createBitcoinRpc({ url, credentials: rpcCredentialsFromEnv({ cookieFile }), ...transport });
  return { node, chain: chain ?? (await detectChain(node)) };
}

/** Opens an Esplora API (base URL such as http://127.0.0.1:3002/api/). */
export async function openEsplora(url: string, options: TransportSettings & { chain?: string }): Promise<{ client: HttpClient; chain: string }> {
  const { chain, ...transport } = options;
  const client = createEsploraClient({ url, ...transport });
  return { client, chain: chain ?? (await detectEsploraChain(client)) };
}
