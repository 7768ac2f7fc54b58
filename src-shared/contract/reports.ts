import { z } from 'zod';
import { call, defineCalls, defineEvents } from './kit';
import { DaySchema, MarkSourceSchema, scopeFields } from './risk-views';

/** The daily P&L and risk report, as a PDF or an XLSX file. */

export interface ReportFileView {
  filename: string;
  mime: string;
  /** The file's bytes, base64. */
  base64: string;
  bytes: number;
}

export const reportsCalls = defineCalls('reports', {
  'reports.daily': call<ReportFileView>()({
    input: z
      .object({
        ...scopeFields,
        date: DaySchema,
        format: z.enum(['pdf', 'xlsx']),
        mark: MarkSourceSchema.default('last'),
        /** The PDF's language (the user's); the XLSX keeps its column names for formulas and imports. */
        language: z.enum(['en', 'ar', 'fr', 'es', 'de']).default('en'),
      })
      .strict(),
    access: 'session',
    mutates: false,
  }),
});

export const reportsEvents = defineEvents('reports', {});
