// A view of a store that notes whether a trace read a chain in one scan: a call of numberedPages,
// transferPages or transfers (noted when called: a walk may look whether the store has the method).

import type { GraphStore } from '../../src/ports.js';

const SCANS = new Set<PropertyKey>(['transfers', 'transferPages', 'numberedPages']);

export function watchScan(store: GraphStore): { store: GraphStore; scanned: () => boolean } {
  let scanned = false;
  const proxy = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (!SCANS.has(key)) return value.bind(target);
      return (...args: unknown[]) => {
        scanned = true;
        return value.apply(target, args);
      };
    },
  }) as GraphStore;
  return { store: proxy, scanned: () => scanned };
}
