// A trace through a real swap: mainnet transaction 0xd5b8... (block 17,173,049; round2/dex/swap_fixtures,
// SOURCES.md), where 200 USDT go through Uniswap V2 to WETH, which 1inch unwraps, and the user receives
// 107995688562856920 wei after MetaMask's fee. Its transfers come from the adapter's own parsers on the
// verbatim ethereum-etl lines; the ETH leg from a GENERATED call trace (test/evm/support/swap-fixtures.ts,
// TRACE_D5B8, built to match the logs, not a recording); the conversion from the adapter's detector. Two
// transfers are CONSTRUCTED around it and stated here: a victim's 250 USDT to the user before the swap,
// and the user's 0.1 ETH to a tagged exchange after it.

import { getAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { formatExplanation, formatSummary } from '../../cli/format-trace.js';
import { detectConversions } from '../../adapters/evm/conversions/index.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { buildFlowGraph } from '../../src/evidence/flow-graph.js';
import { renderReportHtml } from '../../src/evidence/report-html.js';
import { buildReportModel } from '../../src/evidence/report-model.js';
import type { CaseFile } from '../../src/model/case.js';
import { parseTag } from '../../src/model/tag.js';
import type { TraceRun } from '../../src/model/trace-result.js';
import { parseTransfer } from '../../src/model/transfer.js';
import { explainEndpoint } from '../../src/tracing/explain.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { fixtureTx, TRACE_D5B8 } from '../evm/support/swap-fixtures.js';
import { evmAddress } from '../support/addresses.js';
import { expectTotalsIdentity } from './conversion-support.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const PAYOUT = 107995688562856920n;

describe('a trace through the USDT -> WETH -> ETH swap 0xd5b8...', () => {
  /** Filled by the first test, read by the second. */
  let traced: { run: TraceRun; kase: CaseFile };

  it('the victim USDT lands as ETH at the user (rate exact), then reaches the exchange; --explain shows the swap as a hop', async () => {
    const tx = fixtureTx('0xd5b8345a', TRACE_D5B8);
    const [conversion] = detectConversions(tx, { chain: 'ethereum' });
    expect(conversion).toMatchObject({ kind: 'swap', in: { asset: USDT, amount: 200000000n }, out: { asset: 'ETH', amount: PAYOUT }, confidence: 100 });
    const user = conversion.in.address;
    const victim = evmAddress('victim');
    const exchange = evmAddress('exchange');
    const swapBlock = tx.transfers[0].block;
    const constructed = [
      { id: '0xvictim:0', asset: USDT, block: swapBlock - 100, from: victim, to: user, amount: '250000000' },
      { id: '0xcashout:native', asset: 'ETH', block: swapBlock + 50, from: user, to: exchange, amount: '100000000000000000' },
    ].map((t) =>
      parseTransfer({ ...t, chain: 'ethereum', txHash: t.id.split(':')[0], txIndex: 0, index: t.id.endsWith('native') ? -1 : 0, time: '2023-05-01T00:00:00Z' }),
    );
    const store = openSqliteStore(':memory:');
    try {
      const source = (name: string) => ({ name, sha256: name.padEnd(64, '0').slice(0, 64), kind: 'file' as const });
      await store.importBatch({ source: source('swap'), transfers: [...tx.transfers, ...constructed] });
      await store.importBatch({
        source: source('conversions'),
        conversions: [conversion],
        tags: [parseTag({ chain: 'ethereum', address: exchange, label: 'Exchange', category: 'exchange', source: 'test', confidence: 90 })],
      });
      const run = await traceCase(store, {
        name: 'swap',
        sources: [],
        victimPayments: [{ id: 'v1', chain: 'ethereum', transfer: '0xvictim:0' }],
        policy: 'fifo',
        maxHops: 20,
        stopAt: ['exchange'],
        inheritTags: false,
      });
      const { result } = run;
      expect(result.conversions).toEqual([
        {
          id: conversion.id,
          kind: 'swap',
          venue: 'Uniswap V2 USDT/WETH 0x0d4a...1852',
          in: { chain: 'ethereum', address: user, asset: USDT, amount: '200000000', bySource: { v1: '200000000' } },
          out: { chain: 'ethereum', address: user, asset: 'ETH', amount: PAYOUT.toString(), bySource: { v1: PAYOUT.toString() } },
          rate: { in: '200000000', out: PAYOUT.toString() },
          confidence: 100,
          viaProbable: false,
        },
      ]);
      expect(result.endpoints).toMatchObject([{ address: getAddress(exchange), asset: 'ETH', amount: '100000000000000000', hops: 4 }]);
      expect(result.holdings.map((h) => [h.asset, h.amount])).toEqual([
        ['ETH', (PAYOUT - 100000000000000000n).toString()],
        [USDT, '50000000'],
      ]);
      // No venue of the swap (pair, WETH, 1inch, MetaMask's spender) holds or receives traced value.
      expect(result.holdings.every((h) => h.address === user)).toBe(true);
      expect(result.totals[`ethereum/${USDT}`]).toMatchObject({ sources: '250000000', convertedOut: '200000000', holdings: '50000000' });
      expect(result.totals['ethereum/ETH']).toMatchObject({ sources: '0', convertedIn: PAYOUT.toString(), endpoints: '100000000000000000' });
      expectTotalsIdentity(result);

      const explained = explainEndpoint(run, { address: exchange });
      expect(explained.paths.map((p) => p.hops.map((h) => [h.ref, h.asset, h.hop, h.outcome]))).toEqual([
        [
          ['0xvictim:0', USDT, 1, 'followed'],
          [`${tx.hash}:0`, USDT, 2, 'converted'],
          [`${tx.hash}:call:0_3`, 'ETH', 3, 'followed'],
          ['0xcashout:native', 'ETH', 4, 'endpoint'],
        ],
      ]);
      expect(formatExplanation(explained)).toMatch(/hop 2 {2}0xd5b8\S+:0 .* {2}into conversion ethereum:0xd5b8/);
      expect(formatExplanation(explained)).toMatch(/hop 3 {2}0xd5b8\S+:call:0_3 .* {2}out of conversion ethereum:0xd5b8/);
      traced = { run, kase: { name: 'swap', sources: [], victimPayments: [], policy: 'fifo', maxHops: 20, stopAt: ['exchange'], inheritTags: false } };
    } finally {
      await store.close();
    }
  });

  it('the summary and the evidence report show the conversion: venue, rate, in and out', () => {
    const summary = formatSummary(traced.run.result);
    const section = summary.slice(summary.indexOf('Conversions (1):'), summary.indexOf('Totals:'));
    expect(section).toMatch(/^Conversions \(1\):\n {2}Uniswap V2 USDT\/WETH 0x0d4a\.\.\.1852 \[swap\] {2}ethereum:0xd5b8/);
    expect(section).toMatch(/ {4}rate: 0\.107995688562856920? ETH for 200(\.0+)? USDT/);
    expect(section).toMatch(/ {4}in: {2}ethereum 0x\w+ {2}200(\.0+)? USDT {2}by victim: v1 200/);
    expect(section).toMatch(/ {4}out: ethereum 0x\w+ {2}0\.107995688562856920? ETH {2}by victim: v1 0\.10799/);
    expect(summary).toMatch(/ethereum ETH: sources 0 ETH \+ converted in 0\.10799\d* ETH = endpoints/);
    const model = buildReportModel({
      run: traced.run,
      graph: buildFlowGraph(traced.run),
      caseFile: traced.kase,
      casePath: 'case/case.json',
      sources: [],
      tool: { name: 'ledgerhound', version: 'test' },
      store: { kind: 'sqlite', contentHash: '0'.repeat(64), transfers: 0, transactions: 0, tags: 0 },
      dataAsOf: '2023-05-01T00:00:00Z',
    });
    expect(model.conversions.columns).toEqual(['Venue', 'Kind', 'Rate', 'Traced in', 'Traced out', 'By victim payment (in)', 'Conversion']);
    expect(model.conversions.rows).toHaveLength(1);
    const [venue, kind, rate, into, out] = model.conversions.rows[0];
    expect([venue, kind]).toEqual(['Uniswap V2 USDT/WETH 0x0d4a...1852', 'swap, confidence 100']);
    expect(rate).toMatch(/ETH for 200/);
    expect(into).toMatch(/USDT$/);
    expect(out).toMatch(/ETH$/);
    expect(model.totals.columns.slice(-2)).toEqual(['Converted in', 'Converted out']);
    expect(renderReportHtml(model)).toContain('<h2 id="conversions">Conversions');
  });
});
