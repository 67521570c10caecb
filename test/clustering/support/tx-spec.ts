// Builds model transactions from compact fixture specs: groups of inputs/outputs with a count, a value
// and an optional address (else distinct addresses derived from the group's name), so that a
// 100-participant CoinJoin fits in a few lines of JSON.

import type { UtxoTransaction } from '../../../src/model/utxo.js';
import { type BtcAddressType, btcAddress, txidOf } from './addresses.js';

export interface GroupSpec {
  /** How many inputs/outputs of this kind (default 1). */
  count?: number;
  /** Value in satoshi (decimal string). */
  value: string;
  /** A fixed address for every member of the group; `null` for OP_RETURN outputs. */
  address?: string | null;
  /** Seed for derived addresses: members get `<seed>-<i>` (default: group position). */
  seed?: string;
  /** Script hex (OP_RETURN outputs). */
  script?: string;
  type?: BtcAddressType;
}

export interface TxSpec {
  name: string;
  inputs: GroupSpec[];
  outputs: GroupSpec[];
}

function expand(groups: GroupSpec[], side: string, name: string): { address: string | null; value: bigint; script?: string }[] {
  const out: { address: string | null; value: bigint; script?: string }[] = [];
  groups.forEach((g, gi) => {
    for (let i = 0; i < (g.count ?? 1); i++) {
      const address = g.address === undefined ? btcAddress(`${g.seed ?? `${name}-${side}${gi}`}-${i}`, g.type) : g.address;
      out.push({ address, value: BigInt(g.value), ...(g.script ? { script: g.script } : {}) });
    }
  });
  return out;
}

/** The transaction a spec describes (block 1, position 0 unless given). */
export function buildTx(spec: TxSpec, position: { block?: number; txIndex?: number } = {}): UtxoTransaction {
  const txid = txidOf(spec.name);
  return {
    chain: 'bitcoin',
    txid,
    block: position.block ?? 1,
    txIndex: position.txIndex ?? 0,
    inputs: expand(spec.inputs, 'in', spec.name).map((i, k) => ({ prevTxid: txidOf(`${spec.name}-prev-${k}`), prevVout: 0, address: i.address, value: i.value })),
    outputs: expand(spec.outputs, 'out', spec.name).map((o, n) => ({ n, address: o.address, value: o.value, ...(o.script ? { script: o.script } : {}) })),
  };
}
