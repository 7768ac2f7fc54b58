import i18next, { type TFunction } from 'i18next';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LANGUAGE_CODES } from '../../src-renderer/src/ui/i18n/languages';
import { mergeLocaleFiles } from '../../src-renderer/src/ui/i18n/merge-locales';

const root = join(import.meta.dirname, '../../locales');

/** Every locale file under locales/, by path relative to it, as the renderer bundles them. */
function localeFiles(dir: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, localeFiles(path));
    else if (name.endsWith('.json')) out[relative(root, path)] = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  }
  return out;
}

/** The merged English and Arabic strings the renderer ships. */
export function shippedLocales() {
  return mergeLocaleFiles(localeFiles(root), ['en', 'ar']);
}

/** The merged strings of every language the renderer ships, with no fallback between them. */
export function everyShippedLocale() {
  return mergeLocaleFiles(localeFiles(root), LANGUAGE_CODES);
}

/** A `t` in one shipped language, as the renderer words it, with no fallback to English. */
export async function translator(lng: string): Promise<TFunction> {
  const merged = everyShippedLocale();
  const i18n = i18next.createInstance();
  await i18n.init({ resources: Object.fromEntries(LANGUAGE_CODES.map((c) => [c, { translation: merged[c] }])), lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return i18n.t;
}
