// Use cases `victims <case>` and `distribute <case> --seized FILE`: trace a case file (trace-case-file.ts),
// optionally load a price table, and build per-victim statements or the distribution of recorded
// seizures and exchange returns (src/restitution/); and third-party price exports as prices.csv. Plain async functions:
// nothing printed, no process access.

import { basename } from 'node:path';
import { readPriceExport } from '../adapters/files/price-exports.js';
import { readPricesCsv } from '../adapters/files/prices-csv.js';
import { readExchangeReturns } from '../adapters/files/exchange-returns.js';
import { readIntakeCsv } from '../adapters/files/intake-csv.js';
import { readSeizures } from '../adapters/files/seizures.js';
import { invalidInput } from '../src/errors.js';
import { type PriceExportFormat, pricesCsvText } from '../src/pricing/price-imports.js';
import { buildPriceTable, type PriceTable } from '../src/pricing/price-table.js';
import { type Distribution, distributeSeizures, type Seizure } from '../src/restitution/distribution.js';
import { type ExchangeReturn, returnsAsSeizures } from '../src/restitution/exchange-returns.js';
import { fiatLossesOf, type MissingPrice } from '../src/restitution/fiat-losses.js';
import { buildVictimStatements, type VictimStatements } from '../src/restitution/victim-statements.js';
import type { VictimPerson, VictimStatementSet } from '../src/evidence/victim-statement.js';
import { type PersonTotals, personTotals } from '../src/restitution/victim-person-totals.js';
import { packVictimStatements } from './export-pack.js';
import type { TraceOptions } from '../src/tracing/trace-case.js';
import { type StoreChoice, withStore } from './store.js';
import { readCaseFile, traceLoadedCase } from './trace-case-file.js';

export interface RestitutionInput {
  caseFile: string;
  /** Where the store is (the case's default store when absent). */
  store: Omit<StoreChoice, 'caseFile'>;
  /** Trace setting overrides (app/trace-settings.ts). */
  overrides?: TraceOptions;
  /** Import the case's sources first (default true; false opens the store read-only). */
  importSources?: boolean;
  /** prices.csv (FORMATS.md v2). */
  pricesFile?: string;
  /** Fiat currency (default USD). */
  currency?: string;
  /** Value USDT/USDC at 1 USD where no price row applies (default true). */
  stablecoinRule?: boolean;
}

async function loadPrices(input: RestitutionInput): Promise<PriceTable | undefined> {
  if (input.pricesFile === undefined) return undefined;
  return loadPriceTable(input.pricesFile, { stablecoinRule: input.stablecoinRule });
}

async function traced(input: RestitutionInput) {
  const loaded = await readCaseFile(input.caseFile);
  const prices = await loadPrices(input);
  const importSources = input.importSources !== false;
  const run = await withStore({ ...input.store, caseFile: loaded.path, readOnly: !importSources }, (store) =>
    traceLoadedCase(store, loaded, { overrides: input.overrides, importSources, flows: true }),
  );
  return { run: run.run, prices, kase: loaded.kase };
}

/** Per-victim statements of a case. */
export async function victimStatementsOfCase(input: RestitutionInput): Promise<VictimStatements> {
  const { run, prices } = await traced(input);
  return buildVictimStatements(run.result, run.flows, { prices, currency: input.currency });
}

/** One victim person of `victims <case>`: the pack statements' grouping plus totals over their payments. */
export type VictimPersonStatement = Omit<VictimPerson, 'file'> & { totals: PersonTotals };

export interface VictimPersonStatements extends Omit<VictimStatementSet, 'victims'> {
  version: 2;
  victims: VictimPersonStatement[];
}

/**
 * Per-victim statements grouped by person (`victims <case>`): the same grouping as the pack's
 * `victims/<id>` statements (src/evidence/victim-statement.ts: intake row by chain and transaction, else
 * the id stem `alice-2` -> `alice`), with the person's totals, and each seizure's shares with `seizuresFile`.
 */
export async function victimPersonsOfCase(input: RestitutionInput & { intakeFile?: string; seizuresFile?: string }): Promise<VictimPersonStatements> {
  const intake = input.intakeFile === undefined ? undefined : await readIntakeCsv(input.intakeFile);
  const seizures = input.seizuresFile === undefined ? undefined : await readSeizures(input.seizuresFile);
  const { run, prices, kase } = await traced(input);
  const set = packVictimStatements(kase, run, { intake, seizures, prices, currency: input.currency });
  const out: VictimPersonStatements = { version: 2, case: set.case, policy: set.policy, victims: [], missingPrices: set.missingPrices };
  if (set.currency !== undefined) out.currency = set.currency;
  for (const { file: _file, ...person } of set.victims) out.victims.push({ ...person, totals: personTotals(person.payments) });
  return out;
}

export interface DistributeCaseResult {
  distribution: Distribution;
  /** Victim payments without a price (pari passu then weighs traced amounts of the seized asset). */
  missingPrices: MissingPrice[];
  /** The exchange returns read, with their restricted personal data (court-audience output only). */
  returns: ExchangeReturn[];
}

/** The distribution of the seizures in `seizuresFile` and the sums in an exchange's `returnsFile` among the case's victims. */
export async function distributeCase(input: RestitutionInput & { seizuresFile?: string; returnsFile?: string }): Promise<DistributeCaseResult> {
  if (input.seizuresFile === undefined && input.returnsFile === undefined) throw invalidInput('give seizures (--seized) or exchange returns (--returns)', { field: '--seized' });
  const seizures: Seizure[] = input.seizuresFile === undefined ? [] : await readSeizures(input.seizuresFile);
  const returns = input.returnsFile === undefined ? [] : await readExchangeReturns(input.returnsFile);
  for (const r of returns) {
    if (seizures.some((s) => s.id === r.reference)) throw invalidInput(`reference "${r.reference}" is also a seizure id in ${input.seizuresFile}`, { file: input.returnsFile, field: 'reference' }, { value: r.reference });
  }
  seizures.push(...returnsAsSeizures(returns));
  const { run, prices } = await traced(input);
  const fiat = prices ? fiatLossesOf(run.result, prices, input.currency ?? 'USD') : undefined;
  const distribution = distributeSeizures(run.result, seizures, { fiat });
  return { distribution, missingPrices: fiat?.missing ?? [], returns };
}

/** Reads prices.csv into a lookup table (`trace --prices`, `victims`, `distribute`). */
export async function loadPriceTable(file: string, options: { stablecoinRule?: boolean } = {}): Promise<PriceTable> {
  return buildPriceTable(await readPricesCsv(file), options);
}

const EXPORT_SOURCE: Record<PriceExportFormat, string> = {
  coingecko: 'CoinGecko historical data',
  kraken: 'Kraken OHLCVT (open)',
  coinmarketcap: 'CoinMarketCap historical data (open)',
};

/** A CoinGecko, Kraken or CoinMarketCap export as prices.csv text (`prices import`). */
export async function convertPriceExport(input: { file: string; format: PriceExportFormat; asset: string; currency: string; source?: string }): Promise<{ text: string; rows: number }> {
  const source = input.source ?? `${EXPORT_SOURCE[input.format]}: ${basename(input.file)}`;
  const rows = await readPriceExport(input.file, input.format, { asset: input.asset, currency: input.currency.toUpperCase(), source });
  return { text: pricesCsvText(rows), rows: rows.length };
}
