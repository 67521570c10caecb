// One error type for the whole toolkit (house style): a code from a small union, a short message,
// structured details that tests assert on, and the standard `cause`.

export type LedgerhoundErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'RPC_FAILURE'
  | 'RATE_LIMITED'
  | 'STORE_FAILURE'
  | 'INTEGRITY';

export type ErrorDetails = Record<string, unknown>;

export class LedgerhoundError extends Error {
  override readonly name = 'LedgerhoundError';
  readonly code: LedgerhoundErrorCode;
  readonly details: ErrorDetails;

  constructor(code: LedgerhoundErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is a LedgerhoundError (of the given code, when one is given). */
export function isLedgerhoundError(e: unknown, code?: LedgerhoundErrorCode): e is LedgerhoundError {
  return e instanceof LedgerhoundError && (code === undefined || e.code === code);
}

/** Where a bad record came from: file, 1-based line (or record number for JSON arrays), and field. */
export interface InputLocation {
  file?: string;
  line?: number;
  field?: string;
}

/** An INVALID_INPUT error whose message starts with `file:line: field:` so a person can find the record. */
export function invalidInput(message: string, where: InputLocation = {}, extra: ErrorDetails = {}): LedgerhoundError {
  const place = [where.file, where.line].filter((p) => p !== undefined).join(':');
  const prefix = [place, where.field].filter((p) => p).join(': ');
  return new LedgerhoundError('INVALID_INPUT', prefix ? `${prefix}: ${message}` : message, { ...where, reason: message, ...extra });
}
