// Retry timing: exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
// Jitter", 2015) and the HTTP Retry-After header (RFC 9110 section 10.2.3: delay-seconds or an HTTP-date).

/** How long to wait between attempts. */
export interface BackoffOptions {
  /** First delay ceiling in milliseconds (default 250). */
  baseMs?: number;
  /** Largest delay in milliseconds (default 15000). */
  maxMs?: number;
  /** Random source in [0, 1) for the jitter; inject a seeded one for deterministic tests. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): a random value in
 * [ceiling / 2, ceiling] where ceiling = min(maxMs, baseMs * 2^(attempt-1)).
 */
export function computeBackoffMs(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 15_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Parses a Retry-After header into milliseconds from `now`, or undefined when absent or unreadable.
 * Negative values (dates in the past) become 0.
 */
export function parseRetryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
