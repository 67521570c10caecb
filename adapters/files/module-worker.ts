// Starts a worker thread on a module beside the caller: the built .js, or from source (tests, bench) the
// .ts loaded through tsx, registered inside the worker (node 20 does not apply a parent's `--import tsx`
// hooks to a worker thread).

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A worker running `<name>.js` (or `<name>.ts` from source) of the directory of `callerUrl` (its import.meta.url). */
export function startModuleWorker(callerUrl: string, name: string, workerData?: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  const tsx = pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData });
}
