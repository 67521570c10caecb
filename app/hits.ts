// Use case `hits <case> --against ...`: the addresses this case has in common with other stores, STIX
// bundles, MISP events and evidence packs (issue 15; src/sharing/cross-case-hits.ts). Our side is the
// case's own trace (traceLoadedCase). Each other side, by what it is:
// - a pack directory (manifest.json): its files must match its manifest (no trust is needed to compare,
//   the signer is reported, with its keyring name when known); roles from its trace.json and flows.csv,
//   tags from its data (read into a temporary store);
// - a STIX bundle or MISP event (.json): its tags (role `tagged`, or the role our own shares record);
// - a case file (.yaml/.yml): its default store, traced read-only;
// - a store (SQLite path, Neo4j URL): traced when a case file sits beside it (`<dir>/.ledgerhound/case.db`
//   next to `<dir>/case.yaml`), else `tagged` or `seen` for our addresses found in its tags or data;
// - a Neo4j URL with `?namespace=*` (or `<prefix>*`): every other case on that server, in one query.
// Prints nothing.

import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { type LoadedCase, loadCaseFile } from '../adapters/files/case-file.js';
import { readPackListing } from './export-pack.js';
import { packDataFiles, refuseStatementOnlyPack } from './retrace-pack.js';
import { readPackRun } from '../adapters/files/evidence-pack-run.js';
import { importFiles } from '../adapters/files/import-files.js';
import { readKeyring } from '../adapters/files/keyring.js';
import { readSharingDocument } from '../adapters/files/sharing-document.js';
import { namespacePattern } from '../graph/neo4j/cross-namespace.js';
import { openStore } from '../graph/open-store.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { invalidInput, LedgerhoundError } from '../src/errors.js';
import { publicKeyFingerprint } from '../src/evidence/manifest.js';
import { checkPack } from '../src/evidence/verify-pack.js';
import { isUtxoChain } from '../src/model/chain.js';
import type { Tag } from '../src/model/tag.js';
import type { TraceRun } from '../src/model/trace-result.js';
import type { GraphStore } from '../src/ports.js';
import { type AddressActivity, addressKey, caseAddressRoles } from '../src/sharing/address-roles.js';
import { type CrossCaseHit, feedActivity, findCrossCaseHits, type HitIndex, type HitSideKind } from '../src/sharing/cross-case-hits.js';
import { packIdOf } from './import-pack.js';
import { traceLoadedCase } from './trace-case-file.js';

export interface HitsOptions {
  /** Stores, case files, STIX bundles, MISP events and pack directories to compare with. */
  against: readonly string[];
  /** Import the case's sources first (default true). */
  importSources?: boolean;
  /** Keyring whose names are given to pack signers. */
  keyringDir?: string;
  onProgress?: (stage: 'import' | 'trace', done: number) => void;
}

export interface HitsAgainst {
  against: string;
  kind: HitSideKind;
  name?: string;
  /** Addresses with a role on that side (for a bare store: of ours found there). */
  addresses: number;
  /** `traced` (a case's or a pack's trace), `tags` (a feed) or `lookup` (a store without a case). */
  roles: 'traced' | 'tags' | 'lookup';
  /** Packs: the signer's key fingerprint and keyring name. The signature is checked with the pack's own key. */
  signer?: { fingerprint: string; name?: string };
}

export interface HitsResult {
  case: string;
  addresses: number;
  against: HitsAgainst[];
  hits: CrossCaseHit[];
}

type Tags = Map<string, Tag[]>;

async function tagsFor(store: GraphStore, keys: Iterable<AddressActivity>): Promise<Tags> {
  const out: Tags = new Map();
  for (const a of keys) out.set(addressKey(a.chain, a.address), await store.tagsOf(a.chain, a.address));
  return out;
}

const indexOf = (against: string, kind: HitSideKind, name: string | undefined, activity: Map<string, AddressActivity>, tags: Tags): HitIndex => ({
  against,
  kind,
  ...(name !== undefined ? { name } : {}),
  activity,
  tagsOf: (chain, address) => tags.get(addressKey(chain, address)) ?? [],
});

/** The case file beside a default store (`<dir>/.ledgerhound/case.db` -> `<dir>/case.yaml`), if any. */
function caseFileBeside(location: string): string | undefined {
  const dir = dirname(resolve(location));
  if (basename(dir) !== '.ledgerhound') return undefined;
  return ['case.yaml', 'case.yml', 'case.json'].map((n) => join(dirname(dir), n)).find((f) => existsSync(f));
}

async function packSide(dir: string, ours: Map<string, AddressActivity>, keyringDir: string | undefined): Promise<{ index: HitIndex; info: HitsAgainst }> {
  const listing = await readPackListing(dir);
  const check = checkPack(listing);
  if (!check.ok || !check.manifest) {
    throw new LedgerhoundError('INTEGRITY', `evidence pack ${dir} does not verify: ${check.problems.map((p) => `${p.kind} ${p.path}`).join('; ')}`, {
      pack: dir,
      files: [...new Set(check.problems.map((p) => p.path))],
      problems: check.problems,
    });
  }
  const manifest = check.manifest;
  refuseStatementOnlyPack(dir, manifest, 'hits');
  const run = await readPackRun(dir, manifest);
  const activity = caseAddressRoles(run.result, run.flows);
  const tmp = await mkdtemp(join(tmpdir(), 'ledgerhound-hits-'));
  let tags: Tags;
  try {
    const store = openSqliteStore(join(tmp, 'pack.db'));
    try {
      await importFiles(store, (await packDataFiles(dir, manifest)).dataFiles);
      tags = await tagsFor(store, [...ours.values()].filter((a) => activity.has(addressKey(a.chain, a.address))));
    } finally {
      await store.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const name = packIdOf(manifest);
  const info: HitsAgainst = { against: dir, kind: 'pack', name, addresses: activity.size, roles: 'traced' };
  if (listing.publicKeyText !== undefined && check.signature === 'valid') {
    const fingerprint = publicKeyFingerprint(listing.publicKeyText);
    const known = keyringDir !== undefined ? (await readKeyring(keyringDir)).find((k) => k.fingerprint === fingerprint) : undefined;
    info.signer = { fingerprint, ...(known ? { name: known.name } : {}) };
  }
  return { index: indexOf(dir, 'pack', name, activity, tags), info };
}

async function feedSide(file: string): Promise<{ index: HitIndex; info: HitsAgainst } | undefined> {
  const doc = await readSharingDocument(file);
  if (!doc) return undefined;
  const kind: HitSideKind = doc.document.format === 'stix' ? 'stix-bundle' : 'misp-event';
  const activity = feedActivity(doc.tags);
  const tags: Tags = new Map();
  for (const t of doc.tags) {
    const k = addressKey(t.chain, t.address);
    tags.set(k, [...(tags.get(k) ?? []), t]);
  }
  const name = (doc.document as { id?: string }).id;
  return { index: indexOf(file, kind, name, activity, tags), info: { against: file, kind, ...(name ? { name } : {}), addresses: activity.size, roles: 'tags' } };
}

async function storeSide(location: string, caseFile: string | undefined, ours: Map<string, AddressActivity>): Promise<{ index: HitIndex; info: HitsAgainst }> {
  const store = await openStore(location, { readOnly: true });
  try {
    if (caseFile !== undefined) {
      const loaded = await loadCaseFile(caseFile);
      const { run } = await traceLoadedCase(store, loaded, { importSources: false });
      const activity = caseAddressRoles(run.result, run.flows);
      const tags = await tagsFor(store, [...ours.values()].filter((a) => activity.has(addressKey(a.chain, a.address))));
      return { index: indexOf(location, 'case', loaded.kase.name, activity, tags), info: { against: location, kind: 'case', name: loaded.kase.name, addresses: activity.size, roles: 'traced' } };
    }
    // No case: our addresses looked up in its tags and data.
    const activity = new Map<string, AddressActivity>();
    const tags = await tagsFor(store, ours.values());
    for (const [k, a] of ours) {
      const direct = (tags.get(k) ?? []).filter((t) => !t.inferredFrom);
      const seen = direct.length > 0 || (await hasRecords(store, a.chain, a.address));
      if (seen) activity.set(k, { chain: a.chain, address: a.address, roles: [direct.length > 0 ? 'tagged' : 'seen'], amounts: [] });
    }
    return { index: indexOf(location, 'store', undefined, activity, tags), info: { against: location, kind: 'store', addresses: activity.size, roles: 'lookup' } };
  } finally {
    await store.close();
  }
}

/**
 * A Neo4j URL naming many namespaces (`?namespace=*`, or `<prefix>*`): every such case on the server
 * (but ours) as a side of its own, `tagged` or `seen` like a bare store, all found by one query
 * (graph/neo4j/cross-namespace.ts) instead of one store opened and queried per namespace.
 */
async function namespaceSides(location: string, pattern: string, own: GraphStore, ours: Map<string, AddressActivity>): Promise<{ index: HitIndex; info: HitsAgainst }[]> {
  const { openNeo4jStore } = await import('../graph/neo4j/neo4j-store.js');
  const { lookupAcrossNamespaces, namespaceUrl } = await import('../graph/neo4j/cross-namespace.js');
  const url = new URL(location);
  url.searchParams.delete('namespace');
  const server = await openNeo4jStore({ url: url.toString() });
  try {
    const ownNamespace = own.kind === 'neo4j' && new URL(own.location).host === url.host ? (own as { namespace?: string }).namespace : undefined;
    const found = await lookupAcrossNamespaces(server, [...ours.values()], { prefix: pattern.slice(0, -1), ...(ownNamespace ? { exclude: ownNamespace } : {}) });
    return [...found].map(([ns, findings]) => {
      const activity = new Map<string, AddressActivity>();
      const tags: Tags = new Map();
      for (const f of findings) {
        const k = addressKey(f.chain, f.address);
        tags.set(k, f.tags);
        const direct = f.tags.filter((t) => !t.inferredFrom);
        if (direct.length > 0 || f.seen) activity.set(k, { chain: f.chain, address: f.address, roles: [direct.length > 0 ? 'tagged' : 'seen'], amounts: [] });
      }
      const against = namespaceUrl(location, ns);
      return { index: indexOf(against, 'store', ns, activity, tags), info: { against, kind: 'store' as const, name: ns, addresses: activity.size, roles: 'lookup' as const } };
    });
  } finally {
    await server.close();
  }
}

/** A case file: its default store (`<dir>/.ledgerhound/case.db`), traced read-only. */
function caseSide(caseFile: string, ours: Map<string, AddressActivity>): Promise<{ index: HitIndex; info: HitsAgainst }> {
  return storeSide(join(dirname(resolve(caseFile)), '.ledgerhound', 'case.db'), caseFile, ours);
}

async function hasRecords(store: GraphStore, chain: string, address: string): Promise<boolean> {
  const records = isUtxoChain(chain) ? store.transactionsOf(chain, address) : store.ledger(chain, address);
  for await (const _ of records) return true;
  return false;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Traces the case on `store` and compares its addresses with every `--against`. */
export async function findHits(store: GraphStore, caseFile: string, options: HitsOptions): Promise<HitsResult> {
  const loaded = await loadCaseFile(caseFile);
  const { run } = await traceLoadedCase(store, loaded, { ...(options.importSources !== undefined ? { importSources: options.importSources } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  return hitsOfRun(store, loaded, run, options, caseFile);
}

/** Compares a run of the case already traced (the watch's, each poll) with every `--against`. */
export async function hitsOfRun(store: GraphStore, loaded: LoadedCase, run: TraceRun, options: Pick<HitsOptions, 'against' | 'keyringDir'>, label = loaded.path): Promise<HitsResult> {
  const activity = caseAddressRoles(run.result, run.flows);
  const ours = indexOf(label, 'case', loaded.kase.name, activity, await tagsFor(store, activity.values()));
  const sides: { index: HitIndex; info: HitsAgainst }[] = [];
  for (const against of options.against) {
    const lower = against.toLowerCase();
    const pattern = namespacePattern(against);
    if (pattern !== undefined) sides.push(...(await namespaceSides(against, pattern, store, activity)));
    else if (isDirectory(against) && existsSync(join(against, 'manifest.json'))) sides.push(await packSide(against, activity, options.keyringDir));
    else if (isDirectory(against)) throw invalidInput('a directory that is not an evidence pack (no manifest.json)', { file: against, field: '--against' });
    else if (lower.endsWith('.json') && existsSync(against)) {
      // A STIX bundle or MISP event; any other JSON is read as a case file.
      sides.push((await feedSide(against)) ?? (await caseSide(against, activity)));
    } else if (lower.endsWith('.yaml') || lower.endsWith('.yml')) sides.push(await caseSide(against, activity));
    else sides.push(await storeSide(against, caseFileBeside(against), activity));
  }
  return { case: loaded.kase.name, addresses: activity.size, against: sides.map((s) => s.info), hits: findCrossCaseHits(ours, sides.map((s) => s.index)) };
}
