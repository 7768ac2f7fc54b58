/**
 * What a refusal's audit row keeps of the refused input: its shape and short values, never a
 * secret, never much. Refused input is whatever anyone sent, so the summary is bounded in depth,
 * keys, items and string length, and every field whose name looks like a secret is replaced.
 */

/** Field names whose values are never recorded (passwords, tokens, keys, setup links, PINs). */
const SECRET_NAME = /pass|secret|token|credential|cookie|session|private|api.?key|authori[sz]ation|enrolment.?code|^pin$|^otp$/i;

const MAX_DEPTH = 3;
const MAX_KEYS = 16;
const MAX_ITEMS = 4;
const MAX_STRING = 64;

export const REDACTED = '[redacted]';

/**
 * The user-info part of a URL (`mqtt://user:password@host`): a refused URL often is refused for
 * carrying it, and the password must not reach the trail through the very value that was refused.
 */
const URL_USERINFO = /(\/\/)[^/@\s]*@/g;

function summariseText(text: string): string {
  const clean = text.replace(URL_USERINFO, `$1${REDACTED}@`);
  return clean.length <= MAX_STRING ? clean : `${clean.slice(0, MAX_STRING)}… (${clean.length} chars)`;
}

function summarise(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return summariseText(value);
  if (typeof value === 'undefined') return null;
  if (typeof value !== 'object') return `(${typeof value})`;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `(array of ${value.length})` : '(object)';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => summarise(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… (${value.length} items)`] : items;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (const key of keys.slice(0, MAX_KEYS)) {
    const name = key.length <= MAX_STRING ? key : `${key.slice(0, MAX_STRING)}…`;
    out[name] = SECRET_NAME.test(key) ? REDACTED : summarise((value as Record<string, unknown>)[key], depth + 1);
  }
  if (keys.length > MAX_KEYS) out['…'] = `${keys.length} keys`;
  return out;
}

/** A bounded, redacted copy of a call's raw input, fit for the audit trail. */
export function summariseParams(input: unknown): unknown {
  return summarise(input, 0);
}
