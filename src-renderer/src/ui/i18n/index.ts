import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from './languages';
import { mergeLocaleFiles } from './merge-locales';

/** One folder per domain (`locales/<domain>/en.json`, its panels' titles included) plus `locales/app/` for the shell and shared strings. */
const files = import.meta.glob<Record<string, unknown>>('../../../../locales/**/*.json', { eager: true, import: 'default' });
const { en, ar } = mergeLocaleFiles(files, ['en', 'ar']);

export { LANGUAGES, type Language };

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
