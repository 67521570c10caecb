// The API's answers as the page reads them (app/workspace*.ts builds them; amounts arrive as text).

export interface CaseSummary {
  name: string;
  /** Absent when the workspace shows a store without a case. */
  file?: string;
  settings?: { policy: string; maxHops: number; until?: string; stopAt: string[] };
  victims: { id: string; chain: string; asset: string; amountText: string; address?: string; time?: string }[];
  assets: string[];
  timeRange?: { from: string; to: string };
  policies: string[];
  /** What this workspace may change: notes (`--allow-changes`, with their author) and fetching (`--allow-fetch`). */
  allow?: { notes: boolean; fetch: boolean; author?: string };
}

export interface Note {
  id: string;
  chain: string;
  address: string;
  time: string;
  author: string;
  text: string;
}

export interface FetchHopResult {
  chain: string;
  address: string;
  source: string;
  added: { transactions: number; transfers: number };
  existing: { transactions: number; transfers: number };
  busy?: number;
  reason?: string;
}

export interface TraceNode {
  id: string;
  chain: string;
  address: string;
  kind: 'victim' | 'cash-out' | 'holding' | 'address' | 'other';
  layer: number;
  label?: string;
  category?: string;
  victims: string[];
}

export interface TraceEdge {
  id: string;
  source: string;
  target: string;
  chain: string;
  asset: string;
  amount: string;
  amountText: string;
  victim: string;
  hop: number;
  flows: number;
}

export interface Row {
  chain: string;
  address: string;
  asset: string;
  amount: string;
  amountText: string;
  label?: string;
  category?: string;
  hops: number;
  note?: string;
}

export interface TraceView {
  nodes: TraceNode[];
  edges: TraceEdge[];
  cashOuts: Row[];
  holdings: Row[];
  edgeCount: number;
  aggregated: number;
  victims: string[];
}

export interface Flow {
  chain: string;
  asset: string;
  ref: string;
  txHash: string;
  from: string;
  to: string | null;
  hop: number;
  amount: string;
}

export interface Explanation {
  paths: { source: string; hops: Flow[] }[];
  truncated: boolean;
}

export interface AddressPanel {
  chain: string;
  address: string;
  url?: string;
  tags: { label: string; category: string; source: string; confidence: number }[];
  cluster?: { clusterId: string; size: number; members: string[] };
  totals: { asset: string; received: string; sent: string; balance: string; transfersIn: number; transfersOut: number }[];
  transfers: { ref: string; tx: string; time?: string; direction: 'in' | 'out'; counterparty: string | null; amountText: string; url?: string }[];
  traced: { kind: string; asset: string; amountText: string; hops?: number; reason?: string }[];
  moreTransfers: boolean;
  notes: Note[];
}

export interface Neighbourhood {
  nodes: { id: string; chain: string; address: string; label?: string; category?: string; role: 'center' | 'counterparty' | 'cluster' }[];
  edges: { id: string; source: string; target: string; kind: 'flow' | 'link'; text: string }[];
}

export interface CommunityNode {
  /** -1: the "other" node of folded communities. */
  community: number;
  size: number;
  value: number;
  topMembers: string[];
  tagged: { chain: string; address: string; label: string; category: string }[];
  taggedCount: number;
  internal: string[];
  folded?: number;
}

export interface CommunityLink {
  id: string;
  source: number;
  target: number;
  /** Per `<chain>/<asset>`: base units. */
  amounts: Record<string, string>;
  amountText: string[];
  weight: number;
  edges: number;
}

export interface Communities {
  modularity: number;
  count: number;
  nodes: number;
  edges: number;
  communities: CommunityNode[];
  links: CommunityLink[];
  foldedCommunities: number;
  foldedLinks: number;
}

export interface MemberFlow {
  id: string;
  source: string;
  target: string;
  amounts: Record<string, string>;
  amountText: string[];
  weight: number;
}

export interface CommunityDetail {
  community: number;
  size: number;
  members: { id: string; chain: string; address: string; label?: string; category?: string; strength: number }[];
  tagged: { chain: string; address: string; label: string; category: string }[];
  internal: MemberFlow[];
  across: MemberFlow[];
  moreMembers: number;
  moreFlows: number;
}

export interface SearchHit {
  kind: 'address' | 'transaction' | 'label';
  chain: string;
  id: string;
  text: string;
}
