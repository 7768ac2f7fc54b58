import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeLocaleFiles } from '../../src-renderer/src/i18n/merge-locales';

const root = join(import.meta.dirname, '../../locales');

function localeFiles(dir: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, localeFiles(path));
    else if (name.endsWith('.json')) out[relative(root, path)] = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  }
  return out;
}

function keysOf(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  const { en, ar } = mergeLocaleFiles(localeFiles(root), ['en', 'ar']);

  it('Arabic has every English string and no stray ones', () => {
    expect(keysOf(ar).sort()).toEqual(keysOf(en).sort());
  });

  it('no string is left empty', () => {
    const valueAt = (tree: unknown, key: string) => key.split('.').reduce<unknown>((t, p) => (t as Record<string, unknown>)[p], tree);
    const empty = [...keysOf(en).filter((k) => valueAt(en, k) === ''), ...keysOf(ar).filter((k) => valueAt(ar, k) === '')];
    expect(empty).toEqual([]);
  });

  it('refuses a top-level key defined in two files', () => {
    expect(() => mergeLocaleFiles({ 'en.json': { a: 1 }, 'x/en.json': { a: 2 } }, ['en'])).toThrow(/defined twice/);
  });
});
