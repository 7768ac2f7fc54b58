import type { PriceHistorySourceView } from '../../../src-shared/contract/risk';
import type { ImportMeta, PricePoint } from '../../market/import';

/**
 * What other domains may know of and do to the stored day-ahead prices. Risk marks, curves and VaR
 * and the forecasts read the one hourly history here; risk's own import call stores through it.
 * The table is market data's: no one else reads or writes it.
 */
export interface PricesPort {
  /**
   * The hourly reference prices of an area over [fromMs, toMs), oldest first: imported prices
   * (quarter hours averaged to their hour), and for hours without one the volume-weighted average
   * of the terminal's own trades in that hourly product; with which of the two contributed.
   */
  history(area: string, fromMs: number, toMs: number): PriceHistory;
  /**
   * Stores imported prices inside the caller's write transaction: an interval imported again takes
   * the newer price. Returns how many of the intervals were stored before.
   */
  store(prices: ImportedPrices): { replaced: number };
}

export interface HourlyPrice {
  startUtcMs: number;
  /** 0.01 €/MWh. */
  priceUnits: number;
}

export interface PriceHistory {
  points: HourlyPrice[];
  source: PriceHistorySourceView;
}

/** Which call imported a price, kept with it. */
export type PriceImportSource = 'marketdata.import' | 'risk.history.import';

export interface ImportedPrices {
  area: string;
  currency: string;
  format: ImportMeta['format'];
  source: PriceImportSource;
  points: readonly PricePoint[];
  importedAt: number;
}
