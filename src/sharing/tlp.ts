// Traffic Light Protocol 2.0 (FIRST, https://www.first.org/tlp/) for sharing: the order of the markings
// (clear < green < amber < amber+strict < red) and the one rule a share obeys: nothing goes out under a
// marking less strict than the data's own. A tag marked `red` is never put in an `amber` bundle; a tag
// without a marking is the investigator's own or public data and may go out under any marking.
// Also the STIX 2.1 marking-definition objects (TLP 2.0, OASIS cti-stix-common-objects, fixed ids) and
// the names other tools use (TLP 1.0 `white`, MISP tags `tlp:amber`), read back on import.

import { isTlp, TLP_LEVELS, type Tlp } from '../model/tag.js';

export type { Tlp };

/** 0 (clear) .. 4 (red). */
export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

/** True when data marked `data` may be shared under `marking` (the marking is at least as strict). */
export function mayShareUnder(data: Tlp | undefined, marking: Tlp): boolean {
  return data === undefined || tlpRank(data) <= tlpRank(marking);
}

/** The strictest of several markings (undefined when none is given). */
export function strictestTlp(markings: Iterable<Tlp | undefined>): Tlp | undefined {
  let out: Tlp | undefined;
  for (const m of markings) if (m !== undefined && (out === undefined || tlpRank(m) > tlpRank(out))) out = m;
  return out;
}

/** Reads a marking name in any common spelling (`amber`, `TLP:AMBER`, `tlp:white`); undefined if it is none. */
export function parseTlpName(value: unknown): Tlp | undefined {
  if (typeof value !== 'string') return undefined;
  const level = value.trim().toLowerCase().replace(/^tlp:/, '');
  if (level === 'white') return 'clear';
  return isTlp(level) ? level : undefined;
}

/** The OASIS TLP 2.0 extension that the 2.0 marking-definition objects use. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** STIX 2.1 marking-definition ids of TLP 2.0 (OASIS cti-stix-common-objects, tlp-2.0). */
export const TLP2_MARKING_IDS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** STIX 2.1 spec section 7.2.1.4: the predefined TLP 1.0 marking-definition ids (read on import). */
const TLP1_MARKING_IDS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

/** The TLP 2.0 marking-definition object for a level, exactly as OASIS publishes it. */
export function tlpMarkingDefinition(tlp: Tlp): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp } },
  };
}

/**
 * The TLP level of a marking-definition id: the fixed TLP 1.0 and 2.0 ids, or a marking-definition object
 * of the document (`definition_type: tlp` or the TLP 2.0 extension). Undefined when it is not TLP.
 */
export function tlpOfMarking(id: string, definitions: ReadonlyMap<string, Record<string, unknown>> = new Map()): Tlp | undefined {
  for (const [level, known] of Object.entries(TLP2_MARKING_IDS)) if (known === id) return level as Tlp;
  if (TLP1_MARKING_IDS[id]) return TLP1_MARKING_IDS[id];
  const def = definitions.get(id);
  if (!def) return undefined;
  const legacy = (def.definition as { tlp?: unknown } | undefined)?.tlp;
  if (def.definition_type === 'tlp' && legacy !== undefined) return parseTlpName(legacy);
  const ext = (def.extensions as Record<string, { tlp_2_0?: unknown }> | undefined)?.[TLP2_EXTENSION_ID];
  return parseTlpName(ext?.tlp_2_0) ?? parseTlpName(def.name);
}
