// Writes a stream of record parts as one atomic import: through the store's own streaming import when
// it has one (SQLite: one transaction across the parts), else gathered into a single importBatch.

import type { GraphStore, ImportPart, ImportSource, ImportSummary } from '../../src/ports.js';

export async function writeParts(store: GraphStore, source: ImportSource, parts: AsyncIterable<ImportPart>): Promise<ImportSummary> {
  if (store.importStream) return store.importStream(source, parts);
  const all: Required<ImportPart> = { transfers: [], transactions: [], tags: [], conversions: [] };
  for await (const part of parts) {
    for (const t of part.transfers ?? []) all.transfers.push(t);
    for (const t of part.transactions ?? []) all.transactions.push(t);
    for (const t of part.tags ?? []) all.tags.push(t);
    for (const c of part.conversions ?? []) all.conversions.push(c);
  }
  return store.importBatch({ source, ...all });
}
