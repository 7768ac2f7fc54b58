import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { productInfoLabel } from '../../src-renderer/src/features/risk/product-label';
import { areaClock, productLabel } from '../../src-renderer/src/ui/format';

const RENDERER = join(import.meta.dirname, '../../src-renderer/src');
/** 2026-11-23 08:00 UTC is 09:00 in Berlin (CET, UTC+1). */
const NINE_BERLIN = Date.UTC(2026, 10, 23, 8, 0);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The text of every string literal and template piece in a file, comments left out. */
function literals(path: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.JSX, readFileSync(path, 'utf8'));
  const out: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || kind === ts.SyntaxKind.TemplateHead) out.push(scanner.getTokenValue());
  }
  return out;
}

describe('times on the market area\'s clock', () => {
  it('labels a delivery period in its area\'s time, not the computer\'s', () => {
    const product = { area: 'DE', kind: 'hour' as const, blockName: '', deliveryStart: NINE_BERLIN, deliveryEnd: NINE_BERLIN + 3_600_000 };
    expect(productLabel(product, 'en')).toBe('H 09:00–10:00 · Mon 23 Nov');
  });

  it('names the day in the active language, with Latin digits and the market clock in every one', () => {
    const product = { area: 'DE', kind: 'hour' as const, blockName: '', deliveryStart: NINE_BERLIN, deliveryEnd: NINE_BERLIN + 3_600_000 };
    expect(productLabel(product, 'fr')).toBe('H 09:00–10:00 · lun. 23 nov.');
    expect(productLabel(product, 'es')).toBe('H 09:00–10:00 · lun, 23 nov');
    expect(productLabel(product, 'de')).toBe('H 09:00–10:00 · Mo., 23. Nov.');
    expect(areaClock('DE', 'dayTime', 'de').format(NINE_BERLIN)).toBe('23. Nov., 09:00');
  });

  it('labels a position from its product id alone, block name and area read from the id', () => {
    // A BASE block of 23 Nov starts at 00:00 Berlin, 23:00 UTC the day before.
    const start = Date.UTC(2026, 10, 22, 23, 0);
    expect(productInfoLabel('DE-BASE-20261122T2300Z', start, 1440, 'en')).toBe('BASE · Mon 23 Nov');
    expect(productInfoLabel('DE-Q-20261123T0800Z', NINE_BERLIN, 15, 'en')).toBe('Q 09:00–09:15 · Mon 23 Nov');
  });

  it('shows an id it cannot read, or of an area it does not know, as it is', () => {
    expect(productInfoLabel('not-an-id', NINE_BERLIN, 60, 'en')).toBe('not-an-id');
    expect(productInfoLabel('XX-H-20261123T0800Z', NINE_BERLIN, 60, 'en')).toBe('XX-H-20261123T0800Z');
  });

  it('refuses an unknown area instead of guessing its clock', () => {
    expect(() => areaClock('XX', 'time')).toThrow(/Unknown market area/);
  });

  it('names no time zone in the renderer: zones come from src-shared/domain/market-areas.ts', () => {
    const zoneNamed = sourceFiles(RENDERER).filter((path) => literals(path).some((text) => /^(Africa|America|Asia|Atlantic|Australia|Europe|Pacific|Etc)\/[A-Za-z_]+$/.test(text)));
    expect(zoneNamed).toEqual([]);
  });
});
