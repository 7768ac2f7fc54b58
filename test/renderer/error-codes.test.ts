import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedLocales } from './locale-files';
import { ERROR_CODES } from '../../src-shared/domain/errors';
import { REASON_TEXT } from '../../src-main/engine';

/**
 * Every refusal the core can answer is worded on screen in both languages: a new `fail(…)` with a
 * reason nobody wrote words for fails here, before an Arabic user reads the core's English.
 */
const SRC_MAIN = join(import.meta.dirname, '../../src-main');
/** Codes whose one sentence says all there is (the router's and sign-in's); any other failure needs a reason. */
const WORDED_BY_CODE = new Set(['UNKNOWN_METHOD', 'BAD_REQUEST', 'UNAUTHENTICATED', 'SESSION_EXPIRED', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'RATE_LIMITED', 'UNLOCK_TOKEN_INVALID', 'SETUP_TOKEN_INVALID', 'ALREADY_SET_UP']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The text of each `fail(…)` call (the shared helper, not a method of the same name), parentheses balanced. */
function failCalls(source: string): string[] {
  const calls: string[] = [];
  for (const match of source.matchAll(/(?<![.\w])fail\(/g)) {
    let depth = 0;
    for (let i = match.index + 4; i < source.length; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')' && --depth === 0) {
        calls.push(source.slice(match.index, i + 1));
        break;
      }
    }
  }
  return calls.filter((call) => !call.startsWith('fail(err') && !/^fail\(\w+: /.test(call));
}

const calls = sourceFiles(SRC_MAIN).flatMap((file) => failCalls(readFileSync(file, 'utf8')).map((call) => ({ file: file.slice(SRC_MAIN.length + 1), call })));

/** Literals of a string union type in the engine's events (`CancelReason`, `ExpireReason`). */
function unionOf(typeName: string): string[] {
  const source = readFileSync(join(SRC_MAIN, 'engine/api/events.ts'), 'utf8');
  const body = new RegExp(`export type ${typeName} =([^;]+);`).exec(source)?.[1] ?? '';
  return [...body.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
}

function limitNames(): string[] {
  const source = readFileSync(join(SRC_MAIN, 'risk/limits/pretrade.ts'), 'utf8');
  const body = /export type LimitName =([^;]+);/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/'([^']+)'/g)].map((m) => `LIMIT_${(m[1] ?? '').toUpperCase()}`);
}

describe('the wording of the core\'s answers', () => {
  const { en, ar } = shippedLocales();
  const reasonsOf = (tree: Record<string, unknown>): Record<string, unknown> => ((tree.errors as Record<string, unknown>).reasons ?? {}) as Record<string, unknown>;
  const english = reasonsOf(en);
  const arabic = reasonsOf(ar);
  const worded = (key: string): boolean => typeof english[key] === 'string' && typeof arabic[key] === 'string';

  it('finds the core\'s failures (the scan reads what it should)', () => {
    expect(calls.length).toBeGreaterThan(50);
    expect(calls.some((c) => c.call.includes("'USERNAME_TAKEN'"))).toBe(true);
  });

  it('words every error code in English and Arabic', () => {
    const errors = (tree: Record<string, unknown>) => tree.errors as Record<string, unknown>;
    expect(ERROR_CODES.filter((code) => typeof errors(en)[code] !== 'string' || typeof errors(ar)[code] !== 'string')).toEqual([]);
  });

  it('gives every failure of the core a reason, unless its code says all', () => {
    const bare = calls.filter(({ call }) => !/\breason:/.test(call) && !WORDED_BY_CODE.has(/^fail\(\s*'([A-Z_]+)'/.exec(call)?.[1] ?? ''));
    expect(bare.map((c) => `${c.file}: ${c.call.slice(0, 90)}`)).toEqual([]);
  });

  it('words every reason a failure names, and each variant it asks for', () => {
    const missing: string[] = [];
    for (const { file, call } of calls) {
      const reason = /\breason: '([A-Za-z_]+)'/.exec(call)?.[1];
      if (reason === undefined) continue;
      if (!worded(reason)) missing.push(`${file}: ${reason}`);
      for (const context of call.matchAll(/\bcontext: '([a-z]+)'/g)) if (!worded(`${reason}_${context[1]}`)) missing.push(`${file}: ${reason}_${context[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('words every engine rejection, every way an order ends, every limit and device refusal', () => {
    const codes = [
      ...Object.keys(REASON_TEXT),
      ...unionOf('CancelReason'),
      ...unionOf('ExpireReason'),
      ...limitNames(),
      ...['DISABLED', 'MAPPED', 'UNSUPPORTED', 'POWER_LIMIT', 'NO_IMPORT', 'SOC_UNKNOWN', 'ENERGY_LIMIT'].map((code) => `DEVICE_COMMAND_${code}`),
    ];
    expect(codes.length).toBeGreaterThan(45);
    expect(codes.filter((code) => !worded(code))).toEqual([]);
  });

  it('fills every variant with the same values in Arabic as in English', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(english).filter((key) => placeholders(english[key]).join() !== placeholders(arabic[key]).join())).toEqual([]);
  });
});
