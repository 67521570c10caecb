// Visibility of staged imports on Neo4j (issue 18, docs/neo4j.md "Imports of any size"). Every record
// written by a staged import carries `imp`, the import's number; the namespace's :Store node holds
// `visibleBelow`, and a record is visible when `coalesce(imp, 0) < visibleBelow` (records written in one
// transaction carry no `imp` and are visible once that transaction commits). An import takes the number
// `visibleBelow` while holding the namespace's write lock and raises it by one in the transaction that
// commits it: that single write makes the whole import visible at once. Every read statement reads the
// watermark once, at its start (WITH_VIS), so a statement sees an import wholly or not at all.
// `visibleBelow` 0 hides every record: a case being deleted (case-admin.ts).

/** The watermark when a namespace has no :Store node or none set (first import is number 1). */
export const FIRST_IMPORT = 1;

/** Binds `vis` (the namespace's watermark, read once) for the rest of the statement. */
export const WITH_VIS = `OPTIONAL MATCH (visStore:Store {ns: $ns}) WITH coalesce(visStore.visibleBelow, ${FIRST_IMPORT}) AS vis`;

/** Whether the record bound to `x` is visible (needs `vis` in scope: WITH_VIS). */
export function visible(x: string): string {
  return `coalesce(${x}.imp, 0) < vis`;
}
