// Name-based UUIDs, version 5 (RFC 9562 section 5.5: SHA-1 of namespace bytes + name, version and
// variant bits set). STIX 2.1 recommends them for deterministic identifiers: the same case shared twice
// gives the same ids.

import { createHash } from 'node:crypto';

/** The namespace of every id Ledgerhound derives for a shared document (a fixed random UUID). */
export const LEDGERHOUND_NAMESPACE = '0c823aa4-ed3e-4955-955b-0fd7a4e01931';

/** STIX 2.1 section 2.9: the namespace for deterministic SCO ids (also used by the dogesec extensions). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** UUIDv5 of `name` (UTF-8) in `namespace`. */
export function uuidV5(name: string, namespace: string = LEDGERHOUND_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
