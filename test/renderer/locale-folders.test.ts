import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from '../../src-renderer/src/ui/i18n/languages';
import { mergeLocaleFiles } from '../../src-renderer/src/ui/i18n/merge-locales';

const LOCALES = join(import.meta.dirname, '../../locales');
const FEATURES = join(import.meta.dirname, '../../src-renderer/src/features');
/** App-shell and shared strings (login, layouts, tables, error codes), named after `src-renderer/src/app`. */
const SHELL = 'app';

const folders = readdirSync(LOCALES, { withFileTypes: true });

describe('locale folders', () => {
  it('hold no file outside a folder: every string belongs to a domain or the app shell', () => {
    expect(folders.filter((f) => !f.isDirectory()).map((f) => f.name)).toEqual([]);
  });

  it('are named after a renderer feature, or the app shell', () => {
    const features = new Set(readdirSync(FEATURES));
    expect(folders.map((f) => f.name).filter((name) => name !== SHELL && !features.has(name))).toEqual([]);
  });

  it('each hold a file for every language the terminal offers, and otherwise only files named for a language', () => {
    const offered = LANGUAGE_CODES.map((code) => `${code}.json`);
    for (const folder of folders) {
      const files = readdirSync(join(LOCALES, folder.name)).sort();
      expect([folder.name, offered.filter((file) => !files.includes(file))]).toEqual([folder.name, []]);
      expect([folder.name, files.filter((file) => !/^[a-z]{2}\.json$/.test(file))]).toEqual([folder.name, []]);
    }
  });
});

describe('merging locale files', () => {
  it('joins one group from two files, as each domain adds its panel titles under "panels"', () => {
    const { en } = mergeLocaleFiles({ 'trading/en.json': { panels: { ticket: 'Ticket' } }, 'risk/en.json': { panels: { var: 'VaR' } } }, ['en']);
    expect(en).toEqual({ panels: { ticket: 'Ticket', var: 'VaR' } });
  });

  it('refuses one string defined in two files, naming the full key', () => {
    expect(() => mergeLocaleFiles({ 'a/en.json': { panels: { x: 'A' } }, 'b/en.json': { panels: { x: 'B' } } }, ['en'])).toThrow(/"panels\.x" is defined twice \(second time in b\/en\.json\)/);
  });

  it('refuses a key that is a string in one file and a group in another', () => {
    expect(() => mergeLocaleFiles({ 'a/en.json': { panels: 'Panels' }, 'b/en.json': { panels: { x: 'B' } } }, ['en'])).toThrow(/defined twice/);
  });

  it('leaves the imported files as they were', () => {
    const first = { panels: { x: 'A' } };
    mergeLocaleFiles({ 'a/en.json': first, 'b/en.json': { panels: { y: 'B' } } }, ['en']);
    expect(first).toEqual({ panels: { x: 'A' } });
  });
});
