import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { mergeLocaleFiles } from './merge-locales';

/** One folder per domain (`locales/<domain>/en.json`, its panels' titles included) plus `locales/app/` for the shell and shared strings. */
const files = import.meta.glob<Record<string, unknown>>('../../../../locales/**/*.json', { eager: true, import: 'default' });
const { en, ar } = mergeLocaleFiles(files, ['en', 'ar']);

export const LANGUAGES = [
  { code: 'en', label: 'English', dir: 'ltr' },
  { code: 'ar', label: 'العربية', dir: 'rtl' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

export function directionOf(language: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === language)?.dir ?? 'ltr';
}

/** The document follows the language: Arabic flips the whole layout to right-to-left. */
export function applyLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, ar: { translation: ar } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export default i18next;
