// `exec:CMD` sink: runs the command through the shell with the alert (one JSON line) on its stdin and the
// alert id in LEDGERHOUND_ALERT_ID; exit status 0 confirms the delivery, anything else fails it (the
// alert is offered again at the next poll).

import { spawn } from 'node:child_process';
import { LedgerhoundError } from '../../src/errors.js';
import type { Alert } from '../../src/watch/alerts.js';
import { type AlertSink, alertLine } from './sink.js';

export interface ExecSinkOptions {
  cwd: string;
  /** Environment of the command (the caller's, passed in). */
  env: Record<string, string | undefined>;
  /** Longest run of the command in ms (default 60000). */
  timeoutMs?: number;
}

export function execSink(command: string, options: ExecSinkOptions): AlertSink {
  return {
    name: `exec:${command}`,
    deliver(alert: Alert) {
      return new Promise<void>((done, fail) => {
        const child = spawn(command, { shell: true, cwd: options.cwd, env: { ...options.env, LEDGERHOUND_ALERT_ID: alert.id }, stdio: ['pipe', 'ignore', 'pipe'], timeout: options.timeoutMs ?? 60_000 });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          stderr = (stderr + d.toString('utf8')).slice(-500);
        });
        child.on('error', (e) => fail(new LedgerhoundError('INVALID_INPUT', `exec sink: ${e.message}`, { field: '--sink', command }, { cause: e })));
        child.on('close', (code, signal) => {
          if (code === 0) done();
          else fail(new LedgerhoundError('RPC_FAILURE', `exec sink: "${command}" ended with ${signal ?? `status ${code}`}${stderr ? `: ${stderr.trim()}` : ''}`, { field: '--sink', command, code, signal }));
        });
        child.stdin.on('error', () => {
          // a command that does not read its input still decides by its exit status
        });
        child.stdin.end(alertLine(alert));
      });
    },
  };
}
