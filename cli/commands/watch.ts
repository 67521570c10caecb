// `ledgerhound watch <case>` (issue 17): polls the case's chain sources (--bitcoin-rpc, --evm-rpc nodes;
// --esplora, --etherscan, --trongrid APIs for the watched addresses, at most --rps requests a second)
// every --every, ingests what has --confirmations, brings the trace up to date, compares it with each
// --match-against and delivers `moved` / `arrived` / `new-match` / `source-failing` alerts (FORMATS.md v2
// "Alerts") to each --sink, at least once. One status line per poll on stderr; `--once` for cron.
// Use case app/watch-case.ts; docs/watch.md.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { keyringDirOf } from '../../app/keyring.js';
import { storeLocationOf } from '../../app/store.js';
import { parseTraceOverrides } from '../../app/trace-settings.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { openAlertSinks, type PollStatus, parseInterval, type WatchSourceChoice, watchCase, watchStateDir } from '../../app/watch-case.js';
import { invalidInput } from '../../src/errors.js';
import { parseWholeNumber } from '../../src/input-values.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { type FetchOptions, transportFor, withFetchOptions } from '../fetch-options.js';
import { action } from '../output.js';

interface WatchOptions extends CommonOptions, FetchOptions {
  every: string;
  confirmations: string;
  sink: string[];
  once?: boolean;
  bitcoinRpc?: string;
  bitcoinRpcCookie?: string;
  evmRpc?: string;
  evmChain?: string;
  esplora?: string;
  etherscan?: string;
  trongrid?: string;
  policy?: string;
  maxHops?: string;
  matchAgainst: string[];
  keyring?: string;
}

function matchPart(s: PollStatus): string {
  if (!s.matches) return '';
  return s.matches.error ? `matches FAILING (${s.matches.error}); ` : `${s.matches.hits} matches in ${s.matches.against} sources; `;
}

function statusLine(s: PollStatus): string {
  const sources = s.sources
    .map((x) => `${x.chain} ${x.error ? `FAILING (${x.error})` : x.addresses !== undefined ? `${x.addresses} addresses +${x.added}` : `block ${x.lastBlock} +${x.added}`}`)
    .join(', ');
  return `watch poll ${s.poll} ${s.time}: ${sources || 'no sources'}; ${s.watched} addresses watched; trace ${s.retraced ? 're-traced' : s.resumed ? 'resumed' : 'unchanged'}; ${matchPart(s)}${s.alerts} alerts, ${s.delivered} delivered, ${s.failed} failed\n`;
}

export function register(program: Command): void {
  const cmd = program
    .command('watch')
    .description('poll the chain sources for new activity of the traced funds and raise alerts (moved, arrived at a cash-out point)')
    .argument('<case>', 'case file (case.yaml or case.json)')
    .option('--every <interval>', 'pause between polls: 30s, 5m, 1h', '60s')
    .option('--confirmations <k>', 'blocks need k confirmations before they are ingested', '6')
    .option('--sink <sink>', 'where alerts go, repeatable: jsonl:FILE, webhook:URL (LEDGERHOUND_WEBHOOK_SECRET), exec:CMD, stdout', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--once', 'one poll, then exit (cron-style)')
    .option('--bitcoin-rpc <url>', 'Bitcoin Core / btcd JSON-RPC URL to poll (credentials: BITCOIN_RPC_USER/BITCOIN_RPC_PASSWORD or a cookie file)')
    .option('--bitcoin-rpc-cookie <file>', 'Bitcoin Core .cookie file')
    .option('--evm-rpc <url>', 'EVM node JSON-RPC URL to poll (default: LEDGERHOUND_EVM_RPC_URL when --evm-chain is given)')
    .option('--evm-chain <chain>', 'the chain of --evm-rpc / --etherscan (default ethereum)')
    .option('--esplora <url>', 'Esplora API to poll for the watched Bitcoin addresses (e.g. https://blockstream.info/api/)')
    .option('--etherscan <url>', 'Etherscan-compatible API to poll for the watched EVM addresses (key: ETHERSCAN_API_KEY)')
    .option('--trongrid <url>', 'TronGrid API to poll for the watched TRON addresses (key: TRONGRID_API_KEY)')
    .option('--match-against <location>', 'raise new-match when a case address appears in this store, case file, STIX bundle, MISP event or pack later; repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--keyring <dir>', 'names pack signers in new-match alerts (default: LEDGERHOUND_KEYRING, else ~/.config/ledgerhound/keyring)')
    .option('--policy <policy>', "tracing rule (default: the case file's)")
    .option('--max-hops <n>', "hop limit (default: the case file's)");
  withCommonOptions(withFetchOptions(cmd)).action(
    action(async (caseFile: string, opts: WatchOptions) => {
      const everyMs = parseInterval(opts.every);
      const confirmations = parseWholeNumber(opts.confirmations, '--confirmations');
      const overrides = parseTraceOverrides({ policy: opts.policy, maxHops: opts.maxHops });
      const sources: WatchSourceChoice[] = [];
      if (opts.bitcoinRpc) sources.push({ family: 'utxo', rpc: opts.bitcoinRpc, rpcCookie: opts.bitcoinRpcCookie });
      const evmRpc = opts.evmRpc ?? (opts.evmChain ? process.env.LEDGERHOUND_EVM_RPC_URL : undefined);
      if (evmRpc) sources.push({ family: 'evm', rpc: evmRpc, chain: opts.evmChain });
      if (opts.esplora) sources.push({ family: 'esplora', url: opts.esplora });
      if (opts.etherscan) sources.push({ family: 'etherscan', url: opts.etherscan, chain: opts.evmChain });
      if (opts.trongrid) sources.push({ family: 'trongrid', url: opts.trongrid });
      if (sources.length === 0 && opts.matchAgainst.length === 0) {
        throw invalidInput('give a chain source to poll (--bitcoin-rpc, --evm-rpc, --esplora, --etherscan, --trongrid URL) or --match-against', { field: '--bitcoin-rpc' });
      }
      // Locations are kept absolute: a match's id names its source, the same after a restart from elsewhere.
      const matchAgainst = opts.matchAgainst.map((a) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(a) ? a : resolve(a)));
      const specs = opts.sink.length > 0 ? opts.sink : ['stdout'];
      const loaded = await readCaseFile(caseFile);
      // Sinks are checked before any store is opened or created.
      const sinks = openAlertSinks(specs, {
        cwd: process.cwd(),
        stateDir: watchStateDir(storeLocationOf({ store: opts.store, caseFile }), process.cwd()),
        stdout: process.stdout,
        env: process.env,
        webhookSecret: process.env.LEDGERHOUND_WEBHOOK_SECRET,
      });
      const controller = new AbortController();
      const stop = () => {
        process.stderr.write('watch: stopping after this poll\n');
        controller.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await withStore({ ...opts, caseFile }, async (store) => {
          await watchCase(store, loaded, {
            sources,
            sinks,
            transport: transportFor(opts, store.location),
            confirmations,
            everyMs,
            once: opts.once,
            overrides,
            matchAgainst,
            keyringDir: keyringDirOf(opts.keyring),
            signal: controller.signal,
            onPoll: opts.quiet ? undefined : (s) => process.stderr.write(statusLine(s)),
          });
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    }),
  );
}
