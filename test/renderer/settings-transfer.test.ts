import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SettingsAreasSchema } from '../../src-shared/contract/settings';
import { exportFileName } from '../../src-renderer/src/features/settings/transfer-file';
import { marketRule, marketRuleName, parseRule, ruleValueText } from '../../src-renderer/src/features/settings/rules-text';
import { shippedLocales } from './locale-files';

describe('the exported settings file name', () => {
  it('names the signing terminal and the UTC day the file was made', () => {
    expect(exportFileName({ terminalId: 'desk-7', createdAt: Date.UTC(2026, 11, 4, 23, 30) })).toBe('griddesk-settings-desk-7-2026-12-04.json');
  });

  it('turns characters a file name cannot hold in a terminal id into dashes', () => {
    expect(exportFileName({ terminalId: 'plant/north:1', createdAt: Date.UTC(2026, 0, 2) })).toBe('griddesk-settings-plant-north-1-2026-01-02.json');
  });
});

/**
 * The fields of one area of the file, whether the area may be null (the chain before it is set up)
 * or absent (an area older files lack), nested ones dotted as the preview names them (`tls.enabled`).
 */
function fieldsOf(schema: z.ZodType): string[] {
  const inner = schema instanceof z.ZodNullable || schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (!(inner instanceof z.ZodObject)) return [];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([name, field]) => {
    const nested = fieldsOf(field);
    return nested.length > 0 ? nested.map((n) => `${name}.${n}`) : [name];
  });
}

/** Secrets are no field of an area's schema, but the preview lists them (without values) when a file replaces them. */
const SECRET_FIELDS = ['broker.password', 'broker.tls.key', 'feed.password'];

describe('the import preview', () => {
  it('has a name in English and Arabic for every area and field a settings file can change', () => {
    const { en, ar } = shippedLocales();
    const missing: string[] = [];
    for (const [area, schema] of Object.entries(SettingsAreasSchema.shape)) {
      const secrets = SECRET_FIELDS.filter((f) => f.startsWith(`${area}.`)).map((f) => `fields.${f}`);
      // A market rule ("DE.tickSize") reads as its area's and its field's names in the rules card.
      const fieldKeys = fieldsOf(schema as z.ZodType).flatMap((field) => {
        if (area !== 'market') return [`fields.${area}.${field}`];
        const [rulesArea, rule] = field.split('.');
        return [`market.rules.areas.${rulesArea}`, `market.rules.fields.${rule}`];
      });
      for (const key of [`areas.${area}`, ...fieldKeys, ...secrets]) {
        for (const [language, strings] of [['en', en] as const, ['ar', ar] as const]) {
          const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], (strings as { settings?: unknown }).settings);
          if (typeof text !== 'string' || text === '') missing.push(`${language}: settings.${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('a market rule in the import preview', () => {
  const t = (key: string, options?: Record<string, unknown>) => (key.startsWith('settings.market.rules.areas.') ? 'Continuous market (DE)' : key === 'settings.market.rules.fields.tickSize' ? 'Tick (€/MWh)' : String(options?.defaultValue ?? key));

  it('is named by its area and its field, and its value reads in the field\u2019s unit', () => {
    expect(marketRuleName(marketRule('DE.tickSize')!, t)).toBe('Continuous market (DE) · Tick (€/MWh)');
    expect(marketRule('DE.colour')).toBeNull();
    expect(ruleValueText('tickSize', 10)).toBe('0.10');
    expect(ruleValueText('lotSize', 1)).toBe('0.001');
    expect(ruleValueText('openHourDayBefore', 9)).toBe('09:00');
  });
});

describe('a market rule typed in the rules card', () => {
  it('reads prices in €/MWh, quantities in MW and minutes as whole numbers, negative ones too', () => {
    expect(parseRule('minPrice', '-500.5')).toBe(-50_050);
    expect(parseRule('tickSize', '0.001')).toBeNull();
    expect(parseRule('lotSize', '0.1')).toBe(100);
    expect(parseRule('gateClosureMinutes', '\u221210')).toBe(-10);
    expect(parseRule('gateClosureMinutes', '5.5')).toBeNull();
  });
});
