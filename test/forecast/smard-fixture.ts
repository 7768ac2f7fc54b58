/** Loads the SMARD DE-LU day-ahead slice in test/fixtures/risk as forecast input, drivers under the price store's keys. */
import { fileURLToPath } from 'node:url';
import { loadSmardCsv } from '../../bench/forecast-data';
import type { HourlyPoint } from '../../src-main/forecast/series';

export const SMARD_FIXTURE = fileURLToPath(new URL('../fixtures/risk/smard-de-lu-2023-02-27-to-04-23.csv', import.meta.url));

export function loadSmardFixture(withFeatures = true): HourlyPoint[] {
  return loadSmardCsv(SMARD_FIXTURE, withFeatures);
}

/** The slice as an import stores it: prices, and the forecast columns as the drivers the prices port gives back (MWh per hour). */
export function loadSmardFixtureAsStored(): HourlyPoint[] {
  return loadSmardCsv(SMARD_FIXTURE, true);
}
