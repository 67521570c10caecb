// The producer of a shared document: the agency or unit that shares (a STIX `identity`, a MISP `Orgc`).
// Read from a small YAML or JSON config (`--producer FILE`, docs/sharing.md):
//   name: National Cybercrime Unit        # required
//   uuid: 4b3e...                         # optional; default: UUIDv5 of the name (stable across runs)
//   identityClass: organization           # optional (STIX identity_class), default organization
//   contact: cyber-unit@example.org       # optional (STIX contact_information)
//   country: NL                           # optional, ISO 3166 alpha-2 (a STIX location the identity is located-at)

import { invalidInput, type InputLocation } from '../errors.js';
import { uuidV5 } from './uuid5.js';

export interface Producer {
  name: string;
  uuid: string;
  identityClass: string;
  contact?: string;
  country?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IDENTITY_CLASSES = ['individual', 'group', 'system', 'organization', 'class', 'unknown'];

/** When no config is given. */
export const DEFAULT_PRODUCER: Producer = producerOf('Ledgerhound user');

function producerOf(name: string): Producer {
  return { name, uuid: uuidV5(`producer|${name}`), identityClass: 'organization' };
}

/** Validates a parsed producer config. */
export function parseProducer(value: unknown, where: InputLocation = {}): Producer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput('producer config must be a mapping', where);
  const rec = value as Record<string, unknown>;
  const str = (field: string): string | undefined => {
    const v = rec[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw invalidInput('must be a non-empty string', { ...where, field }, { value: v });
    return v.trim();
  };
  const name = str('name');
  if (name === undefined) throw invalidInput('is required', { ...where, field: 'name' });
  const out = producerOf(name);
  const uuid = str('uuid')?.toLowerCase();
  if (uuid !== undefined) {
    if (!UUID.test(uuid)) throw invalidInput('must be a UUID', { ...where, field: 'uuid' }, { value: uuid });
    out.uuid = uuid;
  }
  const identityClass = str('identityClass');
  if (identityClass !== undefined) {
    if (!IDENTITY_CLASSES.includes(identityClass)) throw invalidInput(`must be one of ${IDENTITY_CLASSES.join(', ')}`, { ...where, field: 'identityClass' });
    out.identityClass = identityClass;
  }
  const contact = str('contact');
  if (contact !== undefined) out.contact = contact;
  const country = str('country');
  if (country !== undefined) {
    if (!/^[A-Z]{2}$/.test(country)) throw invalidInput('must be an ISO 3166 alpha-2 code (NL, DE, ...)', { ...where, field: 'country' }, { value: country });
    out.country = country;
  }
  return out;
}
