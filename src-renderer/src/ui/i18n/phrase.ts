import type { FastT } from './fast-t';

/** A character no translation contains: it marks where the value goes. */
const SLOT = '\u2063';

/**
 * A translated phrase with one value, translated once: rows that stream (quotes, ladder levels) ask
 * for titles like "Buy at 92.87" on every render, and a full i18next lookup each time was most of
 * what the workspace allocated while prices moved.
 */
export function phrase(t: FastT, key: string, name: string): (value: string) => string {
  const parts = t(key, { [name]: SLOT }).split(SLOT);
  return (value) => parts.join(value);
}
