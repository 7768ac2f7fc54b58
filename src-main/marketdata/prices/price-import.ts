import { MAX_IMPORT_BYTES, type MarketImportResult } from '../../../src-shared/contract/marketdata';
import type { CallContext } from '../../api/context';
import { importEntsoeXml, importPriceCsv, type DurationMin } from '../../market/import';
import type { PriceStore } from './price-store';

export interface PriceImportRequest {
  format: 'csv' | 'entsoe';
  content: string;
  area: string;
  durationMin?: DurationMin;
}

/**
 * Parses with the market/import readers (which report every problem by line and interval) and
 * writes all points in one transaction with its audit entry: a file with any problem imports nothing.
 */
export function importDayAhead(store: PriceStore, request: PriceImportRequest, ctx: Pick<CallContext, 'commit' | 'now'>): MarketImportResult {
  const options = { maxBytes: MAX_IMPORT_BYTES, area: request.area, durationMin: request.durationMin };
  const parsed = request.format === 'entsoe' ? importEntsoeXml(request.content, options) : importPriceCsv(request.content, options);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, errorCount: parsed.errorCount };
  const area = parsed.area ?? request.area;
  const { replaced } = ctx.commit((log) => {
    const written = store.write({ area, currency: parsed.currency, format: parsed.meta.format, source: 'marketdata.import', points: parsed.points, importedAt: ctx.now });
    log('marketdata.imported', {
      format: parsed.meta.format,
      area,
      currency: parsed.currency,
      points: parsed.points.length,
      replaced: written.replaced,
      from: parsed.meta.firstStartUtcMs,
      to: parsed.meta.endUtcMs,
    });
    return written;
  });
  return {
    ok: true,
    imported: parsed.points.length,
    replaced,
    from: parsed.meta.firstStartUtcMs,
    to: parsed.meta.endUtcMs,
    area,
    currency: parsed.currency,
    format: parsed.meta.format,
  };
}
