// Change heuristic "script type match" (Ermilov et al. 2017; Kappos et al. 2022): a wallet spends and
// receives change with one script type, so when every input has type T and exactly one output has
// type T, that output is the change.
// Known false positives: payments between two wallets of the same type (ever more common as bech32
// spreads); wallets that change type between input and change (migrations to taproot).

import type { UtxoTransaction } from '../model/utxo.js';
import { type ChangeGuess, isPlainPayment } from './change-context.js';

export const CHANGE_SCRIPT_TYPE = 'change-script-type';

export type ScriptType = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr' | 'other';

/** The script type of a Bitcoin-family address, read from its encoding. */
export function scriptTypeOf(address: string): ScriptType {
  const lower = address.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep > 0 && /^(bc|tb|bcrt)$/.test(lower.slice(0, sep))) {
    const data = lower.slice(sep + 1);
    if (data.startsWith('q')) return data.length === 39 ? 'p2wpkh' : data.length === 59 ? 'p2wsh' : 'other';
    if (data.startsWith('p')) return 'p2tr';
    return 'other';
  }
  const c = address[0];
  if (c === '1' || c === 'm' || c === 'n') return 'p2pkh';
  if (c === '3' || c === '2') return 'p2sh';
  return 'other';
}

/** The only output whose type matches the (single) input type, or undefined. */
export function detectChangeByScriptType(tx: UtxoTransaction): ChangeGuess | undefined {
  if (!isPlainPayment(tx)) return undefined;
  const type = scriptTypeOf(tx.inputs[0].address as string);
  if (type === 'other' || tx.inputs.some((i) => scriptTypeOf(i.address as string) !== type)) return undefined;
  let match = -1;
  for (const o of tx.outputs) {
    if (scriptTypeOf(o.address as string) !== type) continue;
    if (match !== -1) return undefined;
    match = o.n;
  }
  return match === -1 ? undefined : { n: match, confidence: 55 };
}
