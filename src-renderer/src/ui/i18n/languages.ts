/**
 * The languages the terminal offers in its picker, in that order. Plain data (no i18next), so the
 * locale checker (scripts/locales/check.ts) and the tests read the same list the renderer ships.
 */
export const LANGUAGES = [
  { code: 'en', label: 'English', dir: 'ltr' },
  { code: 'ar', label: 'العربية', dir: 'rtl' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES: readonly Language[] = LANGUAGES.map((l) => l.code);

/** English is the reference every other locale file is checked against, and the fallback. */
export const SOURCE_LANGUAGE = 'en';
