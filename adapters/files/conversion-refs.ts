// What a conversion's refs point at, read from a GraphStore (FORMATS.md v2 `refs`): a transfer id on an
// account chain, an output `<txid>:<vout>` on a UTXO chain. Used at import to check a conversion against
// the transfers and outputs already stored (src/model/conversion.ts `checkConversionRefs`).

import { chainInfo } from '../../src/model/chain.js';
import type { ConversionRefLookup, ConversionRefTarget } from '../../src/model/conversion.js';
import type { GraphStore } from '../../src/ports.js';

/** A ref lookup backed by `store`; refs not stored give undefined. */
export function storeRefLookup(store: GraphStore): ConversionRefLookup {
  return async (chain, ref): Promise<ConversionRefTarget | undefined> => {
    const info = chainInfo(chain);
    if (!info) return undefined;
    if (info.model === 'account') {
      const t = await store.getTransfer(chain, ref);
      return t && { asset: t.asset, amount: t.amount, from: t.from, to: t.to };
    }
    const colon = ref.lastIndexOf(':');
    const tx = await store.getTransaction(chain, ref.slice(0, colon));
    const output = tx?.outputs[Number(ref.slice(colon + 1))];
    return output && { asset: info.nativeSymbol, amount: output.value, to: output.address };
  };
}
