// Escaping for the text the evidence pack writes into HTML, SVG, GraphML and GEXF: every value from
// the data (labels, notes, addresses) passes through here, so a tag label cannot inject markup.

// XML 1.0 forbids C0 control characters other than tab, LF and CR, even as character references.
function dropControlChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    out += ch;
  }
  return out;
}

/** Escapes text for XML/HTML element content and attribute values. */
export function escapeXml(text: string): string {
  return dropControlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
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
