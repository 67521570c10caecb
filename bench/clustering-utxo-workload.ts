// The synthetic UTXO workload of the clustering benches (clustering-utxo.ts, clustering-store.ts): N
// transactions with 1-3 inputs and 2 outputs over 2N addresses that are spent again and again, with 1%
// Whirlpool-like and JoinMarket-like mixes so every transaction goes through the detectors. Each address
// is made afresh (a flat string, as a store read gives it) from its number, so the workload itself holds
// no address pool: what stays in memory is what the clustering keeps.

import { createRng } from '../src/clustering/communities.js';
import type { UtxoTransaction } from '../src/model/utxo.js';

const ADDRESS = Buffer.from(`bc1q${'0'.repeat(38)}`, 'latin1');
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Address number `i` (`bc1q` and `i` in base 36 over 38 digits) as a new flat string. */
function address(i: number): string {
  let k = ADDRESS.length - 1;
  for (let x = i; k >= 4; k--, x = Math.floor(x / 36)) ADDRESS[k] = DIGITS.charCodeAt(x % 36);
  return ADDRESS.toString('latin1');
}

const txid = (i: number) => i.toString(16).padStart(64, '0');

/** The N transactions of the workload, in chain order, made one at a time. */
export function* utxoWorkload(n: number, seed: number): Generator<UtxoTransaction> {
  const rng = createRng(seed);
  const poolSize = 2 * n;
  const addr = () => address(Math.floor(rng() * poolSize));
  for (let i = 0; i < n; i++) {
    const r = rng();
    const mix = r < 0.005 ? 5 : r < 0.01 ? 4 : 0;
    const inCount = mix || 1 + Math.floor(rng() * 3);
    const inputs = Array.from({ length: inCount }, (_, k) => ({ prevTxid: txid(i - 1 - k), prevVout: 0, address: addr(), value: 2_000_000n }));
    const outputs =
      mix === 5
        ? Array.from({ length: 5 }, (_, k) => ({ n: k, address: addr(), value: 1_000_000n }))
        : mix === 4
          ? Array.from({ length: 7 }, (_, k) => ({ n: k, address: addr(), value: k < 4 ? 1_500_000n : 400_000n + BigInt(k) }))
          : [
              { n: 0, address: addr(), value: BigInt(Math.floor(rng() * 1_000_000)) },
              { n: 1, address: addr(), value: 900_000n },
            ];
    yield { chain: 'bitcoin', txid: txid(i), block: Math.floor(i / 2000), txIndex: i % 2000, inputs, outputs };
  }
}
