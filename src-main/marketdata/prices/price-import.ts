import { MAX_IMPORT_BYTES, type ImportIssueView, type ImportSeriesView, type MarketImportResult } from '../../../src-shared/contract/marketdata';
import type { CallContext } from '../../api/context';
import { importEntsoeXml, importPriceCsv, importPrices, type DurationMin, type ImportSuccess } from '../../market/import';
import type { ImportedPrices, PriceImportSource } from './port';
import type { PriceStore } from './price-store';

export interface PriceFileRequest {
  /** Absent: told from the content (XML is an ENTSO-E document, anything else CSV). */
  format?: 'csv' | 'entsoe';
  content: string;
  /** The area the file is for when it does not say: a key, short name or EIC code. */
  area: string;
  durationMin?: DurationMin;
  /** ENTSO-E prices: which classificationSequence to import (1, the official price, by default). */
  sequence?: number;
}

type ImportReport = Omit<Extract<MarketImportResult, { ok: true }>, 'replaced'>;

export type ParsedPriceFile =
  | { ok: true; prices: Omit<ImportedPrices, 'source' | 'importedAt'>; report: ImportReport }
  | { ok: false; errors: ImportIssueView[]; errorCount: number };

function seriesViews(parsed: ImportSuccess): ImportSeriesView[] {
  return parsed.meta.series.map((s) => ({
    ...(s.id === undefined ? {} : { id: s.id }),
    kind: s.kind,
    ...(s.sequence === undefined ? {} : { sequence: s.sequence }),
    ...(s.psrType === undefined ? {} : { psrType: s.psrType }),
    ...(s.auction === undefined ? {} : { auction: s.auction }),
    durationMin: s.durationMin,
    from: s.startUtcMs,
    to: s.endUtcMs,
    points: s.points,
    ...(s.skipped === undefined ? {} : { skipped: s.skipped }),
  }));
}

/**
 * Parses with the market/import readers (which report every problem by line and interval, and
 * resolve the file's or caller's area to the terminal's key); stores nothing.
 */
export function parsePriceFile(request: PriceFileRequest): ParsedPriceFile {
  const options = { maxBytes: MAX_IMPORT_BYTES, area: request.area, durationMin: request.durationMin, sequence: request.sequence };
  const parsed =
    request.format === 'entsoe' ? importEntsoeXml(request.content, options) : request.format === 'csv' ? importPriceCsv(request.content, options) : importPrices(request.content, options);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, errorCount: parsed.errorCount };
  const area = parsed.area ?? request.area;
  return {
    ok: true,
    prices: { area, auction: parsed.auction, currency: parsed.currency, format: parsed.meta.format, points: parsed.points, drivers: parsed.drivers },
    report: {
      ok: true,
      imported: parsed.points.length,
      drivers: parsed.drivers.length,
      from: parsed.meta.firstStartUtcMs,
      to: parsed.meta.endUtcMs,
      area,
      currency: parsed.currency,
      format: parsed.meta.format,
      auction: parsed.auction,
      series: seriesViews(parsed),
    },
  };
}

/** Stores a parsed file inside the caller's transaction. */
export function storeParsed(store: PriceStore, parsed: Extract<ParsedPriceFile, { ok: true }>, source: PriceImportSource, importedAt: number): { replaced: number } {
  return store.write({ ...parsed.prices, source, importedAt });
}

/**
 * `marketdata.import`: parses, then writes all prices and drivers in one transaction with its
 * audit entry: a file with any problem imports nothing.
 */
export function importDayAhead(store: PriceStore, request: PriceFileRequest, ctx: Pick<CallContext, 'commit' | 'now'>): MarketImportResult {
  const parsed = parsePriceFile(request);
  if (!parsed.ok) return parsed;
  const { report } = parsed;
  const { replaced } = ctx.commit((log) => {
    const written = storeParsed(store, parsed, 'marketdata.import', ctx.now);
    log('marketdata.imported', {
      format: report.format,
      area: report.area,
      auction: report.auction,
      currency: report.currency,
      points: report.imported,
      drivers: report.drivers,
      replaced: written.replaced,
      from: report.from,
      to: report.to,
    });
    return written;
  });
  return { ...report, replaced };
}
