// The `ledgerhound` command line: one file a command under cli/commands/, registered here.

import { Command } from 'commander';
import { registerEvmChains } from '../app/evm-chains.js';
import { limitHeapGrowth } from './heap-growth.js';
import { reportError } from './output.js';
import { toolInfo } from './tool-info.js';

interface CommandModule {
  register(program: Command): void;
}

// Commands (one file each, named as the command). Keep this list sorted. A run loads only the command
// it names: each command pulls in its own libraries (PDF, Neo4j driver, web server, chain codecs), and
// loading all of them would cost every run about a second and a half of CPU. Help, an unknown command
// (for commander's suggestion) and `help <command>` load them all.
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  address: () => import('./commands/address.js'),
  case: () => import('./commands/case.js'),
  cases: () => import('./commands/cases.js'),
  cluster: () => import('./commands/cluster.js'),
  communities: () => import('./commands/communities.js'),
  distribute: () => import('./commands/distribute.js'),
  expand: () => import('./commands/expand.js'),
  export: () => import('./commands/export.js'),
  'export-neo4j-csv': () => import('./commands/export-neo4j-csv.js'),
  hits: () => import('./commands/hits.js'),
  import: () => import('./commands/import.js'),
  'import-pack': () => import('./commands/import-pack.js'),
  ingest: () => import('./commands/ingest.js'),
  keygen: () => import('./commands/keygen.js'),
  keyring: () => import('./commands/keyring.js'),
  notes: () => import('./commands/notes.js'),
  prices: () => import('./commands/prices.js'),
  serve: () => import('./commands/serve.js'),
  share: () => import('./commands/share.js'),
  stats: () => import('./commands/stats.js'),
  trace: () => import('./commands/trace.js'),
  verify: () => import('./commands/verify.js'),
  victims: () => import('./commands/victims.js'),
  watch: () => import('./commands/watch.js'),
};

/** The command names `argv` needs registered: the one it names, or all of them. */
export function commandsFor(argv: readonly string[]): string[] {
  // The program has no options of its own that take a value, so the first word is the command.
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
}

export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('ledgerhound')
    .description('Exact, explainable, reproducible tracing of victim payments to cash-out points')
    .version(toolInfo().version)
    .showHelpAfterError()
    .exitOverride((err) => {
      // Usage errors (unknown option, missing argument) exit 2 like INVALID_INPUT; --help/--version exit 0.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  const modules = await Promise.all(commandsFor(argv).map((name) => COMMANDS[name]()));
  for (const mod of modules) mod.register(program);
  return program;
}

limitHeapGrowth();
try {
  registerEvmChains(process.env.LEDGERHOUND_EVM_CHAINS);
} catch (e) {
  reportError(e);
  process.exit(process.exitCode ?? 2);
}
await (await buildProgram()).parseAsync(process.argv);
