/**
 * The bench's year: SMARD DE-LU day-ahead prices and generation forecasts of 2023
 * (test/fixtures/market/smard-de-lu-2023.csv; Bundesnetzagentur | SMARD.de, CC BY 4.0), as
 * hourly points with the drivers under the keys the price store uses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { parsePrice } from '../src-shared/domain/units';
import type { HourlyPoint } from '../src-main/forecast/series';
import { SMARD_DRIVER_COLUMNS } from '../src-shared/domain/price-drivers';

export const YEAR_2023 = fileURLToPath(new URL('../test/fixtures/market/smard-de-lu-2023.csv', import.meta.url));

/** CSV column → driver key, as the importer maps them. The file has no load forecast. */
const DRIVER_COLUMNS = SMARD_DRIVER_COLUMNS;

/** A SMARD CSV with the generation-forecast columns; `withDrivers` false drops them. */
export function loadSmardCsv(file = YEAR_2023, withDrivers = true): HourlyPoint[] {
  const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) => {
    const priceUnits = parsePrice(record.price_eur_mwh ?? '');
    const startUtcMs = Date.parse(record.utc_start ?? '');
    if (priceUnits === null || !Number.isFinite(startUtcMs)) throw new Error(`bad row ${JSON.stringify(record)}`);
    if (!withDrivers) return { startUtcMs, priceUnits };
    const features: Record<string, number> = {};
    for (const [column, key] of Object.entries(DRIVER_COLUMNS)) {
      const value = Number(record[column]);
      if (record[column] !== undefined && record[column] !== '' && Number.isFinite(value)) features[key] = value;
    }
    return { startUtcMs, priceUnits, features };
  });
}
