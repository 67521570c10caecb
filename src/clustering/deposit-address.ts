// Deposit-address heuristic for account chains (Victor, "Address Clustering Heuristics for Ethereum",
// FC 2020): an exchange gives each customer a deposit address and sweeps what arrives there to its own
// wallet soon after. An address that forwards (sweeps) most of what it receives, within a short delay,
// to a tagged exchange wallet is that exchange's deposit address; the addresses that pay into it are
// one customer account, so they are linked to each other (not to the deposit address, which the
// exchange controls). Victor's parameters are 3,200 blocks (about 12 h on Ethereum) and a small
// difference between received and swept amounts; here the delay is per chain (12 h) and the swept
// share is a percentage (default 90%).
// Known false positives: a payment splitter or personal "hot wallet" that forwards everything to an
// exchange; a sender that pays several accounts (an OTC desk, a scam hub paying mules): such senders
// are linked only when they pay exactly one deposit address; deposit addresses with more than
// `maxSenders` payers give no links (they look like shared payment addresses).

import type { AccountTransfer } from '../model/transfer.js';
import { bestTag, type Tag, type TagCategory } from '../model/tag.js';
import type { ClusterLink } from '../ports.js';

export const DEPOSIT_ADDRESS = 'deposit-address';
/** The `source` of every inferred deposit-address tag. */
export const DEPOSIT_TAG_SOURCE = 'ledgerhound:deposit-address';

/** About 12 hours of blocks per chain (Victor: 3,200 Ethereum blocks). */
const DEFAULT_DELAY_BLOCKS: Record<string, number> = { ethereum: 3_200, tron: 14_400, bsc: 14_400, polygon: 21_600, arbitrum: 172_800, base: 21_600, optimism: 21_600 };

export interface DepositAddressOptions {
  /** Longest delay (blocks) between an inflow and the sweep that forwards it. Default: about 12 h. */
  maxDelayBlocks?: number;
  /** Share (percent) of what arrived that must be swept to the exchange. Default 90. */
  minSweptPercent?: number;
  /** Tag categories that count as a service sweeping deposits. Default: exchange. */
  categories?: readonly TagCategory[];
  /** Deposit addresses with more payers than this give no customer links. Default 50. */
  maxSenders?: number;
}

/** One inferred deposit address, with the sweeps that show it. */
export interface DepositAddressFinding {
  chain: string;
  address: string;
  /** The exchange's label, and the tagged wallet the first sweep went to. */
  label: string;
  category: TagCategory;
  via: string;
  confidence: number;
  /** Transfer ids of the sweeps. */
  sweeps: string[];
  /** Per asset: received from customers and swept to the exchange (base units). */
  received: Record<string, bigint>;
  swept: Record<string, bigint>;
  /** Customer addresses that paid into it, sorted. */
  senders: string[];
}

export interface DepositAddressResult {
  deposits: DepositAddressFinding[];
  links: ClusterLink[];
  inferredTags: Tag[];
}

interface AssetFlow {
  received: bigint;
  swept: bigint;
  other: bigint;
  pendingSince: number | undefined;
}

/**
 * What decides who can be a deposit address on `chain`: the service wallets (a direct tag of one of the
 * categories) and every directly tagged address. A candidate is a sender to a service wallet that is not
 * tagged itself; `inferDepositAddresses` reads nothing but the transfers from or to its candidates, so it
 * gives the same result on those alone (a store may then read only them: cluster-store.ts).
 */
export function depositRuleInputs(chain: string, tags: Iterable<Tag>, options: DepositAddressOptions = {}): { services: string[]; tagged: Set<string> } {
  const categories = new Set<string>(options.categories ?? ['exchange']);
  const services = new Set<string>();
  const tagged = new Set<string>();
  for (const t of tags) {
    if (t.inferredFrom || t.chain !== chain) continue;
    tagged.add(t.address);
    if (categories.has(t.category)) services.add(t.address);
  }
  return { services: [...services], tagged };
}

/**
 * Finds deposit addresses among the senders of transfers to tagged exchange wallets. `transfers` are
 * one or more chains' transfers in chain order; `tags` are the directly given tags (inferred ones are
 * ignored).
 */
export function inferDepositAddresses(transfers: readonly AccountTransfer[], tags: Iterable<Tag>, options: DepositAddressOptions = {}): DepositAddressResult {
  const categories = new Set<string>(options.categories ?? ['exchange']);
  const minShare = BigInt(options.minSweptPercent ?? 90);
  const maxSenders = options.maxSenders ?? 50;
  const tagsByAddress = new Map<string, Tag[]>();
  for (const t of tags) {
    if (t.inferredFrom) continue;
    const key = `${t.chain}\u0000${t.address}`;
    const list = tagsByAddress.get(key);
    if (list) list.push(t);
    else tagsByAddress.set(key, [t]);
  }
  const serviceTag = (chain: string, address: string | null): Tag | undefined => {
    if (address === null) return undefined;
    const list = tagsByAddress.get(`${chain}\u0000${address}`)?.filter((t) => categories.has(t.category));
    return list && list.length > 0 ? bestTag(list) : undefined;
  };
  // Events of each candidate: an address that sent at least once to a service wallet.
  const candidates = new Map<string, AccountTransfer[]>();
  for (const t of transfers) {
    if (t.to !== null && serviceTag(t.chain, t.to) && !tagsByAddress.has(`${t.chain}\u0000${t.from}`)) candidates.set(`${t.chain}\u0000${t.from}`, []);
  }
  for (const t of transfers) {
    candidates.get(`${t.chain}\u0000${t.from}`)?.push(t);
    if (t.to !== null && t.to !== t.from) candidates.get(`${t.chain}\u0000${t.to}`)?.push(t);
  }
  const deposits: DepositAddressFinding[] = [];
  for (const [key, events] of candidates) {
    const [chain, address] = key.split('\u0000');
    const finding = judgeCandidate(chain, address, events, serviceTag, {
      maxDelay: options.maxDelayBlocks ?? DEFAULT_DELAY_BLOCKS[chain] ?? 3_200,
      minShare,
    });
    if (finding) deposits.push(finding);
  }
  deposits.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { deposits, links: linkCustomers(deposits, transfers, maxSenders), inferredTags: deposits.map(depositTag) };
}

function judgeCandidate(
  chain: string,
  address: string,
  events: AccountTransfer[],
  serviceTag: (chain: string, address: string | null) => Tag | undefined,
  limits: { maxDelay: number; minShare: bigint },
): DepositAddressFinding | undefined {
  const flows = new Map<string, AssetFlow>();
  const sweeps: AccountTransfer[] = [];
  const senders = new Set<string>();
  const paidLabels = new Set<string>();
  let service: Tag | undefined;
  for (const t of events) {
    let f = flows.get(t.asset);
    if (!f) {
      f = { received: 0n, swept: 0n, other: 0n, pendingSince: undefined };
      flows.set(t.asset, f);
    }
    if (t.to === address) {
      if (serviceTag(chain, t.from)) continue; // gas top-ups and refunds from the exchange itself
      f.received += t.amount;
      f.pendingSince ??= t.block;
      senders.add(t.from);
      continue;
    }
    if (t.to === null) continue; // fees and burns
    const tag = serviceTag(chain, t.to);
    if (tag) paidLabels.add(tag.label);
    if (paidLabels.size > 1) return undefined; // pays two services: not a deposit address
    if (tag && f.pendingSince !== undefined && t.block - f.pendingSince <= limits.maxDelay) {
      service ??= tag;
      f.swept += t.amount;
      f.pendingSince = undefined;
      sweeps.push(t);
    } else if (!tag) {
      f.other += t.amount;
    }
    // A late payment to the service (or gas returned to it) is neither a sweep nor value sent elsewhere.
  }
  if (!service || sweeps.length === 0) return undefined;
  const received: Record<string, bigint> = {};
  const swept: Record<string, bigint> = {};
  for (const [asset, f] of flows) {
    if (f.received === 0n) {
      // Nothing arrived from customers in this asset (e.g. gas topped up by the exchange): only value
      // sent to third parties disqualifies.
      if (f.other > 0n) return undefined;
      continue;
    }
    if (f.swept * 100n < f.received * limits.minShare) return undefined;
    if (f.other * 100n > f.received * (100n - limits.minShare)) return undefined;
    received[asset] = f.received;
    swept[asset] = f.swept;
  }
  const via = sweeps[0].to as string;
  return {
    chain,
    address,
    label: service.label,
    category: service.category,
    via,
    confidence: Math.min(service.confidence, 60 + 10 * Math.min(sweeps.length, 3)),
    sweeps: sweeps.map((t) => t.id),
    received,
    swept,
    senders: [...senders].sort(),
  };
}

/** Links the payers of each deposit address to each other (star from the first payer in chain order). */
function linkCustomers(deposits: DepositAddressFinding[], transfers: readonly AccountTransfer[], maxSenders: number): ClusterLink[] {
  const depositOf = new Map<string, DepositAddressFinding>();
  for (const d of deposits) depositOf.set(`${d.chain}\u0000${d.address}`, d);
  const paidDeposits = new Map<string, Set<string>>();
  for (const t of transfers) {
    if (t.to === null || !depositOf.has(`${t.chain}\u0000${t.to}`)) continue;
    const key = `${t.chain}\u0000${t.from}`;
    if (!paidDeposits.has(key)) paidDeposits.set(key, new Set());
    paidDeposits.get(key)?.add(t.to);
  }
  const links: ClusterLink[] = [];
  const firstPayer = new Map<string, string>();
  const linked = new Set<string>();
  for (const t of transfers) {
    if (t.to === null) continue;
    const d = depositOf.get(`${t.chain}\u0000${t.to}`);
    if (!d || d.senders.length > maxSenders || !d.senders.includes(t.from)) continue;
    if ((paidDeposits.get(`${t.chain}\u0000${t.from}`)?.size ?? 0) !== 1) continue;
    const key = `${t.chain}\u0000${t.to}`;
    const first = firstPayer.get(key);
    if (first === undefined) {
      firstPayer.set(key, t.from);
      continue;
    }
    if (first === t.from || linked.has(`${key}\u0000${t.from}`)) continue;
    linked.add(`${key}\u0000${t.from}`);
    links.push({
      chain: t.chain,
      a: first,
      b: t.from,
      heuristic: DEPOSIT_ADDRESS,
      confidence: Math.min(d.confidence, 70),
      evidence: t.id,
      note: `both pay deposit address ${d.address} (${d.label})`,
    });
  }
  return links;
}

function depositTag(d: DepositAddressFinding): Tag {
  return {
    chain: d.chain,
    address: d.address,
    label: d.label,
    category: d.category,
    source: DEPOSIT_TAG_SOURCE,
    confidence: d.confidence,
    note: `deposit address: ${d.sweeps.length} sweep(s) to ${d.via}`,
    inferredFrom: { heuristic: DEPOSIT_ADDRESS, evidence: d.sweeps, via: d.via },
  };
}
