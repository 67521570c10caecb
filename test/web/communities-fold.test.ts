// The communities view folds large graphs (app/workspace-communities.ts): communities past the largest
// N become one "other" node and the links touching them are summed onto it, so every drawn community
// keeps exactly the value flowing in and out of it; `full` folds nothing. The detection is kept until a
// source is imported. On the sample case's store.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOtherStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { type CommunitiesOverview, communitiesOverview, communityDetail } from '../../app/workspace-communities.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { GraphStore } from '../../src/ports.js';

/** Per community: value out of it and into it from other communities, per asset. */
function flowsOf(view: CommunitiesOverview, community: number): { out: Record<string, bigint>; in: Record<string, bigint> } {
  const res = { out: {} as Record<string, bigint>, in: {} as Record<string, bigint> };
  for (const l of view.links) {
    const side = l.source === community ? res.out : l.target === community ? res.in : undefined;
    if (side) for (const [a, v] of Object.entries(l.amounts)) side[a] = (side[a] ?? 0n) + BigInt(v);
  }
  return res;
}

describe('communities view: folding into "other"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lh-com-fold-'));
  let store: GraphStore;

  beforeAll(async () => {
    store = await openOtherStore(join(dir, 'case.db'));
    await traceLoadedCase(store, await readCaseFile('samples/pig-butchering/case.yaml'));
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every drawn community\'s flows in and out when the rest are folded', async () => {
    const full = await communitiesOverview({ store }, { full: true });
    expect(full.count).toBeGreaterThan(3);
    expect(full.foldedCommunities).toBe(0);
    expect(full.communities.map((c) => c.community)).toEqual([...Array(full.count).keys()]);
    const folded = await communitiesOverview({ store }, { maxCommunities: 2 });
    expect(folded.communities.map((c) => c.community)).toEqual([0, 1, -1]);
    const other = folded.communities[2];
    expect(other.folded).toBe(full.count - 2);
    expect(folded.communities.reduce((s, c) => s + c.size, 0)).toBe(full.nodes);
    for (const c of [0, 1]) expect(flowsOf(folded, c)).toEqual(flowsOf(full, c));
    // The links of "other" are those of the folded communities with the drawn ones.
    const touching = { out: {} as Record<string, bigint>, in: {} as Record<string, bigint> };
    for (const l of full.links) {
      const side = l.source >= 2 && l.target < 2 ? touching.out : l.target >= 2 && l.source < 2 ? touching.in : undefined;
      if (side) for (const [a, v] of Object.entries(l.amounts)) side[a] = (side[a] ?? 0n) + BigInt(v);
    }
    expect(flowsOf(folded, -1)).toEqual(touching);
  });

  it('draws the largest links only, counting the others', async () => {
    const full = await communitiesOverview({ store }, { full: true });
    const one = await communitiesOverview({ store }, { maxLinks: 1 });
    expect(one.links).toHaveLength(1);
    expect(one.links[0].weight).toBe(Math.max(...full.links.map((l) => l.weight)));
    expect(one.foldedLinks).toBe(full.links.length - 1);
  });

  it('is computed again once a source was imported (an expansion), not before', async () => {
    const before = await communitiesOverview({ store });
    const again = await communitiesOverview({ store });
    expect(again.nodes).toBe(before.nodes);
    let member: { address: string } | undefined;
    for (let c = 0; c < before.count && !member; c++) member = (await communityDetail({ store }, { community: String(c) })).members.find((m) => m.chain === 'ethereum');
    if (!member) throw new Error('no ethereum member');
    const txHash = `0x${'5e'.repeat(32)}`;
    await store.importBatch({
      source: { name: 'expansion-test', sha256: 'c'.repeat(64), kind: 'adapter' },
      transfers: [{ id: `${txHash}:0`, chain: 'ethereum', asset: 'ETH', txHash, block: 99_999_999, txIndex: 0, index: 0, from: member.address, to: '0x000000000000000000000000000000000000dEaD', amount: 1n }],
    });
    const after = await communitiesOverview({ store });
    expect(after.nodes).toBe(before.nodes + 1);
    expect(after.edges).toBe(before.edges + 1);
  });

  it('a community\'s members are listed the most connected first; an unknown community is NOT_FOUND', async () => {
    const d = await communityDetail({ store }, { community: '0' });
    expect(d.members.length).toBe(d.size);
    const strengths = d.members.map((m) => m.strength);
    expect(strengths).toEqual([...strengths].sort((a, b) => b - a));
    await expect(communityDetail({ store }, { community: '500' })).rejects.toSatisfy((e) => isLedgerhoundError(e, 'NOT_FOUND'));
    await expect(communityDetail({ store }, { community: '-1' })).rejects.toSatisfy((e) => isLedgerhoundError(e, 'INVALID_INPUT'));
  });
});
