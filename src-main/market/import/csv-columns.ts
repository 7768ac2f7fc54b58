import { isPriceDriver, SMARD_DRIVER_COLUMNS, type PriceDriver } from '../../../src-shared/domain/price-drivers';
import { type IssueSink } from './issues';

export type CsvFormat = 'smard-csv' | 'berlin-csv';

export interface CsvColumns {
  format: CsvFormat;
  time: number;
  price: number;
  end?: number;
  resolution?: number;
  currency?: number;
  unit?: number;
  area?: number;
  /** Forecast columns kept as drivers: SMARD's gen_da_forecast_* names, or the driver names themselves. */
  drivers: Array<{ index: number; driver: PriceDriver }>;
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * Which of the two accepted layouts a header is. `utc_start` marks the SMARD-derived export
 * (instants in UTC); `delivery_start` the generic one (wall clock of the area's zone, Europe/Berlin
 * for DE). SMARD's day-ahead generation and load forecast columns are read as drivers (their
 * pv_and_wind sum is derived from two others, so it is not kept); any other column is ignored.
 */
export function detectColumns(header: readonly string[], line: number, sink: IssueSink): CsvColumns | null {
  const index = new Map<string, number>();
  let ok = true;
  header.forEach((raw, i) => {
    const name = normalize(raw);
    if (name === '') return;
    if (index.has(name)) {
      sink.add({ code: 'malformed', line, field: raw, message: `column "${raw}" appears twice in the header` });
      ok = false;
    } else index.set(name, i);
  });
  const find = (...names: string[]): number | undefined => names.map((n) => index.get(n)).find((i) => i !== undefined);

  const utcStart = find('utc_start');
  const localStart = find('delivery_start');
  const time = utcStart ?? localStart;
  const format: CsvFormat = utcStart !== undefined ? 'smard-csv' : 'berlin-csv';
  if (time === undefined) {
    sink.add({
      code: 'missing_column',
      line,
      field: 'utc_start',
      message: 'no time column: expected "utc_start" (SMARD export, UTC) or "delivery_start" (Europe/Berlin local time)',
    });
    ok = false;
  }
  const price = format === 'smard-csv' ? find('price_eur_mwh') : find('price', 'price_eur_mwh');
  if (price === undefined) {
    const expected = format === 'smard-csv' ? '"price_eur_mwh"' : '"price" (or "price_eur_mwh")';
    sink.add({ code: 'missing_column', line, field: 'price', message: `no price column: expected ${expected}` });
    ok = false;
  }
  if (!ok || time === undefined || price === undefined) return null;
  const drivers: CsvColumns['drivers'] = [];
  for (const [name, i] of index) {
    const driver = SMARD_DRIVER_COLUMNS[name] ?? (isPriceDriver(name) ? name : undefined);
    if (driver !== undefined && !drivers.some((d) => d.driver === driver)) drivers.push({ index: i, driver });
  }
  return {
    drivers,
    format,
    time,
    price,
    end: find('delivery_end', 'utc_end'),
    resolution: find('resolution'),
    currency: find('currency'),
    unit: find('unit'),
    area: find('area'),
  };
}

/** Header name of column `index`, for error messages. */
export function columnName(header: readonly string[], index: number): string {
  return header[index]?.trim() ?? `column ${index + 1}`;
}
