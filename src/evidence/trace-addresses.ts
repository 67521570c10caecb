// The addresses a trace used (victims' landings, flows, cash-out points, holdings): what decides which
// tags mark a pack (TLP, docs/sharing.md) and which analysts' notes go into it (docs/evidence.md).

import type { TraceRun } from '../model/trace-result.js';

/** `chain/address` of every address the trace used. */
export function addressesOfTrace(run: TraceRun): Set<string> {
  const used = new Set<string>();
  const add = (chain: string, address: string | null | undefined) => {
    if (address) used.add(`${chain}/${address}`);
  };
  for (const f of run.flows) {
    add(f.chain, f.from);
    add(f.chain, f.to);
  }
  for (const s of run.result.sources) add(s.chain, s.address);
  for (const e of run.result.endpoints) add(e.chain, e.address);
  for (const h of run.result.holdings) add(h.chain, h.address);
  return used;
}
