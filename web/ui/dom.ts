// Building the page's elements safely: every piece of data becomes a text node (textContent), never
// markup; attributes are set one by one and event-handler attributes (`on...`) are refused. Labels come
// from third-party tag lists, so nothing here ever parses a string as HTML.

type Child = Node | string | number | null | undefined | false;

/** An element with attributes and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name)) throw new Error(`event attribute ${name} refused`);
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

/** Empties an element and puts children in. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** An accessible table: caption, column headers with scope, one row per item. */
export function table<T>(caption: string, columns: { head: string; num?: boolean; cell: (row: T) => Child }[], rows: T[], attrs: Record<string, string> = {}): HTMLTableElement {
  return el(
    'table',
    attrs,
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.head)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...columns.map((c) => el('td', { class: c.num ? 'num' : undefined }, c.cell(r)))))),
  );
}

/** A link outside the workspace (explorer): http(s) only, no referrer, new tab. */
export function externalLink(url: string | undefined, text: string): Node {
  if (!url || !/^https?:\/\//.test(url)) return document.createTextNode(text);
  return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, text);
}

/** `0x1234…abcd`: a long address shortened for a graph label (the full one is in the panel). */
export function shortAddress(address: string): string {
  return address.length > 16 ? `${address.slice(0, 8)}…${address.slice(-6)}` : address;
}
