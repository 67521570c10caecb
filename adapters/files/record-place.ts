// Where a seized or frozen sum sits, as the records of seizures.jsonl (FORMATS.md v2) and of exchange
// returns (docs/victims.md) name it: `chain`, `address` and `asset`, each checked and made canonical.

import { type InputLocation, invalidInput } from '../../src/errors.js';
import { normalizeAddress } from '../../src/model/address.js';
import { normalizeAsset } from '../../src/model/asset.js';
import { resolveChainName } from '../../src/model/chain.js';
import { at, type RawRecord, requireString } from '../../src/model/fields.js';

/** The record's chain, address and asset; INVALID_INPUT naming the field otherwise. */
export function requirePlace(rec: RawRecord, where: InputLocation): { chain: string; address: string; asset: string } {
  const chainText = requireString(rec, 'chain', where);
  const chain = resolveChainName(chainText);
  if (!chain) throw invalidInput(`unknown chain "${chainText}"`, at(where, 'chain'), { value: chainText });
  return { chain, address: normalizeAddress(chain, rec.address, where, 'address'), asset: normalizeAsset(chain, rec.asset, where, 'asset') };
}
