// A requests-per-second limit shared by every request of one client: each caller waits for the next
// free slot (slots 1/rps seconds apart), so bursts are spread out instead of rejected by the server.

/** Waits until the caller may send its next request. */
export interface RateLimiter {
  acquire(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Requests per second; 0 or Infinity means no limit. */
  requestsPerSecond: number;
  /** Injected clock and sleep for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Default sleep: a plain timer. */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates a limiter that hands out slots at most `requestsPerSecond` per second, in call order.
 * Slots are reserved synchronously, so concurrent callers never share one.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rps = options.requestsPerSecond;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepMs;
  if (!(rps > 0) || !Number.isFinite(rps)) return { acquire: async () => {} };
  const interval = 1000 / rps;
  let next = 0;
  return {
    async acquire() {
      const t = now();
      const slot = Math.max(t, next);
      next = slot + interval;
      if (slot > t) await sleep(slot - t);
    },
  };
}
