// Use case `ingest <family>`: fetch chain data into the store through the family's chain adapter
// (app/chain-adapters.ts), with the transport settings the caller chose; returns the adapter's report.

import type { TransportSettings } from '../adapters/http/http-client.js';
import type { GraphStore, IngestReport } from '../src/ports.js';
import { adapterFor } from './chain-adapters.js';

export interface IngestOptions {
  transport: TransportSettings;
  signal?: AbortSignal;
  onProgress?(done: number, unit: string): void;
}

/** Ingests with the adapter of `family`, from the option values it declares (INVALID_INPUT naming a bad one). */
export async function ingestFromSource(store: GraphStore, family: string, values: Record<string, unknown>, options: IngestOptions): Promise<IngestReport & { store: string }> {
  const report = await adapterFor(family).ingest.run(values, { store, transport: options.transport, signal: options.signal, onProgress: options.onProgress });
  return { store: store.location, ...report };
}
