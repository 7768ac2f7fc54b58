/** Loads the SMARD DE-LU day-ahead slice in test/fixtures/risk as forecast input. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { parsePrice } from '../../src-shared/domain/units';
import type { HourlyPoint } from '../../src-main/forecast/series';
import { SMARD_DRIVER_COLUMNS } from '../../src-shared/domain/price-drivers';

export const SMARD_FIXTURE = fileURLToPath(new URL('../fixtures/risk/smard-de-lu-2023-02-27-to-04-23.csv', import.meta.url));

const FEATURE_COLUMNS: Record<string, string> = {
  gen_da_forecast_total_mwh: 'genTotal',
  gen_da_forecast_pv_and_wind_mwh: 'genPvAndWind',
};

export function loadSmardFixture(withFeatures = true): HourlyPoint[] {
  const records = parse(readFileSync(SMARD_FIXTURE, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) => {
    const priceUnits = parsePrice(record.price_eur_mwh ?? '');
    if (priceUnits === null) throw new Error(`bad price ${record.price_eur_mwh}`);
    const startUtcMs = Date.parse(record.utc_start ?? '');
    if (!withFeatures) return { startUtcMs, priceUnits };
    const features: Record<string, number> = {};
    for (const [column, name] of Object.entries(FEATURE_COLUMNS)) features[name] = Number(record[column]);
    return { startUtcMs, priceUnits, features };
  });
}

/** The slice as an import stores it: prices, and the forecast columns as the drivers the prices port gives back (MWh per hour). */
export function loadSmardFixtureAsStored(): HourlyPoint[] {
  const records = parse(readFileSync(SMARD_FIXTURE, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) => {
    const priceUnits = parsePrice(record.price_eur_mwh ?? '');
    if (priceUnits === null) throw new Error(`bad price ${record.price_eur_mwh}`);
    const features: Record<string, number> = {};
    for (const [column, driver] of Object.entries(SMARD_DRIVER_COLUMNS)) if (record[column] !== undefined) features[driver] = Number(record[column]);
    return { startUtcMs: Date.parse(record.utc_start ?? ''), priceUnits, features };
  });
}
