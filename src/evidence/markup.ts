// Escaping for the text the evidence pack writes into HTML, SVG, GraphML and GEXF: every value from
// the data (labels, notes, addresses) passes through here, so a tag label cannot inject markup.

// XML 1.0 forbids C0 control characters other than tab, LF and CR, even as character references: they
// are dropped. The five markup characters become entities.
function replacementOf(code: number): string | undefined {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d ? undefined : '';
  switch (code) {
    case 0x26:
      return '&amp;';
    case 0x3c:
      return '&lt;';
    case 0x3e:
      return '&gt;';
    case 0x22:
      return '&quot;';
    case 0x27:
      return '&apos;';
    default:
      return undefined;
  }
}

/** Code units below 0x40 that replacementOf changes (1), for the pass that finds none. */
const SPECIAL = new Uint8Array(0x40).map((_, code) => (replacementOf(code) === undefined ? 0 : 1));

/**
 * Escapes text for XML/HTML element content and attribute values, in one pass over the UTF-16 code
 * units. Most values (addresses, hashes, amounts) need nothing and are returned as they are after one
 * scan: a 10^5-flow GraphML writes millions of them.
 */
export function escapeXml(text: string): string {
  let i = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x40 && SPECIAL[code] === 1) break;
  }
  if (i === text.length) return text;
  let out = text.slice(0, i);
  let from = i;
  for (; i < text.length; i++) {
    const replacement = replacementOf(text.charCodeAt(i));
    if (replacement === undefined) continue;
    out += text.slice(from, i) + replacement;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** Turns a label into a safe file name part: "Binance 14 / hot" -> "binance-14-hot". */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'unnamed';
}
