// One redaction rule for every place a credential could leak (messages, logs, evidence manifests,
// raw-cache indexes, source names): user info (`user:password@`), secret-looking query parameters
// (`apikey`, `key`, `token`, ...) and API keys carried in a URL path by hosted nodes (Infura `/v3/<key>`,
// Alchemy `/v2/<key>`, QuickNode `/<key>/`): a path segment of 20 or more letters, digits, `-` or `_`
// that follows a version segment (`/v3/`) or is the first segment of the path. Other long segments stay:
// REST APIs such as Esplora carry transaction ids and addresses in their paths (`/api/tx/<txid>`). For a
// node's JSON-RPC URL, whose path carries no data, `{ nodeUrl: true }` redacts every such segment (Ankr
// `/eth/<key>`).

const SECRET_QUERY_KEY = /^(api[-_]?key|apikey|key|token|access[-_]?token|auth[-_]?token|secret|password|pass|auth|x-api-key)$/i;
const PATH_KEY = /^(\/(?:[^/]*\/)*?v\d+)?\/[A-Za-z0-9_-]{20,}(?=\/|$)/;
const ANY_PATH_KEY = /\/[A-Za-z0-9_-]{20,}(?=\/|$)/g;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi;

export interface RedactOptions {
  /** The URL is a node's JSON-RPC endpoint: every long path segment is a key. */
  nodeUrl?: boolean;
}

/** The URL with credentials replaced by REDACTED (user info removed). Strings that are not URLs come back unchanged. */
export function redactUrl(url: string, options: RedactOptions = {}): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  parsed.username = '';
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_KEY.test(key)) parsed.searchParams.set(key, 'REDACTED');
  }
  if (parsed.pathname.length > 1) {
    parsed.pathname = options.nodeUrl ? parsed.pathname.replace(ANY_PATH_KEY, '/REDACTED') : parsed.pathname.replace(PATH_KEY, (_m, prefix: string | undefined) => `${prefix ?? ''}/REDACTED`);
  }
  return parsed.toString();
}

/** The text with every URL in it redacted by {@link redactUrl}. */
export function redactText(text: string, options: RedactOptions = {}): string {
  return text.replace(URL_IN_TEXT, (u) => redactUrl(u, options));
}
