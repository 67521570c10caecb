// ClusterBuilder (links kept as typed-array rows, interned address ids): what it materializes equals the
// links it was fed and the connected components of those links, cluster id = smallest member address.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildClusters } from '../../src/clustering/build-clusters.js';
import { ClusterBuilder, storedClustering } from '../../src/clustering/cluster-builder.js';
import type { ClusterLink } from '../../src/ports.js';

const linkArb = fc.record({
  chain: fc.constantFrom('bitcoin', 'litecoin'),
  a: fc.integer({ min: 0, max: 30 }).map((i) => `addr${i}`),
  b: fc.integer({ min: 0, max: 30 }).map((i) => `addr${i}`),
  heuristic: fc.constantFrom('multi-input', 'change-reuse'),
  confidence: fc.integer({ min: 0, max: 100 }),
  evidence: fc.integer({ min: 0, max: 9 }).map((i) => `tx${i}`),
  note: fc.option(fc.constantFrom('possible joinmarket (40): two equal outputs'), { nil: undefined }),
});

/** Connected components per chain by repeated relabelling (no union-find), cluster id the smallest address. */
function components(links: ClusterLink[]): Map<string, string> {
  const label = new Map<string, string>();
  for (const l of links) for (const x of [l.a, l.b]) label.set(`${l.chain}/${x}`, x);
  let changed = true;
  while (changed) {
    changed = false;
    for (const l of links) {
      const ka = `${l.chain}/${l.a}`;
      const kb = `${l.chain}/${l.b}`;
      const m = (label.get(ka) as string) < (label.get(kb) as string) ? (label.get(ka) as string) : (label.get(kb) as string);
      for (const k of [ka, kb])
        if (label.get(k) !== m) {
          label.set(k, m);
          changed = true;
        }
    }
  }
  return label;
}

describe('ClusterBuilder', () => {
  it('materializes the links it kept and the components they join', () => {
    fc.assert(
      fc.property(fc.array(linkArb, { maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (raw, minConfidence) => {
        const links = raw.map(({ note, ...l }): ClusterLink => (note === undefined ? l : { ...l, note }));
        const builder = new ClusterBuilder({ minConfidence });
        const kept = links.filter((l) => builder.add(l));
        const built = builder.finish();
        expect(kept).toEqual(links.filter((l) => l.confidence >= minConfidence));
        expect([...built.links()]).toEqual(kept);
        expect(built.linkCount).toBe(kept.length);
        expect(built.ignored).toBe(links.length - kept.length);
        const expected = components(kept);
        const assignments = [...built.assignments()];
        const sizes = new Map<string, number>();
        for (const v of expected.keys()) {
          const id = `${v.split('/')[0]}/${expected.get(v)}`;
          sizes.set(id, (sizes.get(id) ?? 0) + 1);
        }
        const clustered = [...expected].filter(([k, id]) => (sizes.get(`${k.split('/')[0]}/${id}`) as number) >= 2);
        expect(assignments.map((a) => [`${a.chain}/${a.address}`, a.clusterId]).sort()).toEqual(clustered.sort());
        expect(built.clusters).toBe(new Set(clustered.map(([k, id]) => `${k.split('/')[0]}/${id}`)).size);
        expect(built.clusteredAddresses).toBe(assignments.length);
        const old = buildClusters(links, { minConfidence });
        expect(old.assignments).toEqual(assignments);
      }),
    );
  });

  it('hands the store re-iterable links and assignments: every iteration gives the same rows (storedClustering)', () => {
    fc.assert(
      fc.property(fc.array(linkArb, { maxLength: 60 }), (raw) => {
        const builder = new ClusterBuilder();
        for (const { note, ...l } of raw) builder.add(note === undefined ? l : { ...l, note });
        const built = builder.finish();
        const stored = storedClustering(built, []);
        const first = { links: [...stored.links], assignments: [...stored.assignments] };
        expect(first).toEqual({ links: [...built.links()], assignments: [...built.assignments()] });
        expect({ links: [...stored.links], assignments: [...stored.assignments] }).toEqual(first);
      }),
    );
  });
});
