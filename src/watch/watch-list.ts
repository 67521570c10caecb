// `moved` alerts for the case's `watch:` list (issue 17): an address watched for its own sake (a scam
// wallet not yet reached by the trace, a suspect's deposit address) sends value in a block after the
// baseline. The amount is the whole value sent (nothing is traced, so bySource is empty) and the note is
// the list's. The id has the shape of a traced `moved` alert for the same event, so an address both
// listed and holding traced value gives one alert (the traced one wins, it says whose money).

import type { WatchEntry } from '../model/case.js';
import type { AccountTransfer } from '../model/transfer.js';
import type { UtxoTransaction } from '../model/utxo.js';
import type { Alert, AlertContext } from './alerts.js';

export interface WatchListActivity {
  entry: WatchEntry;
  /** Account chains: the address's transfers (any direction). */
  transfers?: readonly AccountTransfer[];
  /** UTXO chains: transactions with the address among inputs or outputs. */
  transactions?: readonly UtxoTransaction[];
}

function alertOf(ctx: AlertContext, entry: WatchEntry, chain: string, tx: string, asset: string, time: string | undefined, to: Map<string, bigint>): Alert {
  const total = [...to.values()].reduce((s, v) => s + v, 0n);
  return {
    id: `moved:${chain}:${tx}:${entry.address}:${asset}`,
    kind: 'moved',
    case: ctx.caseName,
    time: time ?? ctx.now,
    chain,
    address: entry.address,
    asset,
    amount: String(total),
    bySource: {},
    to: [...to.keys()].sort().map((address) => ({ address, amount: String(to.get(address)) })),
    transactions: [tx],
    entity: null,
    freezeRequest: null,
    note: `watch list${entry.note ? `: ${entry.note}` : ''}`,
  };
}

/** `moved` alerts of watch-list addresses: their outgoing transactions after the chain's baseline. */
export function watchListAlerts(activity: readonly WatchListActivity[], ctx: AlertContext): Alert[] {
  const alerts: Alert[] = [];
  for (const { entry, transfers = [], transactions = [] } of activity) {
    const base = ctx.baselines[entry.chain];
    if (base === undefined) continue;
    const byTx = new Map<string, AccountTransfer[]>();
    for (const t of transfers) {
      if (t.block <= base || t.from !== entry.address || t.to === null) continue;
      const key = `${t.txHash}\u0000${t.asset}`;
      byTx.set(key, [...(byTx.get(key) ?? []), t]);
    }
    for (const list of byTx.values()) {
      const to = new Map<string, bigint>();
      for (const t of list) to.set(t.to as string, (to.get(t.to as string) ?? 0n) + t.amount);
      alerts.push(alertOf(ctx, entry, entry.chain, list[0].txHash, list[0].asset, list[0].time, to));
    }
    for (const tx of transactions) {
      if (tx.block <= base || !tx.inputs.some((i) => i.address === entry.address)) continue;
      const to = new Map<string, bigint>();
      for (const o of tx.outputs) if (o.address !== null && o.address !== entry.address) to.set(o.address, (to.get(o.address) ?? 0n) + o.value);
      alerts.push(alertOf(ctx, entry, entry.chain, tx.txid, 'BTC', tx.time, to));
    }
  }
  return alerts;
}
