// Bench helper: where a use case's time goes, per GraphStore method. `timeStore` wraps a store so that
// every call (a promise until it settles, an async iterable until it is drained, the `pages` of a
// streamed read until they are) adds its wall seconds, this process's CPU and the Neo4j server's CPU
// (read from /proc/<pid>/stat, when known) to the method's totals. The time of an iterable includes
// the consumer's work between rows, so the figures say what a read costs as the use case reads it.

import { processCpuSeconds } from './table.js';

export interface MethodTime {
  calls: number;
  wall: number;
  client: number;
  server: number;
}

/** CPU seconds (user + system) of process `pid`, 0 when not known. */
export function processCpu(pid: string | undefined): number {
  const cpu = pid ? processCpuSeconds(pid) : 0;
  return Number.isNaN(cpu) ? 0 : cpu;
}

/** `store` with every method timed into `times` (server CPU from process `serverPid`). */
export function timeStore<T extends object>(store: T, times: Map<string, MethodTime>, serverPid?: string): T {
  const start = () => ({ t: process.hrtime.bigint(), c: process.cpuUsage(), s: processCpu(serverPid) });
  const stop = (name: string, s0: ReturnType<typeof start>) => {
    const c = process.cpuUsage(s0.c);
    const e = times.get(name) ?? { calls: 0, wall: 0, client: 0, server: 0 };
    e.calls++;
    e.wall += Number(process.hrtime.bigint() - s0.t) / 1e9;
    e.client += (c.user + c.system) / 1e6;
    e.server += processCpu(serverPid) - s0.s;
    times.set(name, e);
  };
  const drain = <R>(name: string, s0: ReturnType<typeof start>, it: AsyncIterable<R>): AsyncIterable<R> =>
    (async function* () {
      try {
        yield* it;
      } finally {
        stop(name, s0);
      }
    })();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const s0 = start();
        const r = value.apply(target, args);
        if (r && typeof r.then === 'function') {
          return r.then((x: unknown) => {
            stop(prop, s0);
            return x;
          });
        }
        if (r && typeof r[Symbol.asyncIterator] === 'function') return drain(prop, s0, r);
        if (r && typeof r === 'object' && r.pages && typeof r.pages[Symbol.asyncIterator] === 'function') return { ...r, pages: drain(prop, s0, r.pages) };
        stop(prop, s0);
        return r;
      };
    },
  });
}

/** The totals as lines `PHASE <label> <method> calls=… wall=… client=… server=…`, then cleared. */
export function printTimes(label: string, times: Map<string, MethodTime>): void {
  for (const [name, e] of times) {
    console.log(`PHASE ${label} ${name} calls=${e.calls} wall=${e.wall.toFixed(2)} client=${e.client.toFixed(2)} server=${e.server.toFixed(2)}`);
  }
  times.clear();
}
