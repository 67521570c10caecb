// A deliberately naive reference tracer for the property tests: exact rational arithmetic, every event of
// the data processed (all addresses, all coins), no lazy activation, no rounding. It restates TRACING.md
// directly so that the engine (lazy, scaled bigint, largest remainder) can be checked against the exact
// rational answer on random graphs. Only for small inputs.
// With conversions (TRACING.md v2) the account reference walks every asset of the chain in one order, an
// out-ref taken at its place or just after its conversion's last in-ref; in-refs do not credit the venue,
// out-refs do not debit it, and each out-ref lands in-taint * its amount / in.amount (exact), one hop on.

import type { Policy } from '../../src/model/case.js';
import type { Conversion } from '../../src/model/conversion.js';
import { type AccountTransfer, compareTransfers } from '../../src/model/transfer.js';
import { compareUtxoTransactions, type UtxoTransaction, utxoFee } from '../../src/model/utxo.js';

/** An exact non-negative rational n/d, reduced. */
export interface Q {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};
export const q = (n: bigint, d = 1n): Q => {
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const isZero = (a: Q) => a.n === 0n;
const minOf = (a: bigint, b: bigint) => (a < b ? a : b);
const maxOf = (a: bigint, b: bigint) => (a > b ? a : b);

/** Taint: `${source}:${hop}` -> amount. */
type Vec = Map<string, Q>;
const vAdd = (into: Vec, from: Vec) => {
  for (const [k, v] of from) into.set(k, add(into.get(k) ?? q(0n), v));
};
const vScale = (v: Vec, f: Q): Vec => new Map([...v].map(([k, x]) => [k, mul(x, f)]));
const vSub = (into: Vec, part: Vec) => {
  for (const [k, x] of part) {
    const r = sub(into.get(k)!, x);
    if (isZero(r)) into.delete(k);
    else into.set(k, r);
  }
};
const vTotal = (v: Vec) => [...v.values()].reduce(add, q(0n));
const srcOf = (k: string) => k.slice(0, k.lastIndexOf(':'));
const hopOf = (k: string) => Number(k.slice(k.lastIndexOf(':') + 1));

export interface ReferenceResult {
  /** `${kind}|${address}|${reason}|${source}` -> exact amount (kind: endpoint, holding, fee). */
  rows: Map<string, Q>;
  /** Addresses that ever held taint -> shortfall sum. */
  shortfalls: Map<string, bigint>;
}

export interface ReferenceOptions {
  policy: Policy;
  maxHops: number;
  stop: ReadonlySet<string>;
  /** Conversions on the same chain: rows and addresses are then per asset (`<address>@<asset>`). */
  conversions?: Conversion[];
  followProbable?: boolean;
}

/** The order of the walk with conversions: an out-ref before its conversion's last in-ref moves just after it. */
function conversionOrder(transfers: AccountTransfer[], conversions: Conversion[]) {
  const ins = new Map<string, Conversion>();
  const outs = new Map<string, Conversion>();
  for (const c of [...conversions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const r of c.in.refs) if (!ins.has(r)) ins.set(r, c);
    for (const r of c.out?.refs ?? []) if (!outs.has(r)) outs.set(r, c);
  }
  const byId = new Map(transfers.map((t) => [t.id, t]));
  const keyed = transfers.map((t) => {
    const c = outs.get(t.id);
    if (!c) return { t, key: t };
    const last = c.in.refs.map((r) => byId.get(r)!).sort(compareTransfers).at(-1)!;
    return { t, key: compareTransfers(t, last) < 0 ? { ...last, id: `${last.id}\u0000${t.id}` } : t };
  });
  return { ins, outs, order: keyed.sort((a, b) => compareTransfers(a.key, b.key)).map((k) => k.t) };
}

function addRow(rows: Map<string, Q>, kind: string, address: string, reason: string, taint: Vec): void {
  for (const [k, v] of taint) {
    if (isZero(v)) continue;
    const key = `${kind}|${address}|${reason}|${srcOf(k)}`;
    rows.set(key, add(rows.get(key) ?? q(0n), v));
  }
}

function advance(taint: Vec, maxHops: number): { moved: Vec; blocked: Vec } {
  const moved: Vec = new Map();
  const blocked: Vec = new Map();
  for (const [k, v] of taint) {
    if (isZero(v)) continue;
    if (hopOf(k) >= maxHops) blocked.set(k, v);
    else moved.set(`${srcOf(k)}:${hopOf(k) + 1}`, v);
  }
  return { moved, blocked };
}

interface Account {
  balance: bigint;
  lots: { amount: bigint; taint: Vec }[];
  pool: Vec;
  reached: Map<string, number>;
  hopLimit: Vec;
  parked: Vec;
  shortfall: bigint;
  tainted: boolean;
}

/** The account model over all transfers of one chain and asset; `victims`: transfer id -> source id. */
export function referenceAccount(transfers: AccountTransfer[], victims: Map<string, string>, o: ReferenceOptions): ReferenceResult {
  const rows = new Map<string, Q>();
  const conv = o.conversions ? conversionOrder(transfers, o.conversions) : undefined;
  const place = (address: string, asset: string) => (conv ? `${address}@${asset}` : address);
  /** Conversion id -> taint that reached its in-refs. */
  const into = new Map<string, Vec>();
  const follows = (c: Conversion) => c.out !== undefined && c.kind !== 'ambiguous' && (c.confidence === 100 || o.followProbable === true);
  const accounts = new Map<string, Account>();
  const acc = (a: string) => {
    let x = accounts.get(a);
    if (!x) {
      x = { balance: 0n, lots: [], pool: new Map(), reached: new Map(), hopLimit: new Map(), parked: new Map(), shortfall: 0n, tainted: false };
      accounts.set(a, x);
    }
    return x;
  };
  const exposure = o.policy === 'poison';
  const outflow = (s: Account, amount: bigint): Vec => {
    const shortfall = amount > s.balance ? amount - s.balance : 0n;
    s.shortfall += shortfall;
    let carried: Vec = new Map();
    if (exposure) {
      for (const [src, hop] of s.reached) if (amount > 0n) carried.set(`${src}:${hop}`, q(amount));
    } else if (o.policy === 'fifo' || o.policy === 'lifo') {
      let need = amount;
      while (need > 0n && s.lots.length > 0) {
        const lot = o.policy === 'fifo' ? s.lots[0] : s.lots[s.lots.length - 1];
        const x = minOf(need, lot.amount);
        const part = vScale(lot.taint, q(x, lot.amount));
        vAdd(carried, part);
        vSub(lot.taint, part);
        lot.amount -= x;
        need -= x;
        if (lot.amount === 0n) {
          if (o.policy === 'fifo') s.lots.shift();
          else s.lots.pop();
        }
      }
    } else if (amount >= s.balance) {
      carried = s.pool;
      s.pool = new Map();
    } else if (o.policy === 'haircut') {
      carried = vScale(s.pool, q(amount, s.balance));
      vSub(s.pool, carried);
    } else {
      const total = vTotal(s.pool);
      const keep = q(s.balance - amount);
      const c = sub(total, keep);
      if (c.n > 0n) {
        carried = vScale(s.pool, q(c.n * total.d, c.d * total.n));
        vSub(s.pool, carried);
      }
    }
    s.balance = shortfall > 0n ? 0n : s.balance - amount;
    return carried;
  };
  const inflow = (r: Account, amount: bigint, taint: Vec) => {
    r.balance += amount;
    if (taint.size > 0) r.tainted = true;
    if (exposure) {
      for (const k of taint.keys()) {
        const known = r.reached.get(srcOf(k));
        if (known === undefined || hopOf(k) < known) r.reached.set(srcOf(k), hopOf(k));
      }
    } else if (o.policy === 'fifo' || o.policy === 'lifo') r.lots.push({ amount, taint: new Map(taint) });
    else vAdd(r.pool, taint);
  };

  for (const t of conv ? conv.order : [...transfers].sort(compareTransfers)) {
    const inC = conv?.ins.get(t.id);
    const outC = conv?.outs.get(t.id);
    const sender = outC ? undefined : acc(place(t.from, t.asset));
    let carried: Vec = sender ? outflow(sender, t.amount) : new Map();
    const victim = victims.get(t.id);
    let moving: Vec;
    if (victim !== undefined) {
      if (!exposure && sender) vAdd(sender.parked, carried);
      carried = new Map();
      moving = new Map([[`${victim}:1`, q(t.amount)]]);
    } else {
      const { moved, blocked } = advance(carried, o.maxHops);
      if (sender) vAdd(sender.hopLimit, blocked);
      moving = moved;
    }
    if (inC) {
      // Into the conversion, never to the venue; or an endpoint at the venue when it is not followed.
      if (follows(inC)) vAdd(into.get(inC.id) ?? into.set(inC.id, new Map()).get(inC.id)!, moving);
      else addRow(rows, 'endpoint', place(t.to!, t.asset), '', moving);
      continue;
    }
    if (outC) {
      const reached = into.get(outC.id) ?? new Map();
      let landing: Vec;
      if (exposure) {
        const min = new Map<string, number>();
        for (const k of reached.keys()) if (!min.has(srcOf(k)) || hopOf(k) < min.get(srcOf(k))!) min.set(srcOf(k), hopOf(k));
        landing = new Map([...min].filter(() => t.amount > 0n).map(([src, hop]) => [`${src}:${hop}`, q(t.amount)]));
      } else landing = vScale(reached, q(t.amount, outC.in.amount));
      const { moved, blocked } = advance(landing, o.maxHops);
      addRow(rows, 'holding', place(t.to!, t.asset), 'hop-limit', blocked);
      moving = moved;
    }
    if (t.to === null) addRow(rows, 'fee', conv ? `@${t.asset}` : '', '', moving);
    else if (moving.size > 0 && o.stop.has(t.to)) addRow(rows, 'endpoint', place(t.to, t.asset), '', moving);
    else inflow(acc(place(t.to, t.asset)), t.amount, moving);
  }
  const shortfalls = new Map<string, bigint>();
  for (const [address, a] of accounts) {
    if (a.tainted && a.shortfall > 0n) shortfalls.set(address, a.shortfall);
    let held: Vec = new Map();
    if (exposure) {
      for (const [src, hop] of a.reached) if (a.balance > 0n) held.set(`${src}:${hop}`, q(a.balance));
    } else if (o.policy === 'fifo' || o.policy === 'lifo') for (const lot of a.lots) vAdd(held, lot.taint);
    else held = a.pool;
    vAdd(held, a.parked);
    addRow(rows, 'holding', address, 'unspent', held);
    addRow(rows, 'holding', address, 'hop-limit', a.hopLimit);
  }
  return { rows, shortfalls };
}

/** The UTXO model over all transactions of one chain; `victims`: `<txid>:<vout>` -> source id. */
export function referenceUtxo(transactions: UtxoTransaction[], victims: Map<string, string>, o: ReferenceOptions): ReferenceResult {
  const rows = new Map<string, Q>();
  const coins = new Map<string, { address: string; taint: Vec }>();
  const exposure = o.policy === 'poison';
  for (const tx of [...transactions].sort(compareUtxoTransactions)) {
    const fee = utxoFee(tx);
    const parts = [...tx.outputs.map((x) => x.value), fee > 0n ? fee : 0n];
    const total = parts.reduce((a, b) => a + b, 0n);
    const taints: Vec[] = parts.map(() => new Map());
    let start = 0n;
    const reached = new Map<string, number>();
    let firstTainted: string | undefined;
    for (const input of tx.inputs) {
      const coin = input.coinbase ? undefined : coins.get(`${input.prevTxid}:${input.prevVout}`);
      const stop = start + input.value;
      if (coin) {
        coins.delete(`${input.prevTxid}:${input.prevVout}`);
        const { moved, blocked } = advance(coin.taint, o.maxHops);
        addRow(rows, 'holding', coin.address, 'hop-limit', blocked);
        if (moved.size > 0) firstTainted ??= coin.address;
        if (exposure) {
          for (const k of moved.keys()) {
            const known = reached.get(srcOf(k));
            if (known === undefined || hopOf(k) < known) reached.set(srcOf(k), hopOf(k));
          }
        } else if (o.policy === 'haircut') {
          for (const [j, p] of parts.entries()) vAdd(taints[j], vScale(moved, q(p, total)));
        } else {
          let lo = 0n;
          for (const [j, p] of parts.entries()) {
            const hi = lo + p;
            const a = maxOf(lo, start);
            const b = minOf(hi, stop);
            if (b > a) vAdd(taints[j], vScale(moved, q(b - a, input.value)));
            lo = hi;
          }
        }
      }
      start = stop;
    }
    if (exposure) {
      for (const [j, p] of parts.entries()) for (const [src, hop] of reached) if (p > 0n) taints[j].set(`${src}:${hop}`, q(p));
    }
    tx.outputs.forEach((out, n) => {
      const victim = victims.get(`${tx.txid}:${n}`);
      let taint = taints[n];
      if (victim !== undefined) {
        if (!exposure && firstTainted !== undefined) addRow(rows, 'holding', firstTainted, 'unspent', taint);
        taint = new Map([[`${victim}:1`, q(out.value)]]);
      }
      if (taint.size === 0) return;
      if (out.address === null) addRow(rows, 'fee', '', '', taint);
      else if (o.stop.has(out.address)) addRow(rows, 'endpoint', out.address, '', taint);
      else coins.set(`${tx.txid}:${n}`, { address: out.address, taint });
    });
    addRow(rows, 'fee', '', '', taints[tx.outputs.length]);
  }
  for (const coin of coins.values()) addRow(rows, 'holding', coin.address, 'unspent', coin.taint);
  return { rows, shortfalls: new Map() };
}
