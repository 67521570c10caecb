// Reader of third-party price exports (CoinGecko historical CSV, Kraken OHLCVT; src/pricing/price-imports.ts)
// into prices.csv rows; a missing file is NOT_FOUND, a bad row INVALID_INPUT naming file, line and field.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LedgerhoundError } from '../../src/errors.js';
import { type PriceExportFormat, type PriceImportOptions, parsePriceExport } from '../../src/pricing/price-imports.js';
import type { PriceRow } from '../../src/pricing/price-table.js';

export async function readPriceExport(file: string, format: PriceExportFormat, options: Omit<PriceImportOptions, 'file'>): Promise<PriceRow[]> {
  if (!existsSync(file)) throw new LedgerhoundError('NOT_FOUND', `price export not found: ${file}`, { file });
  return parsePriceExport(format, await readFile(file, 'utf8'), { ...options, file });
}
