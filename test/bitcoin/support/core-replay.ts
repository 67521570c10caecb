// Replays bitcoin-etl's recorded Bitcoin Core responses (real mainnet, /work/shared/data/bitcoin-etl)
// as a JSON-RPC server on 127.0.0.1. The recordings are getblock verbosity 2; the adapter asks for the
// raw block (verbosity 0), which is rebuilt byte for byte from the recorded header fields and each
// transaction's recorded `hex` (the rebuilt block's hash is checked against the recorded hash).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as bitcoin from 'bitcoinjs-lib';
import { sharedData } from '../../support/fixtures.js';
import { type LocalServer, startLocalServer } from './local-server.js';

export const ETL_DIR = sharedData('bitcoin-etl/tests/resources/test_export_blocks_job/bitcoin');

interface VerboseBlock {
  hash: string;
  version: number;
  previousblockhash?: string;
  merkleroot: string;
  time: number;
  bits: string;
  nonce: number;
  tx: { hex: string }[];
}

function varint(n: number): Buffer {
  if (n < 0xfd) return Buffer.from([n]);
  const b = Buffer.alloc(3);
  b[0] = 0xfd;
  b.writeUInt16LE(n, 1);
  return b;
}

/** Rebuilds the raw block from a verbose getblock response. */
export function rawBlockOf(v: VerboseBlock): string {
  const header = Buffer.alloc(80);
  header.writeInt32LE(v.version, 0);
  Buffer.from(v.previousblockhash ?? '0'.repeat(64), 'hex').reverse().copy(header, 4);
  Buffer.from(v.merkleroot, 'hex').reverse().copy(header, 36);
  header.writeUInt32LE(v.time, 68);
  header.writeUInt32LE(Number.parseInt(v.bits, 16), 72);
  header.writeUInt32LE(v.nonce, 76);
  const raw = Buffer.concat([header, varint(v.tx.length), ...v.tx.map((t) => Buffer.from(t.hex, 'hex'))]);
  const id = bitcoin.Block.fromBuffer(raw).getId();
  if (id !== v.hash) throw new Error(`rebuilt block ${id} != recorded ${v.hash}`);
  return raw.toString('hex');
}

/** All recordings of all folders, by method and first parameter. */
function loadRecordings(): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const folder of readdirSync(ETL_DIR)) {
    for (const file of readdirSync(join(ETL_DIR, folder))) {
      const m = /^rpc_response_(getblockcount|getblockhash|getblock|getrawtransaction)(?:_([0-9a-f]+))?(?:_[A-Za-z0-9]+)?\.json$/.exec(file);
      if (!m) continue;
      const value = JSON.parse(readFileSync(join(ETL_DIR, folder, file), 'utf8'));
      if (m[1] === 'getblock' && !file.endsWith('_2.json')) continue;
      map.set(`${m[1]}:${m[2] ?? ''}`, value);
    }
  }
  return map;
}

/** Starts the replay server; `calls` counts requests per method. */
export async function startCoreReplay(): Promise<LocalServer & { calls: Record<string, number> }> {
  const rec = loadRecordings();
  const calls: Record<string, number> = {};
  const server = await startLocalServer((_req, res, body) => {
    const { method, params, id } = JSON.parse(body) as { method: string; params: unknown[]; id: unknown };
    calls[method] = (calls[method] ?? 0) + 1;
    const reply = (result: unknown, error: unknown = null, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result, error, id }));
    };
    const key = `${method}:${params[0] ?? ''}`;
    const value = rec.get(key);
    if (value === undefined) return reply(null, { code: -5, message: `no recording for ${key}` }, 404);
    if (method === 'getblock') return reply(rawBlockOf(value as VerboseBlock));
    if (method === 'getrawtransaction') return reply((value as { hex: string }).hex);
    return reply(value);
  });
  return Object.assign(server, { calls });
}
