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
}

export interface Neighbourhood {
  nodes: { id: string; chain: string; address: string; label?: string; category?: string; role: 'center' | 'counterparty' | 'cluster' }[];
  edges: { id: string; source: string; target: string; kind: 'flow' | 'link'; text: string }[];
}

export interface Communities {
  modularity: number;
  communities: { community: number; size: number; topMembers: string[]; tagged: { chain: string; address: string; label: string; category: string }[]; internal: string[] }[];
}

export interface SearchHit {
  kind: 'address' | 'transaction' | 'label';
  chain: string;
  id: string;
  text: string;
}
