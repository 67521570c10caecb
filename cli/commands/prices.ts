// `ledgerhound prices import <file> --format coingecko|kraken|coinmarketcap --asset BTC`: a CoinGecko or
// CoinMarketCap historical data CSV or a Kraken OHLCVT CSV as prices.csv (FORMATS.md v2), on stdout or into `--out`.

import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { convertPriceExport } from '../../app/restitution.js';
import { invalidInput } from '../../src/errors.js';
import { PRICE_EXPORT_FORMATS, type PriceExportFormat } from '../../src/pricing/price-imports.js';
import { action } from '../output.js';

interface PricesImportOptions {
  format: string;
  asset: string;
  currency: string;
  source?: string;
  out?: string;
  force?: boolean;
}

export function register(program: Command): void {
  const prices = program.command('prices').description('price tables (prices.csv)');
  prices
    .command('import')
    .description('convert a CoinGecko or CoinMarketCap historical data CSV or a Kraken OHLCVT CSV into prices.csv rows')
    .argument('<file>', 'the export')
    .requiredOption('--format <format>', 'coingecko | kraken | coinmarketcap')
    .requiredOption('--asset <asset>', 'the asset as in transfers: BTC, ETH, erc20:<contract>, ...')
    .option('--currency <code>', "the export's currency", 'USD')
    .option('--source <text>', 'the source written on each row (default: the format and file name)')
    .option('--out <file>', 'write prices.csv here (default: stdout)')
    .option('--force', 'overwrite --out if it exists')
    .action(
      action(async (file: string, opts: PricesImportOptions) => {
        if (!PRICE_EXPORT_FORMATS.includes(opts.format as PriceExportFormat)) throw invalidInput(`must be one of ${PRICE_EXPORT_FORMATS.join(', ')}`, { field: '--format' }, { value: opts.format });
        if (opts.out && existsSync(opts.out) && !opts.force) throw invalidInput(`${opts.out} exists (use --force to overwrite)`, { field: '--out' }, { value: opts.out });
        const { text, rows } = await convertPriceExport({ file, format: opts.format as PriceExportFormat, asset: opts.asset, currency: opts.currency, source: opts.source });
        if (opts.out) {
          writeFileSync(opts.out, text);
          process.stderr.write(`wrote ${rows} price(s) to ${opts.out}\n`);
        } else process.stdout.write(text);
      }),
    );
}
