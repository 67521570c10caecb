// The shared HTTP transport in one import: retrying client, JSON-RPC, rate limit, backoff, raw cache.
export * from './backoff.js';
export * from './http-client.js';
export * from './json-rpc.js';
export * from './rate-limiter.js';
export * from './raw-cache.js';
