import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeLocaleFiles } from '../../src-renderer/src/ui/i18n/merge-locales';

const LOCALES = join(import.meta.dirname, '../../locales');
const FEATURES = join(import.meta.dirname, '../../src-renderer/src/features');
/** App-shell and shared strings (login, layouts, tables, error codes), named after `src-renderer/src/app`. */
const SHELL = 'app';

function keysOf(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

const read = (folder: string, language: string): unknown => JSON.parse(readFileSync(join(LOCALES, folder, `${language}.json`), 'utf8'));
const folders = readdirSync(LOCALES, { withFileTypes: true });

describe('locale folders', () => {
  it('hold no file outside a folder: every string belongs to a domain or the app shell', () => {
    expect(folders.filter((f) => !f.isDirectory()).map((f) => f.name)).toEqual([]);
  });

  it('are named after a renderer feature, or the app shell', () => {
    const features = new Set(readdirSync(FEATURES));
    expect(folders.map((f) => f.name).filter((name) => name !== SHELL && !features.has(name))).toEqual([]);
  });

  it('each hold exactly an English and an Arabic file', () => {
    for (const folder of folders) expect([folder.name, readdirSync(join(LOCALES, folder.name)).sort()]).toEqual([folder.name, ['ar.json', 'en.json']]);
  });

  it('each have the same keys in Arabic as in English', () => {
    for (const { name } of folders) expect([name, keysOf(read(name, 'ar')).sort()]).toEqual([name, keysOf(read(name, 'en')).sort()]);
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
