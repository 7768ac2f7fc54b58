import type { CallError, ErrorCode } from '../../../../src-shared/domain/errors';
import { ApiError } from '../../transport/api-error';

/** `t` from react-i18next, i18next or `useFastT`. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * Codes whose words are the same whatever the call: the terminal's own sentence for the code says
 * it in the user's language, where the core only has English.
 */
const WORDED_BY_CODE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'UNKNOWN_METHOD',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'UNLOCK_TOKEN_INVALID',
  'SETUP_TOKEN_INVALID',
  'ALREADY_SET_UP',
  'INTERNAL',
]);

/** Reasons are upper-case codes (`DESK_KILL_SWITCH`); anything else is not looked up as a locale key. */
const REASON = /^[A-Z][A-Z0-9_]*$/;

/**
 * An engine reason code (an order's `reason`: OFF_TICK, KILL_SWITCH, …) in the user's language where
 * the locales word it (`errors.reasons.<REASON>`), else the code itself, which support can look up.
 */
export function reasonText(reason: string, t: Translate): string {
  if (!REASON.test(reason)) return reason;
  const worded = t(`errors.reasons.${reason}`, { defaultValue: '' });
  return worded === '' ? reason : worded;
}

/** What the core answered, in the user's language where the terminal has the words for it. */
export function callErrorText(error: CallError, t: Translate): string {
  const { code, message, field, reason } = error;
  // A reason the locales word (`errors.reasons.<REASON>`) reads in the user's language.
  if (reason !== undefined && reasonText(reason, t) !== reason) return reasonText(reason, t);
  if (WORDED_BY_CODE.has(code)) return t(`errors.${code}`);
  // Without a field, a refusal is the router's role check, worded the same for every call.
  if (code === 'FORBIDDEN' && field === undefined) return t('errors.FORBIDDEN');
  // Refusals, bad input, conflicts and missing things name what only the core knows: the limit that
  // was hit, the name that is taken, the rule the password breaks.
  return message === '' ? t(`errors.${code}`) : message;
}

/**
 * The one way an error becomes words on screen: a core error by its code, reason and field (see
 * `callErrorText`); anything else is a failure inside the terminal, which the user can only report.
 */
export function errorText(err: unknown, t: Translate): string {
  return err instanceof ApiError ? callErrorText(err.error, t) : t('errors.INTERNAL');
}

/** The input field the core blamed, so a form can mark it. */
export function errorField(err: unknown): string | undefined {
  return err instanceof ApiError ? err.error.field : undefined;
}
