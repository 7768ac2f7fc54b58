import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SettingsAreasSchema } from '../../src-shared/contract/settings';
import { exportFileName } from '../../src-renderer/src/features/settings/transfer-file';
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
      for (const key of [`areas.${area}`, ...fieldsOf(schema as z.ZodType).map((field) => `fields.${area}.${field}`), ...secrets]) {
        for (const [language, strings] of [['en', en] as const, ['ar', ar] as const]) {
          const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], (strings as { settings?: unknown }).settings);
          if (typeof text !== 'string' || text === '') missing.push(`${language}: settings.${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
