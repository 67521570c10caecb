// Import of shared intelligence that others produced: MISP's own STIX 2.1 converter output and the real
// CIRCL OSINT event (../shared/data/round2), the older `address` form of cryptocurrency-wallet, bare
// indicator patterns, MISP objects, and Monero skipped and counted. The counts are the ones documented
// in docs/sharing.md.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMispEvent, isMispEvent } from '../../src/sharing/misp-import.js';
import { importStixBundle, isStixBundle, patternAddresses } from '../../src/sharing/stix-import.js';
import { sniffSharingFormat } from '../../adapters/files/sharing-document.js';
import { sharedData } from '../support/fixtures.js';

const GENERATED = sharedData('round2/stix/generated/circl_cerber_event.misp-stix-2026.10.12.stix21.json');
const CIRCL = sharedData('round2/misp/events/circl_cerber_ransomware_2016-03-10.no-malware-sample.json');
const BTC = '1GCaWA685Nj2PqqG7P2ZBACYZB8ZtpQuQ9';
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('MISP converter output (misp-stix 2026.10.12, Cerber event as STIX 2.1)', () => {
  it('is sniffed as a STIX bundle and gives one Bitcoin tag from its x-misp-attribute', async () => {
    expect(await sniffSharingFormat(GENERATED)).toBe('stix');
    const r = importStixBundle(read(GENERATED));
    expect(r.counts).toEqual({ 'x-misp-attribute:btc': 1 });
    expect(r.skipped).toEqual({});
    expect(r.rejected).toEqual([]);
    expect(r.tags).toEqual([
      {
        chain: 'bitcoin',
        address: BTC,
        label: 'Cerber Ransomware',
        category: 'other',
        source: 'STIX bundle--56e12e66-f01c-41be-afea-4d9a950d210f by CIRCL (identity--55f6ea5e-2c60-40e5-964f-47a8950d210f)',
        confidence: 50,
        note: 'Bitcoin address',
        tlp: 'clear',
      },
    ]);
  });
});

describe('real CIRCL OSINT event (Cerber ransomware, 10 March 2016)', () => {
  it('is sniffed as a MISP event and gives the same Bitcoin tag, TLP:WHITE read as clear', async () => {
    expect(await sniffSharingFormat(CIRCL)).toBe('misp');
    const r = importMispEvent(read(CIRCL));
    expect(r.counts).toEqual({ btc: 1 });
    expect(r.tags).toEqual([
      {
        chain: 'bitcoin',
        address: BTC,
        label: 'Cerber Ransomware',
        category: 'other',
        source: 'MISP event 56e12e66-f01c-41be-afea-4d9a950d210f by CIRCL (55f6ea5e-2c60-40e5-964f-47a8950d210f)',
        confidence: 50,
        note: 'Bitcoin address',
        tlp: 'clear',
      },
    ]);
  });
});

describe('forms other producers use', () => {
  const eth = '0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043';
  const tron = 'TJQxYGK1K8Zh1WkTg5jqHWrRRMuKqifwY6';
  const xmr = '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A';

  it('STIX: the older `address` form, a bare indicator pattern, confidence and labels mapped', () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--0b8a3c1e-7f52-4d3a-9a2b-6c1d2e3f4a5b',
      objects: [
        { type: 'cryptocurrency-wallet', spec_version: '2.1', id: 'cryptocurrency-wallet--11111111-1111-4111-8111-111111111111', address: '1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY' },
        {
          type: 'indicator',
          spec_version: '2.1',
          id: 'indicator--22222222-2222-4222-8222-222222222222',
          name: 'Fake exchange deposit',
          pattern: `[cryptocurrency-wallet:value = '${eth}'] OR [cryptocurrency-wallet:value = '${tron}']`,
          pattern_type: 'stix',
          confidence: 80,
          labels: ['cryptocurrency-threat:Pig Butchering Scam'],
          object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
        },
      ],
    };
    expect(isStixBundle(bundle)).toBe(true);
    expect(patternAddresses(bundle.objects[1].pattern as string)).toEqual([eth, tron]);
    const r = importStixBundle(bundle);
    expect(r.tags.map((t) => [t.chain, t.address, t.category, t.confidence, t.tlp ?? null])).toEqual([
      ['bitcoin', '1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY', 'other', 50, null],
      ['ethereum', eth, 'scam', 80, 'red'],
      ['tron', tron, 'scam', 80, 'red'],
    ]);
  });

  it('MISP: coin-address (address-crypto + symbol), xmr attribute and address-xmr skipped and counted, transaction addresses', () => {
    const event = {
      Event: {
        uuid: '3f0c9e2a-5b1d-4c7e-8a9f-0b1c2d3e4f5a',
        info: 'USDT scam wallets',
        Orgc: { name: 'Partner CERT', uuid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d' },
        Tag: [{ name: 'tlp:green' }, { name: 'circl:incident-classification="scam"' }, { name: 'estimative-language:likelihood-probability="very-likely"' }],
        Attribute: [{ type: 'xmr', category: 'Financial fraud', value: xmr }],
        Object: [
          { name: 'coin-address', Attribute: [{ object_relation: 'address-crypto', type: 'text', value: tron, Tag: [{ name: 'tlp:amber' }] }, { object_relation: 'symbol', type: 'text', value: 'USDT' }] },
          { name: 'coin-address', Attribute: [{ object_relation: 'address-xmr', type: 'xmr', value: xmr }] },
          {
            name: 'cryptocurrency-transaction',
            Attribute: [
              { object_relation: 'address', type: 'btc', value: 'bc1qa7fkzraccuwac72kyw4azy3rvts3wstaawmsec' },
              { object_relation: 'transaction-number', type: 'text', value: 'dbcbce23d597ce0e0f420049c116f721b24aaa8295ef36ffd10929413242956d' },
            ],
          },
        ],
      },
    };
    expect(isMispEvent(event)).toBe(true);
    const r = importMispEvent(event);
    expect(r.counts).toEqual({ xmr: 1, 'coin-address': 2, 'cryptocurrency-transaction': 1 });
    expect(r.skipped).toEqual({ xmr: 2 });
    expect(r.tags.map((t) => [t.chain, t.address, t.category, t.confidence, t.tlp, t.label])).toEqual([
      ['tron', tron, 'scam', 85, 'amber', 'USDT scam wallets'],
      ['bitcoin', 'bc1qa7fkzraccuwac72kyw4azy3rvts3wstaawmsec', 'scam', 85, 'green', 'USDT scam wallets'],
    ]);
    expect(r.tags[1].note).toBe('address in transaction dbcbce23d597ce0e0f420049c116f721b24aaa8295ef36ffd10929413242956d');
    expect(r.tags[0].source).toBe('MISP event 3f0c9e2a-5b1d-4c7e-8a9f-0b1c2d3e4f5a by Partner CERT (9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d)');
  });
});
