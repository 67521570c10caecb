// The TRON chain adapter (src/ports.ts ChainAdapter): ingest of an address's TRX and TRC-20 history from
// TronGrid (`--trongrid URL --address ADDR`; key TRONGRID_API_KEY, sent as a header), one committed page
// at a time with its checkpoint, and the `--trongrid` expansion source.

import { invalidInput } from '../../src/errors.js';
import { normalizeAddress, tronHexToBase58 } from '../../src/model/address.js';
import type { AdapterContext, ChainAdapter, IngestReport } from '../../src/ports.js';
import type { RecordingExpansionSource } from '../expand/engine.js';
import type { TransportSettings } from '../http/http-client.js';
import { ingestTronAddress, TRON_LISTS, type TronList } from './history.js';
import { TronGridClient } from './trongrid-client.js';
import { trongridSourceFactory } from './trongrid-source.js';

async function ingest(values: Record<string, unknown>, ctx: AdapterContext<TransportSettings>): Promise<IngestReport> {
  const v = values as { trongrid?: string; address?: string; lists?: string; limit?: string };
  if (!v.trongrid) throw invalidInput('give --trongrid URL', { field: '--trongrid' });
  if (!v.address) throw invalidInput('give --address ADDR', { field: '--address' });
  let address = v.address;
  if (/^(0x)?41[0-9a-fA-F]{40}$/.test(address)) address = tronHexToBase58(address);
  address = normalizeAddress('tron', address, { field: '--address' });
  const lists = v.lists ? (v.lists.split(',').map((s) => s.trim()) as TronList[]) : undefined;
  if (lists?.some((l) => !TRON_LISTS.includes(l))) throw invalidInput(`lists are ${TRON_LISTS.join(', ')}`, { field: '--lists' });
  const limit = Number(v.limit ?? '200');
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalidInput('must be an integer from 1 to 200', { field: '--limit' });
  const client = new TronGridClient({ url: v.trongrid, ...ctx.transport });
  let pages = 0;
  const res = await ingestTronAddress(ctx.store, client, { address, lists, limit, signal: ctx.signal, onPage: () => ctx.onProgress?.(++pages, 'pages') });
  return { mode: 'trongrid', source: client.displayUrl, chain: 'tron', ...res };
}

export const tronAdapter: ChainAdapter<TransportSettings, RecordingExpansionSource> = {
  family: 'tron',
  chains: () => ['tron'],
  ingest: {
    description: "ingest a TRON address's TRX and TRC-20 history from TronGrid",
    options: [
      { key: 'trongrid', flags: '--trongrid <url>', description: 'TronGrid URL, e.g. https://api.trongrid.io (key: TRONGRID_API_KEY)' },
      { key: 'address', flags: '--address <address>', description: 'TRON address (base58 T... or hex 41...)' },
      { key: 'lists', flags: '--lists <names>', description: 'lists, comma separated: transactions,trc20' },
      { key: 'limit', flags: '--limit <n>', description: 'rows per page (at most 200)', default: '200' },
    ],
    run: ingest,
  },
  expansionSources: [trongridSourceFactory],
};
