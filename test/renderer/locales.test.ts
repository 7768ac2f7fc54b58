import { describe, expect, it } from 'vitest';
import { shippedLocales } from './locale-files';
import { mergeLocaleFiles } from '../../src-renderer/src/ui/i18n/merge-locales';

function keysOf(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  const { en, ar } = shippedLocales();

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
