// What the commands that fetch from nodes and APIs (ingest, expand) share: the transport options
// (`--rps`, `--raw-cache`, `--offline`, `--quiet`), their settings with retries shown on stderr, and a
// clean stop on Ctrl-C (the current batch is committed, the next run resumes).

import type { Command } from 'commander';
import { expansionSourceFactories } from '../app/chain-adapters.js';
import { transportSettings } from '../app/transport.js';

export interface FetchOptions {
  rps?: string;
  rawCache?: string;
  offline?: boolean;
  quiet?: boolean;
}

export function withFetchOptions(cmd: Command): Command {
  return cmd
    .option('--rps <n>', 'requests per second (default: the source\'s own: 4 for Etherscan, 10 for TronGrid, unlimited for a node)')
    .option('--raw-cache <dir>', 'raw response cache (default: LEDGERHOUND_RAW_CACHE, else raw/ beside the store)')
    .option('--offline', 'answer only from the raw cache (reproduce an earlier fetch without network)')
    .option('--quiet', 'no progress on stderr');
}

/** The options that select an expansion source (`--rpc`, `--esplora`, ...), each declared once. */
export function withExpansionSourceOptions(cmd: Command, describe: (description: string) => string = (d) => d): Command {
  const declared = new Set<string>();
  for (const f of expansionSourceFactories()) {
    for (const o of f.options) {
      if (declared.has(o.flags)) continue;
      declared.add(o.flags);
      cmd.option(o.flags, describe(o.description));
    }
  }
  return cmd;
}

/** Transport settings from the options; retries are reported on stderr unless --quiet. */
export function transportFor(opts: FetchOptions, storeLocation: string): ReturnType<typeof transportSettings> {
  return transportSettings(
    {
      rawCache: opts.rawCache ?? process.env.LEDGERHOUND_RAW_CACHE,
      offline: opts.offline,
      rps: opts.rps,
      onRetry: opts.quiet ? undefined : (e) => process.stderr.write(`retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s: ${e.url}: ${e.reason}\n`),
    },
    storeLocation,
    process.cwd(),
  );
}

/** Stops long ingests cleanly on Ctrl-C: the current batch is committed, the next run resumes. */
export function abortOnSigint(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = () => {
    process.stderr.write('\ninterrupted: finishing the current batch (run again to resume)\n');
    controller.abort();
  };
  process.once('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
