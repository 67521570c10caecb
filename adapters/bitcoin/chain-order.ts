// Putting raw blocks in chain order: heights from prevHash links (genesis is height 0; a block whose
// parent is missing takes its BIP-34 coinbase height, or height 1 when its parent is the known genesis),
// then the best chain is the one ending at the highest block, walked back through prevHash. Blocks off
// that chain are stale (orphaned by a reorganisation) and must not be ingested.

import { createHash } from 'node:crypto';
import { ZERO_HASH } from './decode.js';

/** Genesis block hash per chain. */
export const GENESIS_HASH: Record<string, string> = {
  bitcoin: '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
  'bitcoin-testnet': '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943',
  'bitcoin-regtest': '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
};

/** The linking facts of a block header. */
export interface HeaderLink {
  hash: string;
  prevHash: string;
  bip34Height?: number;
}

export interface ChainOrder<T extends HeaderLink> {
  /** The best chain, lowest height first. */
  main: { height: number; block: T }[];
  /** Blocks with a height that are not on the best chain. */
  stale: T[];
  /** Blocks whose height cannot be known (parent missing, no BIP-34 height). */
  unplaced: T[];
}

/** Orders blocks into the best chain (see the file header). */
export function orderChain<T extends HeaderLink>(blocks: readonly T[], chain: string): ChainOrder<T> {
  const byHash = new Map<string, T>();
  for (const b of blocks) if (!byHash.has(b.hash)) byHash.set(b.hash, b);
  const heights = new Map<string, number | null>();
  const genesis = GENESIS_HASH[chain];
  const heightOf = (start: T): number | null => {
    const path: T[] = [];
    let cur: T | undefined = start;
    let base: number | null = null;
    while (cur) {
      const known = heights.get(cur.hash);
      if (known !== undefined) {
        base = known;
        break;
      }
      path.push(cur);
      if (cur.prevHash === ZERO_HASH) {
        base = -1;
        break;
      }
      const parent = byHash.get(cur.prevHash);
      if (!parent) {
        if (cur.prevHash === genesis) base = 0;
        else if (cur.bip34Height !== undefined) base = cur.bip34Height - 1;
        else base = null;
        break;
      }
      cur = parent;
    }
    // path holds blocks from `start` back to the one whose parent height is `base`.
    for (let i = path.length - 1; i >= 0; i--) {
      const h = base === null ? null : base + 1;
      heights.set(path[i].hash, h);
      base = h;
    }
    return heights.get(start.hash) ?? null;
  };
  let tip: T | undefined;
  let tipHeight = -1;
  const unplaced: T[] = [];
  for (const b of byHash.values()) {
    const h = heightOf(b);
    if (h === null) unplaced.push(b);
    else if (h > tipHeight) {
      tip = b;
      tipHeight = h;
    }
  }
  const main: { height: number; block: T }[] = [];
  const onMain = new Set<string>();
  let cur = tip;
  while (cur) {
    const h = heights.get(cur.hash);
    if (h === null || h === undefined) break;
    main.push({ height: h, block: cur });
    onMain.add(cur.hash);
    cur = byHash.get(cur.prevHash);
  }
  main.reverse();
  const stale = [...byHash.values()].filter((b) => !onMain.has(b.hash) && heights.get(b.hash) !== null);
  return { main, stale, unplaced };
}

function readVarInt(buf: Uint8Array, pos: number): [number, number] {
  const first = buf[pos];
  if (first < 0xfd) return [first, pos + 1];
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (first === 0xfd) return [view.readUInt16LE(pos + 1), pos + 3];
  if (first === 0xfe) return [view.readUInt32LE(pos + 1), pos + 5];
  return [Number(view.readBigUInt64LE(pos + 1)), pos + 9];
}

/** Reads hash, prevHash and BIP-34 height from a raw block without decoding its transactions. */
export function readHeaderLink(raw: Uint8Array): HeaderLink {
  const header = raw.subarray(0, 80);
  const hash = Buffer.from(createHash('sha256').update(createHash('sha256').update(header).digest()).digest()).reverse().toString('hex');
  const prevHash = Buffer.from(raw.subarray(4, 36)).reverse().toString('hex');
  const version = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).readInt32LE(0);
  const link: HeaderLink = { hash, prevHash };
  if (version >= 2 && raw.length > 80) {
    try {
      let [, pos] = readVarInt(raw, 80); // transaction count
      pos += 4; // coinbase version
      if (raw[pos] === 0 && raw[pos + 1] === 1) pos += 2; // BIP-144 marker and flag
      [, pos] = readVarInt(raw, pos); // input count
      pos += 36; // null outpoint
      const [scriptLen, scriptPos] = readVarInt(raw, pos);
      const len = raw[scriptPos];
      if (scriptLen >= 2 && len >= 1 && len <= 8) {
        let h = 0;
        for (let i = len; i >= 1; i--) h = h * 256 + raw[scriptPos + i];
        link.bip34Height = h;
      }
    } catch {
      // A malformed coinbase only loses the height hint; decoding the block reports the damage.
    }
  }
  return link;
}
