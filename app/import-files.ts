// Use case `import <files...>`: every file is checked first (exists, is text), then each is imported
// atomically into the store (interchange records, tags, TagPacks, address lists, STIX/MISP documents).

import type { AddressListOptions } from '../adapters/files/address-list.js';
import { isExplorerImportFormat } from '../adapters/files/explorer-transfers.js';
import { type ExplorerFileOptions, importFile, type ImportFileResult } from '../adapters/files/import-files.js';
import { requireTextFiles } from '../adapters/files/text-check.js';
import { invalidInput } from '../src/errors.js';
import { isTagCategory, type TagCategory } from '../src/model/tag.js';
import type { GraphStore } from '../src/ports.js';

/** Settings of address lists (one label for every address of a file), as typed. */
export interface AddressListInput {
  chain?: string;
  label?: string;
  category?: string;
  confidence?: string;
  source?: string;
  strict?: boolean;
}

/** Checks the typed address-list settings (INVALID_INPUT naming the option). */
export function parseAddressListOptions(input: AddressListInput): AddressListOptions {
  if (input.category !== undefined && !isTagCategory(input.category)) throw invalidInput(`unknown category "${input.category}"`, { field: '--category' });
  const confidence = input.confidence === undefined ? undefined : Number(input.confidence);
  if (confidence !== undefined && !(/^\d+$/.test(input.confidence ?? '') && confidence <= 100)) {
    throw invalidInput('confidence must be an integer from 0 to 100', { field: '--confidence' });
  }
  return { chain: input.chain, label: input.label, category: input.category as TagCategory | undefined, confidence, source: input.source, strict: input.strict };
}

/** Settings of block-explorer exports, as typed (`--format`, `--chain`, `--asset`, `--complete-from`). */
export interface ExplorerInput {
  format?: string;
  chain?: string;
  asset?: string;
  completeFrom?: string;
}

/** Checks the typed explorer-export settings (INVALID_INPUT naming the option). */
export function parseExplorerOptions(input: ExplorerInput): ExplorerFileOptions {
  if (input.format !== undefined && !isExplorerImportFormat(input.format)) {
    throw invalidInput(`unknown format "${input.format}" (etherscan-tokens, etherscan-txs, etherscan-internal, tronscan)`, { field: '--format' });
  }
  if (input.completeFrom !== undefined && !/^(etherscan:)?https?:\/\//.test(input.completeFrom)) throw invalidInput('must be an http(s) URL of a chain source', { field: '--complete-from' });
  return { format: input.format, chain: input.chain, asset: input.asset, completeFrom: input.completeFrom };
}

/** Refuses a missing, binary or unreadable file before any store is opened. */
export function checkImportFiles(files: string[]): Promise<void> {
  return requireTextFiles(files);
}

/** Imports one file atomically. */
export function importOneFile(store: GraphStore, file: string, list: AddressListOptions, onProgress?: (records: number) => void, explorer?: ExplorerFileOptions): Promise<ImportFileResult> {
  return importFile(store, file, { onProgress, list, explorer });
}
