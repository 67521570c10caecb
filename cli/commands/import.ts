// `ledgerhound import <files...>`: loads interchange, tag and address-list files into the store; each
// file atomically (all of it or none), re-imports change nothing.

import type { Command } from 'commander';
import { type AddressListInput, checkImportFiles, type ExplorerInput, importOneFile, parseAddressListOptions, parseExplorerOptions } from '../../app/import-files.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

type ImportFileResult = Awaited<ReturnType<typeof importOneFile>>;

interface ImportOptions extends CommonOptions, AddressListInput, Omit<ExplorerInput, 'chain'> {
  quiet?: boolean;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('import')
      .description('import transfers, UTXO transactions, tags, TagPacks, address lists and block-explorer CSV exports (each file atomically)')
      .argument('<files...>', 'files: .jsonl, .json, .csv (also Etherscan/Tronscan exports), .yaml (GraphSense TagPack), .txt (address list)')
      .option('--chain <chain>', 'address lists: chain of every address (default: from the file name or address form); Etherscan-family exports: their chain (default ethereum)')
      .option('--format <format>', 'block-explorer CSV export: etherscan-tokens, etherscan-txs, etherscan-internal or tronscan (default: recognised by the header)')
      .option('--complete-from <url>', 'explorer exports: chain source completing positions and ids: an EVM JSON-RPC URL, etherscan:URL (Etherscan-family API), TronGrid for Tronscan')
      .option('--asset <asset>', 'Tronscan exports without a Token column: the token (trc20:<contract> or TRX)')
      .option('--label <label>', 'address lists: label of every address')
      .option('--category <category>', 'address lists: category (exchange, scam, sanctioned, ...)')
      .option('--confidence <0-100>', 'address lists: confidence')
      .option('--source <source>', 'address lists: source attribution (default: file name)')
      .option('--strict', 'TagPacks and address lists: an invalid address fails the file instead of being reported and left out')
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (files: string[], opts: ImportOptions) => {
      const list = parseAddressListOptions(opts);
      const explorer = parseExplorerOptions(opts);
      // Every file is checked (exists, is a text file) before any is imported.
      await checkImportFiles(files);
      const results: ImportFileResult[] = [];
      await withStore(opts, async (store) => {
        for (const file of files) {
          const progress = createProgress({ label: `import ${file}`, quiet: opts.quiet });
          const result = await importOneFile(store, file, list, (n) => progress.set(n), explorer);
          progress.done();
          results.push(result);
          if (!opts.json) printResult(result);
        }
        if (opts.json) printJson({ store: store.location, files: results });
      });
    }),
  );
}

/** Rejected records listed on stderr per file; the rest are counted (all are in the --json output). */
const MAX_REJECTED_SHOWN = 20;

function printResult(r: ImportFileResult): void {
  const parts: string[] = [];
  for (const [name, c] of Object.entries(r.summary)) {
    if (c.added + c.existing > 0) parts.push(`${name}: ${c.added} added, ${c.existing} already stored`);
  }
  const skipped = Object.entries(r.skipped).map(([reason, n]) => `${n} skipped (${reason})`);
  const rejected = r.rejected.length > 0 ? [`${r.rejected.length} rejected (invalid address, see stderr)`] : [];
  console.log(`${r.file} [${r.kind}] ${r.records} records; ${[...parts, ...skipped, ...rejected].join('; ') || 'nothing to import'}`);
  if (r.explorer) {
    const c = r.explorer.completion;
    const how = [`${c.store} from the store`, `${c.source} from ${r.explorer.completeFrom ?? 'a chain source'}`, `${c.export} from the export alone`].filter((s) => !s.startsWith('0 '));
    console.log(`  ${r.explorer.format} on ${r.explorer.chain}: ids and positions ${how.join(', ') || 'none'}; ${c.positionUnknown} of unknown position in their block`);
  }
  for (const x of r.rejected.slice(0, MAX_REJECTED_SHOWN)) process.stderr.write(`${r.file}:${x.line}: ${x.field}: ${x.reason} (not imported)\n`);
  if (r.rejected.length > MAX_REJECTED_SHOWN) {
    process.stderr.write(`${r.file}: ... and ${r.rejected.length - MAX_REJECTED_SHOWN} more rejected (${r.rejected.length} in all; --json lists every one)\n`);
  }
}
