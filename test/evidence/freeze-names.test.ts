// Freeze-request file names: entities labelled in non-Latin scripts get distinct, readable ASCII names
// (what Latin the label has, else the category, plus the first characters of the deposit address), not
// unnamed.csv, unnamed-2.csv; Latin labels keep their plain slug.

import { describe, expect, it } from 'vitest';
import { buildFreezeRequests } from '../../src/evidence/freeze-requests.js';
import { isSafePackPath } from '../../src/evidence/manifest.js';
import { smallCaseRun } from './pack-helpers.js';

describe('freeze-request file names', () => {
  it('names non-Latin entities by slug and address prefix', () => {
    const run = smallCaseRun();
    run.result.endpoints[0].label = '莲花田'; // bc1q43nkwt4jwgk6a0xvt7gp8avfwqzlr75gqcnqyd
    run.result.endpoints[1].label = 'ธนาคาร OTC'; // 0x28C6c06298d514Db089934071355E5743bf21d60
    const slugs = buildFreezeRequests(run).map((r) => [r.entity, r.slug]);
    expect(slugs).toEqual([
      ['ธนาคาร OTC', 'otc-0x28C6c06298'],
      ['莲花田', 'exchange-bc1q43nkwt4j'],
    ]);
    for (const [, slug] of slugs) expect(isSafePackPath(`freeze-requests/${slug}.csv`)).toBe(true);
  });

  it('keeps two entities that share a Latin part and an address prefix apart', () => {
    const run = smallCaseRun();
    run.result.endpoints[1] = { ...run.result.endpoints[0], label: '김민준' };
    run.result.endpoints[0].label = '한국';
    expect(buildFreezeRequests(run).map((r) => r.slug)).toEqual(['exchange-bc1q43nkwt4j', 'exchange-bc1q43nkwt4j-2']);
  });

  it('keeps plain slugs for Latin labels (Vietnamese included)', () => {
    const run = smallCaseRun();
    run.result.endpoints[0].label = 'Nguyễn Thị Hương';
    expect(buildFreezeRequests(run).map((r) => r.slug)).toEqual(['binance-14', 'nguyen-thi-huong']);
  });
});
