import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_CODES, LANGUAGES, SOURCE_LANGUAGE, isLanguage, type Language } from './languages';
import { mergeLocaleFiles } from './merge-locales';

/** One folder per domain (`locales/<domain>/en.json`, its panels' titles included) plus `locales/app/` for the shell and shared strings. */
const files = import.meta.glob<Record<string, unknown>>('../../../../locales/**/*.json', { eager: true, import: 'default' });
const merged = mergeLocaleFiles(files, LANGUAGE_CODES);

export { LANGUAGES, isLanguage, type Language };

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
  resources: Object.fromEntries(LANGUAGE_CODES.map((code) => [code, { translation: merged[code] }])),
  lng: SOURCE_LANGUAGE,
  fallbackLng: SOURCE_LANGUAGE,
  interpolation: { escapeValue: false },
});

export default i18next;
