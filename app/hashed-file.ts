// A pack file written as it is rendered: chunks of text streamed to a new file and hashed (SHA-256) on
// the way, so a big table is never held whole in memory; the digest and size go to the pack's manifest.

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';

/** Streams chunks to a new file, hashing them on the way. */
export async function writeChunks(target: string, chunks: Iterable<string>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const out = createWriteStream(target);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // observed through the races below
  let bytes = 0;
  for (const chunk of chunks) {
    const buf = Buffer.from(chunk);
    hash.update(buf);
    bytes += buf.length;
    if (!out.write(buf)) await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
  }
  await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
  return { sha256: hash.digest('hex'), bytes };
}
