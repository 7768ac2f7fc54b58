/**
 * The report's words, from the same locale files as the screens (locales/reports, `reportPdf`):
 * the core writes no English of its own into a user's report.
 */
import ar from '../../locales/reports/ar.json';
import de from '../../locales/reports/de.json';
import en from '../../locales/reports/en.json';
import es from '../../locales/reports/es.json';
import fr from '../../locales/reports/fr.json';
import type { ReportLanguage } from './report-data';

type Tree = { [key: string]: string | Tree };
const TREES: Record<ReportLanguage, Tree> = { en: en.reportPdf, ar: ar.reportPdf, fr: fr.reportPdf, es: es.reportPdf, de: de.reportPdf };

export type Words = (key: string, params?: Record<string, string | number>) => string;

/** `t('limitNames.maxOrderKw')`, `t('day', { day })`; a missing key throws (the locale test keeps every language alike). */
export function wordsOf(language: ReportLanguage): Words {
  const tree = TREES[language];
  // In Arabic each value is a first-strong isolate: "2023-04-24" or "-15.00" after Arabic words
  // would otherwise be reordered by the bidirectional algorithm (as a browser does without <bdi>).
  const isolate = language === 'ar' ? (v: string) => `\u2068${v}\u2069` : (v: string) => v;
  return (key, params = {}) => {
    const value = key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
    if (typeof value !== 'string') throw new Error(`The report has no words for ${key} in ${language}.`);
    return value.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => isolate(String(params[name] ?? '')));
  };
}
