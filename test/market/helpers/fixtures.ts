import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { type ImportFailure, type ImportIssueCode, type ImportResult, type ImportSuccess } from '../../../src-main/market/import';

const DIR = fileURLToPath(new URL('../../fixtures/market/', import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(join(DIR, name));
}

export function fixtureText(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

export function expectOk(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`expected success, got:\n${result.errors.map((e) => `${e.code} line ${e.line ?? '-'}: ${e.message}`).join('\n')}`);
  return result;
}

export function expectFailure(result: ImportResult): ImportFailure {
  if (result.ok) throw new Error(`expected failure, got ${result.points.length} points`);
  return result;
}

export function codes(result: ImportResult): ImportIssueCode[] {
  return expectFailure(result).errors.map((e) => e.code);
}

/** The one issue with this code; fails the test if there is none or more than one. */
export function theIssue(result: ImportResult, code: ImportIssueCode) {
  const found = expectFailure(result).errors.filter((e) => e.code === code);
  expect(found, `issues: ${JSON.stringify(expectFailure(result).errors)}`).toHaveLength(1);
  return found[0]!;
}

export const utc = (iso: string): number => Date.parse(iso);
