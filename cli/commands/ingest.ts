// `ledgerhound ingest <family>`: fetch chain data into the store. This file only creates the `ingest`
// parent command; each chain family's subcommand is registered by a function from its own file.

import type { Command } from 'commander';
import { registerIngestBitcoin } from './ingest-bitcoin.js';
import { registerIngestEvm } from './ingest-evm.js';
import { registerIngestTron } from './ingest-tron.js';

export function register(program: Command): void {
  const ingest = program.command('ingest').description('fetch chain data (blocks, transactions, address histories) into the store');
  // Chain families, one registrar each. Keep this list sorted.
  registerIngestBitcoin(ingest);
  registerIngestEvm(ingest);
  registerIngestTron(ingest);
}
