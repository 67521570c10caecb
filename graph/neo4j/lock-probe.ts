// Whether a namespace's write lock (its :Store node, held by a staged import or a clustering run for
// their whole length; import-staging.ts, clustering-staging.ts) can be taken now. Crash recovery asks
// this before touching leftovers: a live writer cleans up after itself, and a reader must not wait.

import type { Runner } from './runner.js';

/** How long the probe waits for the lock before it counts as held. */
const PROBE_MS = 1_500;

/** True when the lock of namespace `ns` was free (taken and released at once); false when busy or not writable. */
export async function lockIsFree(runner: Runner, ns: string): Promise<boolean> {
  const probe = runner.session('WRITE');
  try {
    const tx = probe.beginTransaction({ timeout: PROBE_MS });
    try {
      await tx.run('MATCH (m:Store {ns: $ns}) SET m._lock = true REMOVE m._lock', { ns });
    } finally {
      if (tx.isOpen()) await tx.rollback().catch(() => {});
    }
    return true;
  } catch {
    return false;
  } finally {
    await probe.close();
  }
}
