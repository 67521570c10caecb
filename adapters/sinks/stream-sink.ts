// `stdout` sink: each alert as one JSON line on a stream the caller owns (the CLI passes stdout); confirmed
// once the stream accepted the write.

import type { Writable } from 'node:stream';
import type { Alert } from '../../src/watch/alerts.js';
import { type AlertSink, alertLine } from './sink.js';

export function streamSink(name: string, stream: Writable): AlertSink {
  return {
    name,
    deliver(alert: Alert) {
      return new Promise<void>((done, fail) => {
        stream.write(alertLine(alert), (e) => (e ? fail(e) : done()));
      });
    },
  };
}
