// Why are two addresses in one cluster? Breadth-first search over the stored links from A to B gives
// the shortest chain of links; every step names its heuristic, confidence and the transaction (or
// transfer) that justifies it, so a reader can check each one on a block explorer.

import type { ClusterLink } from '../ports.js';

/** One step of an explanation: from one address to the next, by one link. */
export interface LinkStep {
  from: string;
  to: string;
  heuristic: string;
  confidence: number;
  evidence: string;
  note?: string;
}

export interface LinkExplanation {
  chain: string;
  a: string;
  b: string;
  linked: boolean;
  steps: LinkStep[];
  /** The lowest confidence along the chain (a chain is as strong as its weakest link). */
  confidence: number;
}

export interface ExplainLinkOptions {
  /** Stop after visiting this many addresses (very large clusters). Default 1,000,000. */
  maxVisited?: number;
}

/**
 * The shortest chain of links from `a` to `b`, reading each address's links through `linksOf`
 * (a store's `linksOf`, or an in-memory index). Among links between the same two addresses the most
 * confident is shown.
 */
export async function explainLink(
  chain: string,
  a: string,
  b: string,
  linksOf: (address: string) => Promise<ClusterLink[]> | ClusterLink[],
  options: ExplainLinkOptions = {},
): Promise<LinkExplanation> {
  const maxVisited = options.maxVisited ?? 1_000_000;
  const notLinked: LinkExplanation = { chain, a, b, linked: false, steps: [], confidence: 0 };
  if (a === b) return { chain, a, b, linked: true, steps: [], confidence: 100 };
  const via = new Map<string, { prev: string; link: ClusterLink }>();
  const visited = new Set<string>([a]);
  let frontier = [a];
  while (frontier.length > 0 && visited.size < maxVisited) {
    const next: string[] = [];
    for (const address of frontier) {
      const links = [...(await linksOf(address))].sort((x, y) => y.confidence - x.confidence || (x.evidence < y.evidence ? -1 : 1));
      for (const link of links) {
        const other = link.a === address ? link.b : link.a;
        if (visited.has(other)) continue;
        visited.add(other);
        via.set(other, { prev: address, link });
        if (other === b) return buildExplanation(chain, a, b, via);
        next.push(other);
      }
    }
    frontier = next;
  }
  return notLinked;
}

function buildExplanation(chain: string, a: string, b: string, via: Map<string, { prev: string; link: ClusterLink }>): LinkExplanation {
  const steps: LinkStep[] = [];
  let at = b;
  while (at !== a) {
    const hop = via.get(at) as { prev: string; link: ClusterLink };
    const step: LinkStep = { from: hop.prev, to: at, heuristic: hop.link.heuristic, confidence: hop.link.confidence, evidence: hop.link.evidence };
    if (hop.link.note !== undefined) step.note = hop.link.note;
    steps.unshift(step);
    at = hop.prev;
  }
  return { chain, a, b, linked: true, steps, confidence: Math.min(...steps.map((s) => s.confidence)) };
}
