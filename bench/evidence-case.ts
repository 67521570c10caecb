// Deterministic generator of a big laundering case for the evidence benchmark: victims pay collector
// addresses, funds are layered through several layers of fresh addresses in random partial transfers,
// and end at exchange deposit addresses (tagged). Every transfer carries victim money, so a trace of
// the case has about as many flows as transfers.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress } from 'ethers';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

export interface EvidenceCaseOptions {
  transfers: number;
  victims?: number;
  layers?: number;
  layerSize?: number;
  exchanges?: number;
  depositsPerExchange?: number;
  seed?: number;
}

function address(tag: string, n: number): string {
  return getAddress(`0x${createHash('sha256').update(`${tag}-${n}`).digest('hex').slice(0, 40)}`);
}

/** Writes transfers.jsonl, tags.jsonl and case.yaml into `dir`; returns the case file path. */
export function generateEvidenceCase(dir: string, options: EvidenceCaseOptions): string {
  const victims = options.victims ?? 100;
  const layers = options.layers ?? 6;
  const layerSize = options.layerSize ?? Math.max(10, Math.ceil(options.transfers / 25));
  const exchanges = options.exchanges ?? 20;
  const deposits = options.depositsPerExchange ?? 25;
  let seed = options.seed ?? 20240113;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  mkdirSync(dir, { recursive: true });
  const layer = (k: number, i: number) => address(`layer${k}`, i);
  const deposit = (i: number) => address('deposit', i);
  const lines: string[] = [];
  const payments: string[] = [];
  let n = 0;
  const emit = (from: string, to: string, amount: bigint) => {
    const hash = `0x${createHash('sha256').update(`ev-bench-${n}`).digest('hex')}`;
    const block = 19_000_000 + Math.floor(n / 100);
    const time = new Date(Date.UTC(2024, 0, 1) + Math.floor(n / 100) * 12_000).toISOString().replace('.000Z', 'Z');
    lines.push(`{"id":"${hash}:0","chain":"ethereum","asset":"${USDT}","txHash":"${hash}","block":${block},"txIndex":${n % 100},"index":0,"time":"${time}","from":"${from}","to":"${to}","amount":"${amount}"}`);
    n++;
    return `${hash}:0`;
  };
  // Funded addresses: [layer, index, balance].
  const funded: [number, number, bigint][] = [];
  const balance = new Map<string, number>();
  const credit = (k: number, i: number, amount: bigint) => {
    const key = `${k}/${i}`;
    const at = balance.get(key);
    if (at !== undefined) funded[at][2] += amount;
    else {
      balance.set(key, funded.length);
      funded.push([k, i, amount]);
    }
  };
  for (let v = 0; v < victims; v++) {
    const amount = BigInt(5_000 + rand(95_000)) * 1_000_000n;
    const collector = rand(layerSize);
    payments.push(emit(address('victim', v), layer(0, collector), amount));
    credit(0, collector, amount);
  }
  let extra = 0;
  while (n < options.transfers) {
    if (funded.length === 0) {
      // Everything reached the exchanges: another victim pays in (long-running scams have many).
      const amount = BigInt(5_000 + rand(95_000)) * 1_000_000n;
      const collector = rand(layerSize);
      payments.push(emit(address('victim', victims + extra++), layer(0, collector), amount));
      credit(0, collector, amount);
      continue;
    }
    const pick = rand(funded.length);
    const [k, i, bal] = funded[pick];
    const share = 5n + BigInt(rand(46));
    let amount = (bal * share) / 100n;
    if (amount < 1_000_000n) amount = bal;
    const last = k + 1 === layers;
    const toIndex = last ? rand(exchanges * deposits) : rand(layerSize);
    emit(layer(k, i), last ? deposit(toIndex) : layer(k + 1, toIndex), amount);
    if (amount === bal) {
      // Swap-remove the emptied address.
      const tail = funded.pop()!;
      balance.delete(`${k}/${i}`);
      if (pick < funded.length) {
        funded[pick] = tail;
        balance.set(`${tail[0]}/${tail[1]}`, pick);
      }
    } else funded[pick][2] = bal - amount;
    if (!last) credit(k + 1, toIndex, amount);
  }
  writeFileSync(join(dir, 'transfers.jsonl'), `${lines.join('\n')}\n`);
  const tags: string[] = [];
  for (let d = 0; d < exchanges * deposits; d++) {
    tags.push(JSON.stringify({ chain: 'ethereum', address: deposit(d), label: `Exchange ${String(d % exchanges).padStart(2, '0')}`, category: 'exchange', source: 'bench generator', confidence: 90 }));
  }
  writeFileSync(join(dir, 'tags.jsonl'), `${tags.join('\n')}\n`);
  const caseFile = join(dir, 'case.yaml');
  const victimLines = payments.map((t, v) => `  - id: victim-${String(v).padStart(3, '0')}\n    chain: ethereum\n    transfer: "${t}"`).join('\n');
  writeFileSync(caseFile, `name: Benchmark laundering case (${n} transfers)\nsources:\n  - transfers.jsonl\n  - tags.jsonl\nvictimPayments:\n${victimLines}\npolicy: fifo\nmaxHops: 20\n`);
  return caseFile;
}
