// Roles of a case's addresses and cross-case matching (src/sharing/address-roles.ts,
// cross-case-hits.ts) on the hand-checked small case (test/fixtures/evidence/small-case, trace worked out
// by hand): every role, amount and date below is read off that fixture. Properties (fast-check): a hit is
// exactly an address of ours that the other side has, and matching is symmetric in the addresses found.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tag } from '../../src/model/tag.js';
import { addressKey, caseAddressRoles } from '../../src/sharing/address-roles.js';
import { feedActivity, findCrossCaseHits, type HitIndex } from '../../src/sharing/cross-case-hits.js';
import type { TraceRun } from '../../src/model/trace-result.js';

const run = JSON.parse(readFileSync(new URL('../fixtures/evidence/small-case/trace-run.json', import.meta.url), 'utf8')) as TraceRun;
const activity = caseAddressRoles(run.result, run.flows);
const index = (against: string, act: HitIndex['activity'], tags: Tag[] = []): HitIndex => ({
  against,
  kind: 'case',
  activity: act,
  tagsOf: (chain, address) => tags.filter((t) => t.chain === chain && t.address === address),
});

describe('roles of the small case', () => {
  it('victim payment, layering, cash-out and holding addresses with the traced amount received and dates; no victim wallet', () => {
    const rows = Object.fromEntries([...activity.values()].map((a) => [a.address, [a.chain, a.roles.join('+'), a.amounts.map((x) => x.amount).join(','), a.firstSeen, a.lastSeen]]));
    const layering = Object.keys(rows).find((a) => /^0xc0406401/i.test(a))!;
    expect(rows).toEqual({
      bc1q9sf9d4efg73jehse9c5z2tgtmhyk6pnptf03sk: ['bitcoin', 'victim-payment', '150000', '2024-04-20T00:09:27Z', '2024-04-20T02:00:00Z'],
      bc1q43nkwt4jwgk6a0xvt7gp8avfwqzlr75gqcnqyd: ['bitcoin', 'cash-out', '100000', '2024-04-20T02:00:00Z', '2024-04-20T02:00:00Z'],
      bc1qgaxp8h0rcn9mhyxfrfh53qa0yy5kztm4v6kknt: ['bitcoin', 'holding', '45000', '2024-04-20T02:00:00Z', '2024-04-20T02:00:00Z'],
      // Ann 2,500 + Ben 1,000 USDT landed here; 500 are still held.
      '0x92134B3B666c4B60daaE8404EBDFD956d60cF89E': ['ethereum', 'victim-payment+holding', '3500000000', '2024-01-13T10:10:11Z', '2024-01-13T12:00:00Z'],
      '0x28C6c06298d514Db089934071355E5743bf21d60': ['ethereum', 'cash-out', '2000000000', '2024-01-14T08:00:00Z', '2024-01-14T08:00:00Z'],
      '0x6EEfb79A550609BDd81A9D7B5d94A4d0270A68B7': ['ethereum', 'holding', '1000000000', '2024-01-14T09:00:00Z', '2024-01-14T09:00:00Z'],
      [layering]: ['ethereum', 'layering', '3000000000', '2024-01-13T12:00:00Z', '2024-01-14T09:00:00Z'],
    });
  });

  it('a feed: tagged addresses, with the role our own shares write in the note', () => {
    const tag = (address: string, note?: string): Tag => ({ chain: 'ethereum', address, label: 'x', category: 'scam', source: 's', confidence: 50, ...(note ? { note } : {}) });
    const feed = feedActivity([tag('0xA', 'collection wallet'), tag('0xB', 'cash-out wallet'), tag('0xC'), tag('0xC', 'layering wallet'), tag('0xD', 'a collection wallet of sorts')]);
    expect([...feed.values()].map((a) => [a.address, a.roles])).toEqual([
      ['0xA', ['victim-payment']],
      ['0xB', ['cash-out']],
      ['0xC', ['tagged', 'layering']],
      ['0xD', ['tagged']],
    ]);
  });
});

describe('findCrossCaseHits', () => {
  const keys = [...activity.keys()];

  it('against itself: every address, with the same side twice and the strictest TLP of its tags', () => {
    const tags: Tag[] = [
      { chain: 'ethereum', address: '0x28C6c06298d514Db089934071355E5743bf21d60', label: 'Binance 14', category: 'exchange', source: 'a', confidence: 90, tlp: 'green' },
      { chain: 'ethereum', address: '0x28C6c06298d514Db089934071355E5743bf21d60', label: 'Binance 14', category: 'exchange', source: 'b', confidence: 80, tlp: 'amber' },
    ];
    const self = index('ours', activity, tags);
    const hits = findCrossCaseHits(self, [self]);
    expect(hits.map((h) => addressKey(h.chain, h.address))).toEqual([...keys].sort());
    for (const h of hits) expect(h.theirs).toEqual([h.ours]);
    const binance = hits.find((h) => h.address === '0x28C6c06298d514Db089934071355E5743bf21d60')!;
    expect(binance.ours).toMatchObject({ tlp: 'amber', labels: ['Binance 14'], roles: ['cash-out'] });
  });

  it('property: hits are exactly our addresses the other side has, and the same addresses either way round', () => {
    fc.assert(
      fc.property(fc.subarray(keys), fc.subarray(keys), (a, b) => {
        const pick = (ks: string[]) => new Map(ks.map((k) => [k, activity.get(k)!]));
        const ha = findCrossCaseHits(index('a', pick(a)), [index('b', pick(b))]).map((h) => addressKey(h.chain, h.address));
        const hb = findCrossCaseHits(index('b', pick(b)), [index('a', pick(a))]).map((h) => addressKey(h.chain, h.address));
        expect(ha).toEqual(a.filter((k) => b.includes(k)).sort());
        expect(hb).toEqual(ha);
      }),
    );
  });
});
