/**
 * The drivers of a day-ahead price that are published before its auction: the day-ahead forecasts
 * of generation and load for the area. Each is an hourly value in MWh per hour (the mean power in
 * MW over the hour); the forecast models see them under these names as `HourlyPoint.features`.
 *
 * Sources: SMARD's "Prognostizierte Erzeugung Day-Ahead" columns (gen_da_forecast_*), ENTSO-E
 * A69 documents (wind and solar generation forecast: psrType B16 solar, B18 wind offshore, B19 wind
 * onshore) and A65 documents with process type A01 (day-ahead total load forecast).
 */
export const PRICE_DRIVERS = ['gen_total_mwh', 'gen_wind_onshore_mwh', 'gen_wind_offshore_mwh', 'gen_pv_mwh', 'gen_other_mwh', 'load_mwh'] as const;

export type PriceDriver = (typeof PRICE_DRIVERS)[number];

export function isPriceDriver(name: string): name is PriceDriver {
  return (PRICE_DRIVERS as readonly string[]).includes(name);
}

/** The SMARD export's column for each driver it carries (its pv_and_wind sum is derived, so not kept). */
export const SMARD_DRIVER_COLUMNS: Readonly<Record<string, PriceDriver>> = {
  gen_da_forecast_total_mwh: 'gen_total_mwh',
  gen_da_forecast_wind_onshore_mwh: 'gen_wind_onshore_mwh',
  gen_da_forecast_wind_offshore_mwh: 'gen_wind_offshore_mwh',
  gen_da_forecast_pv_mwh: 'gen_pv_mwh',
  gen_da_forecast_other_mwh: 'gen_other_mwh',
  load_da_forecast_mwh: 'load_mwh',
};

/** ENTSO-E production types (psrType) of an A69 wind and solar forecast. */
export const ENTSOE_PSR_DRIVERS: Readonly<Record<string, PriceDriver>> = {
  B16: 'gen_pv_mwh',
  B18: 'gen_wind_offshore_mwh',
  B19: 'gen_wind_onshore_mwh',
};
