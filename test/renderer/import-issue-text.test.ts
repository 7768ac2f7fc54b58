import { describe, expect, it } from 'vitest';
import { ImportIssueCodeSchema } from '../../src-shared/contract/marketdata-views';
import { shippedLocales } from './locale-files';

describe('a refused price import in the user\'s words', () => {
  const { en, ar } = shippedLocales();
  const issues = (tree: Record<string, unknown>) => ((tree.marketdata as Record<string, unknown>).issues ?? {}) as Record<string, unknown>;

  it('has an English and an Arabic text for every problem code the core reports', () => {
    const codes = ImportIssueCodeSchema.options;
    expect(codes.filter((code) => typeof issues(en)[code] !== 'string')).toEqual([]);
    expect(codes.filter((code) => typeof issues(ar)[code] !== 'string')).toEqual([]);
  });

  it('words no code the core does not have', () => {
    expect(Object.keys(issues(en)).filter((code) => !(ImportIssueCodeSchema.options as readonly string[]).includes(code))).toEqual([]);
  });
});
