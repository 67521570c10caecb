// Internal value transfers from traces, checked against ethereum-etl's expected trace rows for real
// mainnet blocks traced both by geth's callTracer (debug_traceBlockByNumber) and by Parity (trace_block):
// blocks 1,000,000 (CALLCODE subtrace), 1,000,690 (contract creation), 1,000,895 (out-of-gas error) and
// 1,011,973 (selfdestruct). Both formats must give the same internal transfers where they record the
// same facts.

import { getAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { type CallFrame, flattenCallFrames, flattenParityTraces, internalTransfers, type ParityTrace, type TraceRow } from '../../adapters/evm/parse-traces.js';
import { readCsv, readRpcResult } from './support/oracle.js';

const GETH = 'test_extract_geth_traces_job';
const PARITY = 'test_export_traces_job';
const BLOCKS = [
  { dir: 'block_with_subtraces', hex: '0xf4240' },
  { dir: 'block_with_create', hex: '0xf44f2' },
  { dir: 'block_with_error', hex: '0xf45bf' },
  { dir: 'block_with_suicide', hex: '0xf7105' },
];

function csvOfRow(r: TraceRow) {
  return {
    transaction_index: r.txIndex === null ? '' : String(r.txIndex),
    from_address: r.from ?? '',
    to_address: r.to ?? '',
    value: r.value === null ? '' : r.value.toString(),
    trace_type: r.traceType,
    call_type: r.callType,
    subtraces: String(r.subtraces),
    trace_address: r.traceAddress.join(','),
    error: r.error ?? '',
  };
}

function pick(e: Record<string, string>) {
  const { transaction_index, from_address, to_address, value, trace_type, call_type, subtraces, trace_address, error } = e;
  return { transaction_index, from_address, to_address, value, trace_type, call_type, subtraces, trace_address, error };
}

function gethRows(dir: string, hex: string): TraceRow[] {
  const traces = readRpcResult<{ result: CallFrame }[]>(`${GETH}/${dir}/web3_response.debug_traceBlockByNumber_${hex}_tracer_calltracer.json`);
  return traces.flatMap((t, i) => flattenCallFrames(t.result, i));
}

function parityTraces(dir: string, hex: string): ParityTrace[] {
  return readRpcResult<ParityTrace[]>(`${PARITY}/${dir}/web3_response.trace_block_${hex}.json`);
}

describe('geth callTracer rows match ethereum-etl', () => {
  it.each(BLOCKS)('$dir', ({ dir, hex }) => {
    const expected = readCsv(`${GETH}/${dir}/expected_traces.csv`).map(pick);
    expect(gethRows(dir, hex).map(csvOfRow)).toEqual(expected);
  });

  it('block without transactions gives no rows', () => {
    const traces = readRpcResult<{ result: CallFrame }[]>(`${GETH}/block_without_transactions/web3_response.debug_traceBlockByNumber_0x1_tracer_calltracer.json`);
    expect(traces.flatMap((t, i) => flattenCallFrames(t.result, i))).toEqual([]);
  });
});

describe('Parity trace rows match ethereum-etl', () => {
  it.each(BLOCKS)('$dir', ({ dir, hex }) => {
    const expected = readCsv(`${PARITY}/${dir}/expected_traces.csv`).map((e) => ({ ...pick(e), status: e.status }));
    const rows = flattenParityTraces(parityTraces(dir, hex));
    expect(rows.map((r) => ({ ...csvOfRow(r), status: r.succeeded ? '1' : '0' }))).toEqual(expected);
  });
});

describe('internal transfers', () => {
  function transfersOf(rows: TraceRow[], traces: ParityTrace[]) {
    const hashes = new Map(traces.filter((t) => t.transactionHash).map((t) => [t.transactionPosition, t.transactionHash as string]));
    const byTx = new Map<number, TraceRow[]>();
    for (const r of rows) if (r.txIndex !== null) byTx.set(r.txIndex, [...(byTx.get(r.txIndex) ?? []), r]);
    return [...byTx].flatMap(([i, rs]) => internalTransfers(rs, { chain: 'ethereum', txHash: hashes.get(i)!, block: 1, txIndex: i }));
  }

  it('CALLCODE, plain top-level calls, creations and failed calls move nothing internal; both formats agree', () => {
    for (const { dir, hex } of BLOCKS.slice(0, 3)) {
      const parity = parityTraces(dir, hex);
      expect(transfersOf(flattenParityTraces(parity), parity)).toEqual([]);
      expect(transfersOf(gethRows(dir, hex), parity)).toEqual([]);
    }
  });

  it('selfdestruct sends the contract balance to the beneficiary (Parity), with a stable id', () => {
    const parity = parityTraces('block_with_suicide', '0xf7105');
    const got = transfersOf(flattenParityTraces(parity), parity);
    expect(got).toEqual([
      {
        id: '0x91acb43c5f141c393a189e091c190c9ffb20e4e8a502e4cc3087be9587bdbc89:call:0',
        chain: 'ethereum',
        asset: 'ETH',
        txHash: '0x91acb43c5f141c393a189e091c190c9ffb20e4e8a502e4cc3087be9587bdbc89',
        block: 1,
        txIndex: 0,
        index: 0,
        from: getAddress('0x474faa5018639791952fae334e2911700ac7fe9b'),
        to: getAddress('0x83973747eec131bf9a08ac64fb1a518e891bdf4b'),
        amount: 50000000000000000n,
      },
    ]);
    // The old geth tracer recorded the selfdestruct frame without from/to/value: nothing to extract.
    expect(transfersOf(gethRows('block_with_suicide', '0xf7105'), parity)).toEqual([]);
  });

  it('value calls below a failed frame are reverted; CALL and CREATE with value move; delegatecall never', () => {
    const a = `0x${'a1'.repeat(20)}`;
    const b = `0x${'b2'.repeat(20)}`;
    const c = `0x${'c3'.repeat(20)}`;
    const tree: CallFrame = {
      type: 'CALL', from: a, to: b, value: '0x10',
      calls: [
        { type: 'CALL', from: b, to: c, value: '0x5', calls: [{ type: 'CALL', from: c, to: a, value: '0x1' }] },
        { type: 'CALL', from: b, to: c, value: '0x7', error: 'execution reverted', calls: [{ type: 'CALL', from: c, to: a, value: '0x2' }] },
        { type: 'DELEGATECALL', from: b, to: c, value: '0x9' },
        { type: 'CREATE2', from: b, to: a, value: '0x3' },
        { type: 'CALL', from: b, to: c, value: '0x0' },
      ],
    };
    const got = internalTransfers(flattenCallFrames(tree, 4), { chain: 'bsc', txHash: `0x${'ee'.repeat(32)}`, block: 9, txIndex: 4, time: '2025-01-01T00:00:00Z' });
    expect(got.map((t) => [t.id.split(':').slice(1).join(':'), t.amount, t.asset, t.index])).toEqual([
      ['call:0', 5n, 'BNB', 0],
      ['call:0_0', 1n, 'BNB', 0],
      ['call:3', 3n, 'BNB', 0],
    ]);
    const failedTop = { ...tree, error: 'out of gas' };
    expect(internalTransfers(flattenCallFrames(failedTop, 4), { chain: 'bsc', txHash: `0x${'ee'.repeat(32)}`, block: 9, txIndex: 4 })).toEqual([]);
  });
});
