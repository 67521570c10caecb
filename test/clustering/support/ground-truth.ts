// Ground-truth generator for clustering: a seeded economy of actors (users and exchanges) whose UTXO
// transactions are all known, so clusters can be scored against true ownership. It produces funding
// (coinbase) transactions, payments with change (round and non-round amounts, fresh or reused payee
// addresses, sometimes change back to an input address), peel chains, consolidations, exchange
// withdrawals and sweeps, and CoinJoins of every kind the detectors know (Wasabi 1.0/1.1/2.0,
// Whirlpool Tx0 + mix, JoinMarket) whose participants are unrelated users (outsiders to each other).
// Only CoinJoins put several owners' coins into one transaction, so the common-input rule is exact on
// this data once the CoinJoins are recognised.

import { createRng } from '../../../src/clustering/communities.js';
import { WABISABI_DENOMINATIONS } from '../../../src/clustering/coinjoin-wasabi.js';
import type { UtxoInput, UtxoOutput, UtxoTransaction } from '../../../src/model/utxo.js';
import { btcAddress } from './addresses.js';

export type GeneratedMix = 'wasabi-1.0' | 'wasabi-1.1' | 'wasabi-2.0' | 'whirlpool' | 'joinmarket';

export interface WorldOptions {
  seed: number;
  users: number;
  exchanges?: number;
  /** Number of economic events (each one or a few transactions). */
  events: number;
  /** Share of events that are CoinJoins (default 0.05). */
  coinJoinRate?: number;
  mixes?: readonly GeneratedMix[];
  /** `valid`: real bech32/base58 addresses (store tests); `fast`: well-formed look-alikes (benchmarks). */
  addresses?: 'valid' | 'fast';
  /** Record the owner of every address (default true). */
  truth?: boolean;
}

export interface World {
  transactions: UtxoTransaction[];
  /** Address -> owner id (`user-7`, `exchange-1`, `coordinator`). */
  ownerOf: Map<string, string>;
  /** Txid -> the kind of CoinJoin generated (Tx0s are `whirlpool-tx0`). */
  mixes: Map<string, string>;
}

interface Coin {
  txid: string;
  vout: number;
  address: string;
  value: bigint;
}

interface Actor {
  id: string;
  type: 'p2wpkh' | 'p2pkh' | 'p2sh';
  coins: Coin[];
  /** Sum of `coins`. */
  balance: bigint;
  used: string[];
}

const FEE = 1_000n;
/** The WabiSabi denominations the generator's Wasabi 2.0 rounds use (largest first). */
const WW2_OUTPUTS = WABISABI_DENOMINATIONS.filter((x) => x >= 100_000n && x <= 5_000_000n && (x.toString().replace(/0+$/, '').length === 1 || (x & (x - 1n)) === 0n)).reverse();
const DUST = 5_000n;

/** Streams the transactions of a generated world; `truth` receives address owners as they appear. */
export function* generateTransactions(options: WorldOptions, truth?: Map<string, string>, mixes?: Map<string, string>): Generator<UtxoTransaction> {
  const rng = createRng(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const fast = options.addresses === 'fast';
  let addressCount = 0;
  let txCount = 0;
  let block = 1;
  let txIndex = 0;
  const types = ['p2wpkh', 'p2pkh', 'p2sh'] as const;
  const users: Actor[] = Array.from({ length: options.users }, (_, i) => ({ id: `user-${i}`, type: pick(types), coins: [], balance: 0n, used: [] }));
  const exchanges: Actor[] = Array.from({ length: options.exchanges ?? 2 }, (_, i) => ({ id: `exchange-${i}`, type: 'p2sh', coins: [], balance: 0n, used: [] }));
  const coordinator: Actor = { id: 'coordinator', type: 'p2wpkh', coins: [], balance: 0n, used: [] };
  const mixKinds = options.mixes ?? (['wasabi-1.0', 'wasabi-1.1', 'whirlpool', 'joinmarket', ...(options.users >= 120 ? ['wasabi-2.0' as const] : [])] as GeneratedMix[]);

  const fresh = (a: Actor): string => {
    const n = addressCount++;
    let address: string;
    if (fast) {
      const body = `${options.seed.toString(36)}x${n.toString(36)}`;
      address = a.type === 'p2wpkh' ? `bc1q${body.padStart(38, '0')}` : `${a.type === 'p2pkh' ? '1' : '3'}${body.padStart(33, '0')}`;
    } else {
      address = btcAddress(`world-${options.seed}-${n}`, a.type);
    }
    truth?.set(address, a.id);
    a.used.push(address);
    return address;
  };
  const reused = (a: Actor): string => (a.used.length > 0 ? pick(a.used) : fresh(a));
  const nextTxid = (): string => {
    const n = txCount++;
    return `${options.seed.toString(16).padStart(8, '0')}${n.toString(16).padStart(56, '0')}`;
  };
  const emit = (inputs: [Actor, Coin][], outputs: [Actor, string | null, bigint, string?][]): UtxoTransaction => {
    if (txIndex >= 50) {
      block++;
      txIndex = 0;
    }
    const txid = nextTxid();
    const ins: UtxoInput[] = inputs.map(([, c]) => ({ prevTxid: c.txid, prevVout: c.vout, address: c.address, value: c.value }));
    const outs: UtxoOutput[] = outputs.map(([, address, value, script], n) => ({ n, address, value, ...(script ? { script } : {}) }));
    outputs.forEach(([owner, address, value], n) => {
      if (address !== null && value > 0n) {
        owner.coins.push({ txid, vout: n, address, value });
        owner.balance += value;
      }
    });
    return { chain: 'bitcoin', txid, block, txIndex: txIndex++, inputs: ins, outputs: outs };
  };
  const take = (a: Actor, amount: bigint, maxCoins = 6): Coin[] | undefined => {
    // Half the time a wallet spends its newest coins first, otherwise coins at random.
    const newestFirst = rng() < 0.5;
    const chosen: Coin[] = [];
    let total = 0n;
    while (total < amount && a.coins.length > 0 && chosen.length < maxCoins) {
      const k = newestFirst ? a.coins.length - 1 : Math.floor(rng() * a.coins.length);
      const c = a.coins[k];
      a.coins[k] = a.coins[a.coins.length - 1];
      a.coins.pop();
      chosen.push(c);
      total += c.value;
    }
    if (total >= amount) {
      a.balance -= total;
      return chosen;
    }
    a.coins.push(...chosen);
    return undefined;
  };
  /** Removes `k` coins at random from `a` (consolidations and sweeps). */
  const takeCount = (a: Actor, k: number): Coin[] => {
    const chosen: Coin[] = [];
    while (chosen.length < k && a.coins.length > 0) {
      const i = Math.floor(rng() * a.coins.length);
      chosen.push(a.coins[i]);
      a.coins[i] = a.coins[a.coins.length - 1];
      a.coins.pop();
    }
    a.balance -= sum(chosen);
    return chosen;
  };
  /** Up to `n` distinct actors that satisfy `ok`, in random order (partial Fisher-Yates). */
  const sample = (pool: Actor[], n: number, ok: (a: Actor) => boolean): Actor[] => {
    const candidates = pool.filter(ok);
    for (let i = 0; i < Math.min(n, candidates.length); i++) {
      const j = i + Math.floor(rng() * (candidates.length - i));
      [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
    }
    return candidates.slice(0, n);
  };
  const sum = (coins: Coin[]) => coins.reduce((s, c) => s + c.value, 0n);
  const mint = (a: Actor, value: bigint): UtxoTransaction => {
    const tx = emit([], [[a, fresh(a), value]]);
    tx.inputs = [{ address: null, value: 0n, coinbase: true }];
    return tx;
  };
  const amountOf = (max: bigint): bigint => {
    const raw = BigInt(Math.floor(rng() * Number(max)));
    return rng() < 0.6 ? (raw / 100_000n) * 100_000n : raw;
  };
  const changeAddress = (a: Actor, inputs: Coin[]): string => (rng() < 0.1 ? pick(inputs).address : fresh(a));

  function* pay(a: Actor, payee: string, payeeOwner: Actor, amount: bigint): Generator<UtxoTransaction> {
    const coins = take(a, amount + FEE);
    if (!coins || amount < DUST) return;
    const change = sum(coins) - amount - FEE;
    const outs: [Actor, string, bigint][] = [[payeeOwner, payee, amount]];
    if (change >= DUST) outs.push([a, changeAddress(a, coins), change]);
    if (rng() < 0.5) outs.reverse();
    yield emit(
      coins.map((c) => [a, c]),
      outs,
    );
  }

  function* coinJoin(kind: GeneratedMix): Generator<UtxoTransaction> {
    if (kind === 'whirlpool') {
      const pool = 1_000_000n;
      const premix = pool + 170n;
      const parts = sample(users, 5, (u) => u.balance >= 5n * premix);
      if (parts.length < 5) return;
      const premixCoins: [Actor, Coin][] = [];
      for (const u of parts) {
        const coins = take(u, 3n * premix + 60_000n, 3) as Coin[];
        if (!coins) return;
        const n = 2;
        const change = sum(coins) - BigInt(n) * premix - 50_000n - FEE;
        const outs: [Actor, string | null, bigint, string?][] = [
          [coordinator, null, 0n, '6a4c50'.padEnd(166, '0')],
          [coordinator, fresh(coordinator), 50_000n],
        ];
        for (let i = 0; i < n; i++) outs.push([u, fresh(u), premix]);
        if (change >= DUST) outs.push([u, fresh(u), change]);
        const tx0 = emit(
          coins.map((c) => [u, c]),
          outs,
        );
        mixes?.set(tx0.txid, 'whirlpool-tx0');
        yield tx0;
        const k = u.coins.findIndex((c) => c.txid === tx0.txid && c.value === premix);
        const coin = u.coins[k];
        u.coins.splice(k, 1);
        u.balance -= coin.value;
        premixCoins.push([u, coin]);
      }
      const mix = emit(
        premixCoins,
        parts.map((u) => [u, fresh(u), pool] as [Actor, string, bigint]),
      );
      mixes?.set(mix.txid, kind);
      yield mix;
      return;
    }
    const sizes: Record<Exclude<GeneratedMix, 'whirlpool'>, [number, number]> = {
      'wasabi-1.0': [10, 25],
      'wasabi-1.1': [12, 25],
      'wasabi-2.0': [50, 70],
      joinmarket: [3, 6],
    };
    const [lo, hi] = sizes[kind];
    const want = int(lo, hi);
    const d = kind === 'joinmarket' ? BigInt(int(5, 50)) * 1_000_000n + BigInt(int(0, 99_999)) : 10_000_000n + BigInt(int(0, 50_000));
    const need = kind === 'wasabi-2.0' ? 2_000_000n : d + 20_000n;
    const parts = sample(users, want, (u) => u.balance >= need * 3n);
    if (parts.length < lo) return;
    const inputs: [Actor, Coin][] = [];
    const outs: [Actor, string | null, bigint][] = [];
    let joined = 0;
    let doubled = 0;
    parts.forEach((u, i) => {
      const level = kind === 'wasabi-1.1' && i < 3 ? 2n : 1n;
      const target = kind === 'wasabi-2.0' ? BigInt(int(1_000_000, 9_000_000)) : d * level + 10_000n;
      const coins = take(u, target, 3);
      if (!coins) return;
      joined++;
      if (level === 2n) doubled++;
      for (const c of coins) inputs.push([u, c]);
      let left = sum(coins) - 3_000n;
      if (kind === 'wasabi-2.0') {
        for (let k = 0; k < 4; k++) {
          const den = WW2_OUTPUTS.find((x) => x <= left);
          if (!den) break;
          outs.push([u, fresh(u), den]);
          left -= den;
        }
      } else {
        outs.push([u, fresh(u), d * level]);
        left -= d * level;
      }
      if (left >= DUST) outs.push([u, fresh(u), left]);
    });
    if (kind.startsWith('wasabi-1')) outs.push([coordinator, reused(coordinator), BigInt(int(100_000, 300_000))]);
    if (joined < lo || joined - doubled < (kind.startsWith('wasabi-1') ? 10 : 0) || inputs.length < (kind === 'wasabi-2.0' ? 50 : 2)) {
      // Too few participants could pay in: the round fails and everyone keeps their coins.
      for (const [owner, c] of inputs) {
        owner.coins.push(c);
        owner.balance += c.value;
      }
      return;
    }
    const tx = emit(inputs, outs.sort(() => rng() - 0.5));
    // A 1.1 round where fewer than two participants could afford the second level is a 1.0 round.
    mixes?.set(tx.txid, kind === 'wasabi-1.1' && doubled < 2 ? 'wasabi-1.0' : kind);
    yield tx;
  }

  for (const u of users) yield mint(u, BigInt(int(50, 500)) * 1_000_000n);
  for (const e of exchanges) for (let i = 0; i < 5; i++) yield mint(e, 5_000_000_000n);
  for (let ev = 0; ev < options.events; ev++) {
    const r = rng();
    const u = pick(users);
    const rate = options.coinJoinRate ?? 0.05;
    if (r < rate) {
      yield* coinJoin(pick(mixKinds));
    } else if (r < rate + 0.3) {
      const other = pick(users);
      if (other === u) continue;
      const payee = rng() < 0.5 ? reused(other) : fresh(other);
      yield* pay(u, payee, other, amountOf(u.balance / 2n));
    } else if (r < rate + 0.45) {
      const ex = pick(exchanges);
      yield* pay(u, fresh(ex), ex, amountOf(u.balance / 2n));
    } else if (r < rate + 0.6) {
      const ex = pick(exchanges);
      yield* pay(ex, fresh(u), u, BigInt(int(1, 300)) * 100_000n);
    } else if (r < rate + 0.7) {
      // Peel chain: each step pays someone and keeps the change for the next step.
      for (let k = int(3, 6); k > 0 && u.coins.length > 0; k--) {
        const other = pick(users);
        if (other === u) break;
        let biggest = 0n;
        for (const c of u.coins) if (c.value > biggest) biggest = c.value;
        yield* pay(u, fresh(other), other, amountOf(biggest / 3n));
      }
    } else if (r < rate + 0.8) {
      if (u.coins.length >= 3) {
        const coins = takeCount(u, int(3, Math.min(12, u.coins.length)));
        yield emit(
          coins.map((c) => [u, c]),
          [[u, fresh(u), sum(coins) - FEE]],
        );
      }
    } else if (r < rate + 0.85) {
      const ex = pick(exchanges);
      if (ex.coins.length >= 5) {
        const coins = takeCount(ex, int(5, Math.min(200, ex.coins.length)));
        yield emit(
          coins.map((c) => [ex, c]),
          [[ex, reused(ex), sum(coins) - FEE]],
        );
      }
    } else if (r < rate + 0.9) {
      yield mint(u, BigInt(int(10, 100)) * 1_000_000n);
    } else {
      // Exchange batch withdrawal to several users.
      const ex = pick(exchanges);
      const payees = Array.from({ length: int(3, 8) }, () => pick(users));
      const amounts = payees.map(() => BigInt(int(1, 200)) * 100_000n + BigInt(int(0, 99_999)));
      const total = amounts.reduce((s, x) => s + x, 0n);
      const coins = take(ex, total + FEE);
      if (!coins) continue;
      const outs: [Actor, string, bigint][] = payees.map((p, i) => [p, fresh(p), amounts[i]]);
      const change = sum(coins) - total - FEE;
      if (change >= DUST) outs.push([ex, fresh(ex), change]);
      yield emit(
        coins.map((c) => [ex, c]),
        outs,
      );
    }
  }
}

/** Generates a whole world in memory, with its ground truth. */
export function generateWorld(options: WorldOptions): World {
  const ownerOf = new Map<string, string>();
  const mixes = new Map<string, string>();
  const transactions = [...generateTransactions(options, options.truth === false ? undefined : ownerOf, mixes)];
  return { transactions, ownerOf, mixes };
}
