// The `ledgerhound` command line: one file a command under cli/commands/, registered here.

import { Command } from 'commander';
import { registerEvmChains } from '../app/chain-adapters.js';
import * as address from './commands/address.js';
import * as caseCommand from './commands/case.js';
import * as cases from './commands/cases.js';
import * as cluster from './commands/cluster.js';
import * as communities from './commands/communities.js';
import * as distribute from './commands/distribute.js';
import * as expand from './commands/expand.js';
import * as exportCommand from './commands/export.js';
import * as exportNeo4jCsv from './commands/export-neo4j-csv.js';
import * as hits from './commands/hits.js';
import * as importCommand from './commands/import.js';
import * as importPack from './commands/import-pack.js';
import * as ingest from './commands/ingest.js';
import * as keygen from './commands/keygen.js';
import * as keyring from './commands/keyring.js';
import * as notes from './commands/notes.js';
import * as prices from './commands/prices.js';
import * as serve from './commands/serve.js';
import * as share from './commands/share.js';
import * as stats from './commands/stats.js';
import * as trace from './commands/trace.js';
import * as verify from './commands/verify.js';
import * as victims from './commands/victims.js';
import * as watch from './commands/watch.js';
import { reportError } from './output.js';
import { toolInfo } from './tool-info.js';

export function buildProgram(): Command {
  const program = new Command('ledgerhound')
    .description('Exact, explainable, reproducible tracing of victim payments to cash-out points')
    .version(toolInfo().version)
    .showHelpAfterError()
    .exitOverride((err) => {
      // Usage errors (unknown option, missing argument) exit 2 like INVALID_INPUT; --help/--version exit 0.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  // Commands (one file each). Keep this list sorted.
  address.register(program);
  caseCommand.register(program);
  cases.register(program);
  cluster.register(program);
  communities.register(program);
  distribute.register(program);
  expand.register(program);
  exportCommand.register(program);
  exportNeo4jCsv.register(program);
  hits.register(program);
  importCommand.register(program);
  importPack.register(program);
  ingest.register(program);
  keygen.register(program);
  keyring.register(program);
  notes.register(program);
  prices.register(program);
  serve.register(program);
  share.register(program);
  stats.register(program);
  trace.register(program);
  verify.register(program);
  victims.register(program);
  watch.register(program);
  return program;
}

try {
  registerEvmChains(process.env.LEDGERHOUND_EVM_CHAINS);
} catch (e) {
  reportError(e);
  process.exit(process.exitCode ?? 2);
}
await buildProgram().parseAsync(process.argv);
