// Alert sinks (issue 17, FORMATS.md v2 "Alerts"): where `watch` delivers an alert. Delivery is at least
// once: `deliver` resolves only when the sink confirmed the alert (written and synced, accepted with a
// 2xx, a command that exited 0), and the watcher marks it delivered in the store only then. Receivers
// de-duplicate on the alert's id. A sink's `name` is stable across runs: deliveries are recorded by it.

import type { Alert } from '../../src/watch/alerts.js';

export interface AlertSink {
  /** Stable name (`jsonl:/abs/file`, `webhook:https://host/path`, `exec:cmd`, `stdout`), credentials stripped. */
  readonly name: string;
  /** Resolves once the sink confirmed the alert; rejects otherwise (the alert stays undelivered). */
  deliver(alert: Alert): Promise<void>;
  /** Alerts an earlier run could not deliver (a dead-letter file), handed back once to be delivered first. */
  takePending?(): Promise<Alert[]>;
}

/** The body a sink sends: one alert as one line of JSON. */
export function alertLine(alert: Alert): string {
  return `${JSON.stringify(alert)}\n`;
}
