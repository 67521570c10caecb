// Wasabi Wallet CoinJoin detectors, from the published round structure:
// - Wasabi 1.0 (ZeroLink, Aug 2018): one denomination of about 0.1 BTC shared by many equal outputs
//   (anonymity set of tens to 100), plus change outputs and the coordinator fee output.
// - Wasabi 1.1 (mixing levels, 2019): the base denomination d of about 0.1 BTC and further levels of
//   equal outputs at about 2^i x d.
// - Wasabi 2.0 (WabiSabi, 2022): many inputs (50-400) and outputs whose values are mostly "standard
//   denominations": 2^n, 3^n, 2x3^n, 10^n, 2x10^n, 5x10^n satoshi.
// Sources: ZeroLink (nopara73, 2017); Wasabi documentation; Ficsor et al., "WabiSabi" (2021);
// Stockinger et al., "Pinpointing and Measuring Wasabi and Samourai CoinJoins" (2023).
// Known false positives: batched payouts of exactly ~0.1 BTC to many payees (1.0); large exchange batch
// withdrawals of round amounts from many inputs (2.0). Confidence reflects the size of the anonymity set.

import { COIN, type CoinJoinVerdict, type OutputStats } from './coinjoin-verdict.js';

const BASE_MIN = (COIN * 8n) / 100n; // 0.08 BTC
const BASE_MAX = (COIN * 12n) / 100n; // 0.12 BTC
const MIN_WASABI1_SET = 10;

function isNear(value: bigint, target: bigint, permille: bigint): boolean {
  const diff = value > target ? value - target : target - value;
  return diff * 1000n <= target * permille;
}

/** The base group: the largest group of equal outputs with a value between 0.08 and 0.12 BTC. */
function baseGroup(stats: OutputStats): { value: bigint; count: number } | undefined {
  let best: { value: bigint; count: number } | undefined;
  for (const [value, count] of stats.counts) {
    if (value < BASE_MIN || value > BASE_MAX) continue;
    if (!best || count > best.count || (count === best.count && value > best.value)) best = { value, count };
  }
  return best && best.count >= MIN_WASABI1_SET ? best : undefined;
}

/** Wasabi 1.0: at least 10 equal outputs of about 0.1 BTC and at least as many inputs. */
export function detectWasabi1(stats: OutputStats): CoinJoinVerdict | undefined {
  const base = baseGroup(stats);
  if (!base || stats.tx.inputs.length < base.count || stats.distinctInputAddresses < 2) return undefined;
  return {
    kind: 'wasabi-1.0',
    confidence: base.count >= 20 ? 90 : 75,
    mixing: true,
    denomination: base.value,
    equalOutputs: base.count,
    reason: `${base.count} equal outputs of ${base.value} sat (about 0.1 BTC)`,
  };
}

/** Wasabi 1.1: a Wasabi 1.0 base group plus at least one level at 2^i x base (i >= 1) with 2+ outputs. */
export function detectWasabi11(stats: OutputStats): CoinJoinVerdict | undefined {
  const base = baseGroup(stats);
  if (!base || stats.tx.inputs.length < base.count || stats.distinctInputAddresses < 2) return undefined;
  const levels: number[] = [];
  for (let i = 1; i <= 8; i++) {
    const target = base.value << BigInt(i);
    for (const [value, count] of stats.counts) {
      if (count >= 2 && isNear(value, target, 20n)) {
        levels.push(i);
        break;
      }
    }
  }
  if (levels.length === 0) return undefined;
  return {
    kind: 'wasabi-1.1',
    confidence: 95,
    mixing: true,
    denomination: base.value,
    equalOutputs: base.count,
    reason: `${base.count} equal outputs of ${base.value} sat and mixing levels 2^${levels.join(', 2^')}`,
  };
}

/** The WabiSabi standard denominations from 5,000 sat to 43 BTC, ascending. */
export const WABISABI_DENOMINATIONS: readonly bigint[] = (() => {
  const set = new Set<bigint>();
  const max = 43n * COIN;
  for (let p = 1n; p <= max; p *= 2n) set.add(p);
  for (let p = 1n; p <= max; p *= 3n) {
    set.add(p);
    set.add(2n * p);
  }
  for (let p = 1n; p <= max; p *= 10n) {
    set.add(p);
    set.add(2n * p);
    set.add(5n * p);
  }
  return [...set].filter((v) => v >= 5000n && v <= max).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
})();
const WABISABI_SET = new Set(WABISABI_DENOMINATIONS);

/** Wasabi 2.0: 50+ inputs, 20+ outputs, 60%+ of outputs at standard denominations, 3+ repeated ones. */
export function detectWasabi2(stats: OutputStats): CoinJoinVerdict | undefined {
  const { tx } = stats;
  if (tx.inputs.length < 50 || tx.outputs.length < 20 || stats.distinctInputAddresses < 2) return undefined;
  let standard = 0;
  let repeated = 0;
  let top: { value: bigint; count: number } | undefined;
  for (const [value, count] of stats.counts) {
    if (!WABISABI_SET.has(value)) continue;
    standard += count;
    if (count >= 2) repeated++;
    if (!top || count > top.count) top = { value, count };
  }
  if (!top || standard * 10 < tx.outputs.length * 6 || repeated < 3) return undefined;
  return {
    kind: 'wasabi-2.0',
    confidence: tx.inputs.length >= 100 ? 95 : 85,
    mixing: true,
    denomination: top.value,
    equalOutputs: top.count,
    reason: `${tx.inputs.length} inputs, ${standard} of ${tx.outputs.length} outputs at standard denominations (${repeated} repeated)`,
  };
}
