// The clustering an evidence pack carries (TRACING.md, Tags through clusters): a trace with
// `inheritTags` reads the store's cluster links and cluster assignments, so the pack holds them
// (`store/cluster-links.jsonl`, `store/cluster-assignments.jsonl`, one JSON object a line, in the store's
// order) next to the inferred tags of `store/tags.jsonl`, and `verify --retrace` loads all three into its
// scratch store with one `replaceClustering` before it traces.

import { readFile } from 'node:fs/promises';
import { invalidInput, type InputLocation } from '../../src/errors.js';
import { normalizeAddress } from '../../src/model/address.js';
import { at, optionalString, requireInteger, requireObject, requireString } from '../../src/model/fields.js';
import type { Tag } from '../../src/model/tag.js';
import type { ClusterAssignment, ClusterLink, GraphStore } from '../../src/ports.js';

export const CLUSTER_LINKS_FILE = 'store/cluster-links.jsonl';
export const CLUSTER_ASSIGNMENTS_FILE = 'store/cluster-assignments.jsonl';

/** The pack files of the store's clustering (none when the store has no cluster links). */
export async function clusteringFiles(store: GraphStore): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const links: string[] = [];
  const addresses = new Map<string, Set<string>>();
  for await (const l of store.clusterLinks()) {
    links.push(JSON.stringify(linkToJson(l)));
    const set = addresses.get(l.chain) ?? new Set<string>();
    set.add(l.a).add(l.b);
    addresses.set(l.chain, set);
  }
  if (links.length === 0) return out;
  const assignments: ClusterAssignment[] = [];
  for (const chain of [...addresses.keys()].sort()) {
    const done = new Set<string>();
    for (const address of [...addresses.get(chain)!].sort()) {
      if (done.has(address)) continue;
      const cluster = await store.clusterOf(chain, address);
      if (!cluster) continue;
      for (const m of cluster.members) {
        done.add(m);
        assignments.push({ chain, address: m, clusterId: cluster.clusterId });
      }
    }
  }
  assignments.sort((x, y) => cmp(x.chain, y.chain) || cmp(x.clusterId, y.clusterId) || cmp(x.address, y.address));
  out.set(CLUSTER_LINKS_FILE, Buffer.from(`${links.join('\n')}\n`));
  if (assignments.length > 0) out.set(CLUSTER_ASSIGNMENTS_FILE, Buffer.from(`${assignments.map((a) => JSON.stringify(a)).join('\n')}\n`));
  return out;
}

/**
 * Replaces the store's clustering with the one in the pack files (paths on disk, `name` as the pack
 * names them); the inferred tags are those already in the store (imported from `store/tags.jsonl`).
 */
export async function loadClusteringFiles(store: GraphStore, files: { name: string; path: string }[]): Promise<void> {
  const links: ClusterLink[] = [];
  const assignments: ClusterAssignment[] = [];
  for (const f of files) {
    const lines = (await readFile(f.path, 'utf8')).split('\n');
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      const where: InputLocation = { file: f.name, line: i + 1 };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw invalidInput('not a JSON object', where);
      }
      if (f.name === CLUSTER_LINKS_FILE) links.push(parseLink(value, where));
      else assignments.push(parseAssignment(value, where));
    });
  }
  const inferredTags: Tag[] = [];
  for await (const t of store.tags()) if (t.inferredFrom) inferredTags.push(t);
  await store.replaceClustering({ links, assignments, inferredTags });
}

function linkToJson(l: ClusterLink): Record<string, unknown> {
  return { chain: l.chain, a: l.a, b: l.b, heuristic: l.heuristic, confidence: l.confidence, evidence: l.evidence, ...(l.note !== undefined ? { note: l.note } : {}) };
}

function parseLink(value: unknown, where: InputLocation): ClusterLink {
  const rec = requireObject(value, where);
  const chain = requireString(rec, 'chain', where);
  const confidence = requireInteger(rec, 'confidence', where);
  if (confidence > 100) throw invalidInput('confidence must be an integer from 0 to 100', at(where, 'confidence'), { value: confidence });
  const link: ClusterLink = {
    chain,
    a: normalizeAddress(chain, rec.a, at(where, 'a')),
    b: normalizeAddress(chain, rec.b, at(where, 'b')),
    heuristic: requireString(rec, 'heuristic', where),
    confidence,
    evidence: requireString(rec, 'evidence', where),
  };
  const note = optionalString(rec, 'note', where);
  if (note !== undefined) link.note = note;
  return link;
}

function parseAssignment(value: unknown, where: InputLocation): ClusterAssignment {
  const rec = requireObject(value, where);
  const chain = requireString(rec, 'chain', where);
  return { chain, address: normalizeAddress(chain, rec.address, at(where, 'address')), clusterId: requireString(rec, 'clusterId', where) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
