// Command output: `--json` prints machine-readable output on stdout alone; human text goes to stdout;
// errors go to stderr with a non-zero exit code chosen by error code (documented in the README).

import { isLedgerhoundError, type LedgerhoundErrorCode } from '../src/errors.js';
import { redactText } from '../src/redact.js';

export const EXIT_CODES: Record<LedgerhoundErrorCode | 'OTHER', number> = {
  OTHER: 1,
  INVALID_INPUT: 2,
  NOT_FOUND: 3,
  INTEGRITY: 4,
  RPC_FAILURE: 5,
  RATE_LIMITED: 5,
  STORE_FAILURE: 6,
};

/** JSON with bigint written as decimal strings. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), indent);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${toJson(value)}\n`);
}

/** Prints a warning on stderr (stdout stays machine-readable under --json). */
export function warn(text: string): void {
  process.stderr.write(`ledgerhound: warning: ${redactText(text)}\n`);
}


/** Prints an error on stderr (as JSON under --json) and sets the exit code. */
export function reportError(e: unknown, opts: { json?: boolean } = {}): void {
  const code = isLedgerhoundError(e) ? e.code : 'OTHER';
  const message = redactText(e instanceof Error ? e.message : String(e));
  if (opts.json) {
    const details = isLedgerhoundError(e) ? JSON.parse(redactText(toJson(e.details, 0))) : {};
    process.stderr.write(`${toJson({ error: { code, message, details } }, 0)}\n`);
  } else {
    process.stderr.write(`ledgerhound: ${code === 'OTHER' ? 'error' : code}: ${message}\n`);
    if (process.env.LEDGERHOUND_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${redactText(e.stack)}\n`);
  }
  process.exitCode = EXIT_CODES[code];
}

/**
 * Wraps a command action: runs it, reports any error and sets the exit code. The last argument of a
 * commander action is the Command; its `opts().json` decides the error format.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as { optsWithGlobals?: () => { json?: boolean } } | undefined;
    try {
      await fn(...args);
    } catch (e) {
      reportError(e, { json: cmd?.optsWithGlobals?.().json });
    }
  };
}
