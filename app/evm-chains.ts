// Extra EVM chains from the environment (LEDGERHOUND_EVM_CHAINS): the chain registry of src/model/chain.ts
// extended before any command runs. Kept apart from the chain adapters so that reading it loads no codec.

import { LedgerhoundError } from '../src/errors.js';
import { registerEvmChain } from '../src/model/chain.js';

/**
 * Makes the EVM chains named in a setting known (`LEDGERHOUND_EVM_CHAINS=mychain:ETH,other:BNB`): chain
 * names are otherwise fixed (src/model/chain.ts), so a typo is never taken for a new chain.
 */
export function registerEvmChains(setting: string | undefined): void {
  if (!setting) return;
  for (const part of setting.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, symbol] = part.split(':');
    try {
      registerEvmChain(name.toLowerCase(), symbol ?? 'ETH');
    } catch (e) {
      throw new LedgerhoundError('INVALID_INPUT', `LEDGERHOUND_EVM_CHAINS: ${(e as Error).message}`, { field: 'LEDGERHOUND_EVM_CHAINS', value: part });
    }
  }
}
