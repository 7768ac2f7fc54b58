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

/**
 * What the renderer needs to word a refusal in the user's language (`errors.reasons.<reason>` with
 * these values). Keys say how a number reads: `…Ms` an instant, `…Kw` a power, `…Money` cents,
 * `…Units` a price in 0.01/MWh, `…Wh` an energy; anything else is shown as it is (ids, names).
 */
export type ErrorParams = Readonly<Record<string, string | number>>;

export interface CallError {
  code: ErrorCode;
  /** English, for logs and support; screens word `code`/`reason`/`params` instead. */
  message: string;
  /** Dotted path of the offending input field, when one field is to blame. */
  field?: string;
  /** What exactly went wrong (an engine rejection code, USERNAME_TAKEN, …): the key the renderer words. */
  reason?: string;
  /** Values the wording of `reason` needs (the name that is taken, the limit that was hit). */
  params?: ErrorParams;
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

export interface FailDetail {
  field?: string;
  reason?: string;
  params?: ErrorParams;
}

export function fail(code: ErrorCode, message: string, extra: FailDetail = {}): never {
  throw new CallFailure({ code, message, ...extra });
}
