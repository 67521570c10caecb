// Raw-response provenance for expansion sources: every answer an HTTP client received is remembered as
// a RawRef (URL without credentials, SHA-256, time) until the source's batch is written, so that the
// ImportSource of that batch names exactly the responses it came from.

import type { HttpClient, RawRef } from './http-client.js';

/** Adds `drainRawRefs` to a source, fed by its HTTP client's responses. */
export function recordRawRefs<T extends object>(source: T, client: HttpClient): T & { drainRawRefs(): RawRef[] } {
  let refs: RawRef[] = [];
  client.onResponse((r) => refs.push(r));
  const drainRawRefs = (): RawRef[] => {
    const out = refs;
    refs = [];
    return out;
  };
  return Object.assign(source, { drainRawRefs });
}
