// TLS for the Neo4j store (issue 18): a server or cluster whose certificate is signed by a private CA
// (a unit's own PKI) is trusted through NEO4J_CA_FILE, a PEM file of CA certificates, given to the
// driver as its custom trust (TRUST_CUSTOM_CA_SIGNED_CERTIFICATES). Secrets and paths come from the
// environment only. The URL schemes keep their driver meaning: `neo4j://` routes (reads to readers,
// writes to the leader), `bolt://` talks to one server; `+s` adds TLS with the system CAs, `+ssc` TLS
// trusting any certificate. With NEO4J_CA_FILE the driver refuses a `+s` scheme together with a trust
// setting, so `+s`/`+ssc` are taken as their plain scheme plus TLS with that CA.

import { readFileSync } from 'node:fs';
import type { Config } from 'neo4j-driver';
import { LedgerhoundError } from '../../src/errors.js';

/** The driver URL and the trust settings for `url` under `caFile` (NEO4J_CA_FILE), checked. */
export function tlsSettings(url: URL, caFile: string | undefined): { url: string; config: Pick<Config, 'encrypted' | 'trust' | 'trustedCertificates'> } {
  const text = url.toString().replace(/\?$/, '');
  if (caFile === undefined || caFile === '') return { url: text, config: {} };
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (e) {
    throw new LedgerhoundError('INVALID_INPUT', `NEO4J_CA_FILE ${caFile} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { field: 'NEO4J_CA_FILE', file: caFile });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new LedgerhoundError('INVALID_INPUT', `NEO4J_CA_FILE ${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`, { field: 'NEO4J_CA_FILE', file: caFile });
  }
  const plain = text.replace(/^(neo4j|bolt)\+(s|ssc):/i, '$1:');
  return { url: plain, config: { encrypted: 'ENCRYPTION_ON', trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES', trustedCertificates: [caFile] } };
}

/** The messages of an error and of its causes (the driver hides a TLS failure under a routing error). */
export function causeMessages(e: unknown): string[] {
  const out: string[] = [];
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 5; c = (c as { cause?: unknown }).cause, depth++) out.push(c.message);
  return out;
}

/** A reason to show for a TLS failure: which certificate was not trusted and what to set. */
export function tlsReason(messages: readonly string[], caFile: string | undefined): string | undefined {
  const message = messages.find((m) => /certificate|self[- ]signed|SSL|TLS|CERT_|unable to verify|wrong version number|EPROTO/i.test(m));
  if (message === undefined) return undefined;
  return caFile
    ? `TLS failed: the server's certificate is not trusted by the CA in NEO4J_CA_FILE (${caFile}), or the server does not speak TLS (${message})`
    : `TLS failed: the server's certificate is not trusted; for a private CA set NEO4J_CA_FILE to its PEM file (${message})`;
}
