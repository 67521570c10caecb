// Deterministic generator of realistic transfer files for benchmarks: USDT and ETH movements among a
// pool of addresses, in chain order, written as JSON Lines.

import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { getAddress } from 'ethers';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

function address(n: number): string {
  return getAddress(`0x${createHash('sha256').update(`bench-address-${n}`).digest('hex').slice(0, 40)}`);
}

/** Writes `count` transfers among `addresses` addresses to `file` (skipped when the file exists). */
export async function generateTransfers(file: string, count: number, addresses = 100_000): Promise<void> {
  if (existsSync(file)) return;
  const pool = Array.from({ length: addresses }, (_, i) => address(i));
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    const hash = `0x${createHash('sha256').update(`bench-tx-${i}`).digest('hex')}`;
    const usdt = rand(4) !== 0;
    const line = `{"id":"${hash}:${usdt ? 7 : 'native'}","chain":"ethereum","asset":"${usdt ? USDT : 'ETH'}","txHash":"${hash}","block":${19_000_000 + Math.floor(i / 150)},"txIndex":${i % 150},"index":${usdt ? 7 : -1},"time":"2024-01-13T10:10:11Z","from":"${pool[rand(addresses)]}","to":"${pool[rand(addresses)]}","amount":"${1 + rand(1_000_000_000)}"}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  renameSync(tmp, file);
}
