/**
 * The languages the terminal offers in its picker, in that order, each named in itself. Plain data
 * (no i18next), so the locale checker (scripts/locales/check.ts) and the tests read the same list
 * the renderer ships.
 */
export const LANGUAGES = [
  { code: 'en', label: 'English', dir: 'ltr' },
  { code: 'ar', label: 'العربية', dir: 'rtl' },
  { code: 'fr', label: 'Français', dir: 'ltr' },
  { code: 'es', label: 'Español', dir: 'ltr' },
  { code: 'de', label: 'Deutsch', dir: 'ltr' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES: readonly Language[] = LANGUAGES.map((l) => l.code);

/** English is the reference every other locale file is checked against, and the fallback. */
export const SOURCE_LANGUAGE = 'en';

/** A stored or received preference (local storage, the prefs call) is one of ours, or not used. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);
}
