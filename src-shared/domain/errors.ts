/** Error codes every transport answers with; the renderer maps each to plain words. */
export const ERROR_CODES = [
  'UNKNOWN_METHOD',
  'BAD_REQUEST',
  'BAD_INPUT',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  /** Too many sign-in attempts from this address or connection, or too many at once on the terminal. */
  'RATE_LIMITED',
  'UNLOCK_TOKEN_INVALID',
  'SETUP_TOKEN_INVALID',
  'ALREADY_SET_UP',
  'CONFLICT',
  'NOT_FOUND',
  'REJECTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CallError {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending input field, when one field is to blame. */
  field?: string;
  /** Domain reason (e.g. an engine rejection code) when code is REJECTED. */
  reason?: string;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

export class CallFailure extends Error {
  readonly error: CallError;
  constructor(error: CallError) {
    super(error.message);
    this.name = 'CallFailure';
    this.error = error;
  }
}

export function fail(code: ErrorCode, message: string, extra: { field?: string; reason?: string } = {}): never {
  throw new CallFailure({ code, message, ...extra });
}
