// Progress on stderr for long work: a counter that redraws in place on a terminal and prints a line
// every few seconds otherwise (CI logs). Never writes to stdout, so `--json` output stays clean. Each
// report also lets the heap's growth be tightened once the heap is large (heap-growth.ts).

import { noteProgress } from './heap-growth.js';

export interface Progress {
  tick(n?: number): void;
  set(done: number): void;
  done(message?: string): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  unit?: string;
  /** Silence (tests, --quiet). */
  quiet?: boolean;
}

export function createProgress(opts: ProgressOptions): Progress {
  const tty = process.stderr.isTTY === true;
  const unit = opts.unit ?? 'records';
  let count = 0;
  const started = Date.now();
  // The first line comes one interval after the start: short jobs print only their final line.
  let lastDraw = started;
  // LEDGERHOUND_PROGRESS_MS sets the redraw interval (tests use a short one to watch an import run).
  const interval = Number(process.env.LEDGERHOUND_PROGRESS_MS) || (tty ? 100 : 5000);
  const draw = (final: boolean) => {
    if (opts.quiet) return;
    const now = Date.now();
    if (!final && now - lastDraw < interval) return;
    lastDraw = now;
    const secs = (now - started) / 1000;
    const rate = secs > 0 ? Math.round(count / secs) : 0;
    let text = `${opts.label}: ${count.toLocaleString('en-US')}`;
    if (opts.total !== undefined) {
      const pct = opts.total > 0 ? Math.floor((count / opts.total) * 100) : 100;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      text = `${opts.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${count.toLocaleString('en-US')}/${opts.total.toLocaleString('en-US')}`;
    }
    text += ` ${unit} (${rate.toLocaleString('en-US')}/s)`;
    process.stderr.write(tty ? `\r\x1b[2K${text}` : `${text}\n`);
  };
  return {
    tick(n = 1) {
      count += n;
      noteProgress();
      draw(false);
    },
    set(done) {
      count = done;
      noteProgress();
      draw(false);
    },
    done(message) {
      draw(true);
      if (!opts.quiet) {
        if (tty) process.stderr.write('\n');
        if (message) process.stderr.write(`${message}\n`);
      }
    },
  };
}
