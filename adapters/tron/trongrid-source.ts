// ExpansionSource (src/ports.ts) for TRON through TronGrid: an address's TRX and TRC-20 transfers
// (history.ts) filtered by direction. TronGrid has no cheap transaction count, so getActivityCount
// counts what one page of each list holds and reports "at least" that many (capped by the page size):
// an address that fills both first pages is treated as busy.

import { normalizeAddress } from '../../src/model/address.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { ExpansionSource, ExpansionSourceFactory } from '../../src/ports.js';
import type { TransportSettings } from '../http/http-client.js';
import type { RecordingExpansionSource } from '../expand/engine.js';
import { recordRawRefs } from '../http/record-raw-refs.js';
import { fetchTronTransfers, type TronPageOptions } from './history.js';
import { TronGridClient } from './trongrid-client.js';

export class TronGridExpansionSource implements ExpansionSource {
  readonly chain = 'tron';
  readonly description: string;
  private readonly cache = new Map<string, AccountTransfer[]>();

  constructor(
    private readonly client: TronGridClient,
    private readonly pages: TronPageOptions = {},
  ) {
    this.description = `trongrid:${client.displayUrl}`;
  }

  async getTransfersOf(address: string, direction: 'in' | 'out' | 'both'): Promise<AccountTransfer[]> {
    const a = normalizeAddress('tron', address);
    let all = this.cache.get(a);
    if (!all) {
      all = await fetchTronTransfers(this.client, a, this.pages);
      this.cache.set(a, all);
    }
    return all.filter((t) => direction === 'both' || (direction === 'out' ? t.from === a : t.to === a));
  }

  async getActivityCount(address: string): Promise<number | undefined> {
    const a = normalizeAddress('tron', address);
    let n = 0;
    for (const path of [`v1/accounts/${a}/transactions`, `v1/accounts/${a}/transactions/trc20`]) {
      const page = await this.client.getPage<unknown>(path, { limit: 200, only_confirmed: true });
      n += page.data.length;
    }
    return n;
  }
}

/** `expand --trongrid URL`: the registry entry (the tron adapter, adapters/tron/index.ts). */
export const trongridSourceFactory: ExpansionSourceFactory<TransportSettings, RecordingExpansionSource> = {
  key: 'trongrid',
  family: 'tron',
  options: [{ key: 'trongrid', flags: '--trongrid <url>', description: 'TronGrid URL for TRON (key: TRONGRID_API_KEY)' }],
  async create(values, ctx) {
    const client = new TronGridClient({ url: values.trongrid as string, ...ctx.transport });
    return recordRawRefs(new TronGridExpansionSource(client), client.http);
  },
};
