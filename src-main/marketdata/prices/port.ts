import type { PriceHistorySourceView } from '../../../src-shared/contract/risk';
import type { AuctionKey, DriverPoint, ImportMeta, PricePoint } from '../../market/import';
import type { ParsedPriceFile, PriceFileRequest } from './price-import';

/**
 * What other domains may know of and do to the stored day-ahead prices and their drivers. Risk
 * marks, curves and VaR and the forecasts read the one hourly history here; risk's own import
 * call parses and stores through it. The tables are market data's: no one else reads or writes them.
 *
 * An area may be named by its key (DE), short name (DE-LU) or EIC code: all read the same rows.
 */
export interface PricesPort {
  /**
   * The hourly reference prices of an area over [fromMs, toMs), oldest first: imported official
   * prices (quarter and half hours averaged to their hour), and for hours without one the
   * volume-weighted average of the terminal's own trades in that hourly product; with which of the
   * two contributed. Each point carries the drivers known for its hour as `features`.
   */
  history(area: string, fromMs: number, toMs: number): PriceHistory;
  /**
   * The history over the `spanMs` before the end of the last known price, whatever the wall clock
   * says: a year imported for 2023 is read as it is. The last known price is the last imported one;
   * without imports, the last hour before `nowMs` priced by the terminal's own trades. Empty when
   * the area has no price at all.
   */
  latestHistory(area: string, spanMs: number, nowMs: number): PriceHistory;
  /** Every hour of [fromMs, toMs) with a known driver, priced or not (tomorrow's forecasts before the auction), oldest first. */
  drivers(area: string, fromMs: number, toMs: number): DriverHour[];
  /** Reads a price or forecast file into what `store` takes, or every problem found; stores nothing. */
  parse(request: PriceFileRequest): ParsedPriceFile;
  /**
   * Stores imported prices and drivers inside the caller's write transaction: an interval imported
   * again takes the newer value. Returns how many of the price intervals were stored before.
   */
  store(prices: ImportedPrices): { replaced: number };
}

/** Driver values of one hour, MWh per hour, by PRICE_DRIVERS name. */
export type HourFeatures = Readonly<Record<string, number>>;

export interface HourlyPrice {
  startUtcMs: number;
  /** 0.01 €/MWh. */
  priceUnits: number;
  /** The drivers known for the hour (src-shared/domain/price-drivers.ts); absent when none is. */
  features?: HourFeatures;
}

export interface DriverHour {
  startUtcMs: number;
  features: HourFeatures;
}

export interface PriceHistory {
  points: HourlyPrice[];
  source: PriceHistorySourceView;
}

/** Which call imported a price, kept with it. */
export type PriceImportSource = 'marketdata.import' | 'risk.history.import';

export interface ImportedPrices {
  /** The terminal's area key (DE), as the importers resolve it. */
  area: string;
  auction: AuctionKey;
  /** Null only for a file of drivers without prices. */
  currency: string | null;
  format: ImportMeta['format'];
  source: PriceImportSource;
  points: readonly PricePoint[];
  drivers: readonly DriverPoint[];
  importedAt: number;
}
