import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLocales, formatProblems } from '../../scripts/locales/check';
import { LANGUAGE_CODES } from '../../src-renderer/src/ui/i18n/languages';
import { mergeLocaleFiles } from '../../src-renderer/src/ui/i18n/merge-locales';

const LOCALES = join(import.meta.dirname, '../../locales');
const folders = readdirSync(LOCALES, { withFileTypes: true }).filter((f) => f.isDirectory()).map((f) => f.name);
/** Every language with a file in some folder: the ones offered and any still being translated. */
const present = [...new Set(folders.flatMap((f) => readdirSync(join(LOCALES, f)).map((name) => name.replace(/\.json$/, ''))))].sort();

type Tree = Record<string, unknown>;
const readTree = (root: string, folder: string, language: string) => JSON.parse(readFileSync(join(root, folder, `${language}.json`), 'utf8')) as Tree;
const writeTree = (root: string, folder: string, language: string, tree: Tree) => writeFileSync(join(root, folder, `${language}.json`), JSON.stringify(tree));

/** The first string's path in a tree, e.g. ["panels", "ticket"]. */
function firstString(tree: Tree, path: string[] = []): string[] {
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') return [...path, k];
    if (typeof v === 'object' && v !== null) return firstString(v as Tree, [...path, k]);
  }
  return path;
}
function parentOf(tree: Tree, path: string[]): Tree {
  return path.slice(0, -1).reduce<Tree>((t, p) => t[p] as Tree, tree);
}

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});
function copyOfLocales(): string {
  scratch = mkdtempSync(join(tmpdir(), 'locales-'));
  cpSync(LOCALES, scratch, { recursive: true });
  return scratch;
}

describe('locales', () => {
  it('every language the terminal offers has every English string in every folder, none extra, none empty, the same {{variables}}', () => {
    expect(formatProblems(checkLocales(LOCALES, LANGUAGE_CODES))).toBe('');
  });

  it('a translation not offered yet is already right in each folder it covers', () => {
    const problems = checkLocales(LOCALES, present).filter((p) => p.kind !== 'missing-file');
    expect(formatProblems(problems)).toBe('');
  });

  it('a key removed from any language file is reported as missing, with its English text', () => {
    const root = copyOfLocales();
    const folder = 'trading';
    const english = readTree(root, folder, 'en');
    const path = firstString(english);
    const key = path.join('.');
    const text = parentOf(english, path)[path.at(-1) ?? ''];
    for (const language of present.filter((l) => l !== 'en')) {
      const tree = readTree(root, folder, language);
      delete parentOf(tree, path)[path.at(-1) ?? ''];
      writeTree(root, folder, language, tree);
      expect(checkLocales(root, [language]).filter((p) => p.folder === folder)).toEqual([{ folder, language, kind: 'missing', key, detail: text }]);
    }
  });

  it('a key removed from English is reported as extra in every other language', () => {
    const root = copyOfLocales();
    const english = readTree(root, 'auth', 'en');
    const path = firstString(english);
    delete parentOf(english, path)[path.at(-1) ?? ''];
    writeTree(root, 'auth', 'en', english);
    const others = present.filter((l) => l !== 'en');
    const extra = checkLocales(root, others).filter((p) => p.kind === 'extra' && p.folder === 'auth');
    expect(extra.map((p) => p.language).sort()).toEqual([...others].sort());
  });

  it('reports an empty string and a renamed {{variable}}', () => {
    const root = copyOfLocales();
    writeTree(root, 'auth', 'en', { a: 'Hello {{name}}', b: 'Bye' });
    writeTree(root, 'auth', 'ar', { a: 'مرحبا {{user}}', b: ' ' });
    const problems = checkLocales(root, ['ar']).filter((p) => p.folder === 'auth');
    expect(problems.map((p) => [p.kind, p.key])).toEqual([
      ['variables', 'a'],
      ['empty', 'b'],
    ]);
  });

  it('counts plural forms as the English key, and names a form the language needs but lacks', () => {
    const root = copyOfLocales();
    writeTree(root, 'auth', 'en', { n: '{{count}} orders' });
    writeTree(root, 'auth', 'de', { n_one: 'Ein Auftrag', n_other: '{{count}} Aufträge' });
    writeTree(root, 'auth', 'fr', { n_one: '{{count}} ordre', n_other: '{{count}} ordres' });
    expect(checkLocales(root, ['de']).filter((p) => p.folder === 'auth')).toEqual([]);
    expect(checkLocales(root, ['fr']).filter((p) => p.folder === 'auth')).toEqual([
      { folder: 'auth', language: 'fr', kind: 'plural-forms', key: 'n', detail: 'needs n_many' },
    ]);
  });

  it('refuses a top-level key defined in two files', () => {
    expect(() => mergeLocaleFiles({ 'en.json': { a: 1 }, 'x/en.json': { a: 2 } }, ['en'])).toThrow(/defined twice/);
  });
});
