import type { PriceDriver } from '../../../src-shared/domain/price-drivers';

/** Delivery intervals the exchanges publish; anything else is refused rather than guessed at. */
export type DurationMin = 15 | 30 | 60;

/**
 * Which auction a price is from. 'official' is the area's reference day-ahead price (the SDAC
 * coupling price: ENTSO-E classificationSequence 1, or a series without one; every CSV price);
 * `sequence-N` is another classificationSequence of the same document (a second auction such as
 * EXAA's), stored apart and imported only when asked for.
 */
export type AuctionKey = 'official' | `sequence-${number}`;

export function auctionOfSequence(sequence: number): AuctionKey {
  return sequence === 1 ? 'official' : `sequence-${sequence}`;
}

/** A forecast driver of one interval: the mean power over it in kW (0.001 MWh per hour). */
export interface DriverPoint {
  driver: PriceDriver;
  startUtcMs: number;
  durationMin: DurationMin;
  kw: number;
}

export interface PricePoint {
  startUtcMs: number;
  durationMin: DurationMin;
  /** Signed 0.01 currency/unit steps (0.01 €/MWh for EUR and MWH); zero and below are normal. */
  priceUnits: number;
}

export type ImportIssueCode =
  | 'too_large'
  | 'bad_encoding'
  | 'malformed'
  | 'empty'
  | 'missing_column'
  | 'bad_row'
  | 'bad_price'
  | 'bad_timestamp'
  | 'nonexistent_local_time'
  | 'bad_interval'
  | 'bad_resolution'
  | 'mixed_resolution'
  | 'bad_position'
  | 'duplicate_interval'
  | 'overlapping_interval'
  | 'missing_interval'
  | 'wrong_currency'
  | 'wrong_unit'
  | 'mixed_currency'
  | 'mixed_area'
  | 'wrong_document'
  | 'no_data'
  | 'unknown_area'
  | 'bad_value';

export interface ImportIssue {
  code: ImportIssueCode;
  /** 1-based line in the file, when one line is to blame. */
  line?: number;
  /** ISO-8601 interval ("start/end", UTC) the problem concerns. */
  interval?: string;
  /** Column or element name (dotted path for XML). */
  field?: string;
  message: string;
}

/** Why a series of a file was read but not imported. */
export type SeriesSkipReason = 'other_sequence' | 'unknown_psr_type';

export interface SeriesSummary {
  /** TimeSeries mRID for ENTSO-E; absent for CSV. */
  id?: string;
  /** What the series holds: prices, one driver, or (skipped) a production type that drives no price. */
  kind: 'price' | PriceDriver | 'other';
  /** ENTSO-E production type of a generation forecast series (B16, B18, B19, …). */
  psrType?: string;
  /** ENTSO-E classificationSequence of a price series, when the document gives one. */
  sequence?: number;
  /** Where its prices are stored; absent for drivers and skipped series. */
  auction?: AuctionKey;
  durationMin: DurationMin;
  curveType?: string;
  startUtcMs: number;
  endUtcMs: number;
  /** Intervals imported from it (0 when skipped). */
  points: number;
  /** Set when the series was left out, and why. */
  skipped?: SeriesSkipReason;
}

export type ImportFormat = 'smard-csv' | 'berlin-csv' | 'entsoe-a44' | 'entsoe-a69' | 'entsoe-a65';

export interface ImportMeta {
  format: ImportFormat;
  /** Energy unit the prices are per, upper case ("MWH"); MAW (MW) for a forecast document. */
  unit: string;
  firstStartUtcMs: number;
  endUtcMs: number;
  pointCount: number;
  /** Data rows (CSV) or Point elements (XML) read; A03 fills make pointCount larger. */
  recordCount: number;
  series: SeriesSummary[];
  documentId?: string;
  createdUtc?: string;
}

export interface ImportSuccess {
  ok: true;
  /** Sorted by start, then by duration; all of `auction`. Empty for a file of drivers only. */
  points: PricePoint[];
  /** The auction every price of `points` is from. */
  auction: AuctionKey;
  /** Forecast drivers, sorted by driver, then start. */
  drivers: DriverPoint[];
  /** The market area key (DE for DE-LU or 10Y1001A1001A82H); absent when neither the file nor the caller names one. */
  area?: string;
  /** Upper case ("EUR"); null for a file of drivers only, which has no prices. */
  currency: string | null;
  meta: ImportMeta;
}

export interface ImportFailure {
  ok: false;
  /** At most `maxErrors` issues, in the order found. */
  errors: ImportIssue[];
  /** All issues found, including those left out of `errors`. */
  errorCount: number;
}

export type ImportResult = ImportSuccess | ImportFailure;

export interface ImportOptions {
  /** Refused before any decoding or parsing. Default 50 MB. */
  maxBytes?: number;
  /** Upper case. Default ["EUR"]. */
  allowedCurrencies?: readonly string[];
  /** Upper case. Default ["MWH"]. */
  allowedUnits?: readonly string[];
  /** Default 100. */
  maxErrors?: number;
  /**
   * The area a file is for when it does not say (SMARD CSVs, or an ENTSO-E document without a
   * domain): a key, short name or EIC code, reported as the area's key. For CSV its zone is where
   * local delivery times are read (the home area's when not given).
   */
  area?: string;
  /** CSV only: the interval length when the file has no end/resolution column; otherwise inferred from the spacing. */
  durationMin?: DurationMin;
  /**
   * ENTSO-E prices only: which classificationSequence to import (default 1, the official coupling
   * price); the document's other sequences are reported as skipped.
   */
  sequence?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_ERRORS = 100;
