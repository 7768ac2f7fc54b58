/** Delivery intervals the exchanges publish; anything else is refused rather than guessed at. */
export type DurationMin = 15 | 60;

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
  | 'wrong_document';

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

export interface SeriesSummary {
  /** TimeSeries mRID for ENTSO-E; absent for CSV. */
  id?: string;
  durationMin: DurationMin;
  curveType?: string;
  startUtcMs: number;
  endUtcMs: number;
  points: number;
}

export interface ImportMeta {
  format: 'smard-csv' | 'berlin-csv' | 'entsoe-a44';
  /** Energy unit the prices are per, upper case ("MWH"). */
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
  /** Sorted by start, then by duration. */
  points: PricePoint[];
  area?: string;
  currency: string;
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
   * CSV only: area code to report, since the files do not carry one unless an `area` column is
   * present; its zone is where local delivery times are read (the home area's when not given).
   */
  area?: string;
  /** CSV only: the interval length when the file has no end/resolution column; otherwise inferred from the spacing. */
  durationMin?: DurationMin;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_ERRORS = 100;
