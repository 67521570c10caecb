// `ledgerhound ingest tron --trongrid URL --address ADDR`: a TRON address's TRX and TRC-20 history from
// TronGrid (key: TRONGRID_API_KEY, sent as a header). Each page is committed with its checkpoint; a
// second run resumes and adds only what is new. Raw answers go to the raw cache.

import type { Command } from 'commander';
import { ingestTronAddress, TRON_LISTS, type TronList } from '../../adapters/tron/history.js';
import { TronGridClient } from '../../adapters/tron/trongrid-client.js';
import { invalidInput } from '../../src/errors.js';
import { normalizeAddress, tronHexToBase58 } from '../../src/model/address.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { abortOnSigint, rawCacheFor } from '../fetch-options.js';
import { createProgress } from '../progress.js';

interface IngestTronOptions extends CommonOptions {
  trongrid: string;
  address: string;
  lists?: string;
  limit: string;
  rps?: string;
  rawCache?: string;
  offline?: boolean;
  quiet?: boolean;
}

export function registerIngestTron(ingest: Command): void {
  withCommonOptions(
    ingest
      .command('tron')
      .description("ingest a TRON address's TRX and TRC-20 history from TronGrid")
      .requiredOption('--trongrid <url>', 'TronGrid URL, e.g. https://api.trongrid.io (key: TRONGRID_API_KEY)')
      .requiredOption('--address <address>', 'TRON address (base58 T... or hex 41...)')
      .option('--lists <names>', 'lists, comma separated: transactions,trc20')
      .option('--limit <n>', 'rows per page (at most 200)', '200')
      .option('--rps <n>', 'requests per second', '10')
      .option('--raw-cache <dir>', 'raw response cache (default: LEDGERHOUND_RAW_CACHE, else raw/ beside the store)')
      .option('--offline', 'answer only from the raw cache')
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (opts: IngestTronOptions) => {
      let address = opts.address;
      if (/^(0x)?41[0-9a-fA-F]{40}$/.test(address)) address = tronHexToBase58(address);
      address = normalizeAddress('tron', address, { field: '--address' });
      const lists = opts.lists ? (opts.lists.split(',').map((s) => s.trim()) as TronList[]) : undefined;
      if (lists?.some((l) => !TRON_LISTS.includes(l))) throw invalidInput(`lists are ${TRON_LISTS.join(', ')}`, { field: '--lists' });
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalidInput('must be an integer from 1 to 200', { field: '--limit' });
      const rps = Number(opts.rps ?? 10);
      if (!(rps >= 0)) throw invalidInput('must be a number >= 0', { field: '--rps' });
      const sigint = abortOnSigint();
      try {
        await withStore(opts, async (store) => {
          const client = new TronGridClient({ url: opts.trongrid, cache: rawCacheFor(opts, store.location), cacheMode: opts.offline ? 'offline' : 'read-write', requestsPerSecond: rps });
          const progress = createProgress({ label: 'ingest tron', unit: 'pages', quiet: opts.quiet || opts.json });
          const res = await ingestTronAddress(store, client, { address, lists, limit, signal: sigint.signal, onPage: () => progress.tick() });
          progress.done();
          if (opts.json) printJson({ store: store.location, source: client.displayUrl, chain: 'tron', ...res });
          else console.log(`ingest tron from ${client.displayUrl}: ${res.transfers.added} transfers added, ${res.transfers.existing} already stored (${res.pages} pages)${res.interrupted ? '; interrupted: run again to resume' : ''}`);
        });
      } finally {
        sigint.dispose();
      }
    }),
  );
}
