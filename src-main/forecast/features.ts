/**
 * Feature rows for the forecast models: the area's local calendar, price lags and exogenous values.
 *
 * Lags are taken by UTC time: 24 h and 168 h before the hour. Across a clock change the same
 * local hour is 23 or 25 UTC hours away, so a missing lag falls back to −1 h, then +1 h. Lags of
 * at least 23 h never reach into the day being forecast, whose prices are not yet known.
 */
import { DateTime } from 'luxon';
import { HOME_AREA } from '../../src-shared/domain/market-areas';
import { deliveryZoneOf } from '../market/delivery-days';
import { HOUR_MS, type FutureHour, type HourlyPoint } from './series';

export interface FeatureRow {
  startUtcMs: number;
  /** Local hour 0…23, ISO weekday 1 (Mon) … 7 (Sun), month 1…12. */
  hour: number;
  weekday: number;
  month: number;
  lag24: number;
  lag168: number;
  /** Exogenous values in `featureNames` order. */
  extras: number[];
  /** Price, price units; NaN when unknown (a target hour). */
  y: number;
}

export type LagLookup = (startUtcMs: number, lagHours: number) => number | undefined;

export function lagLookup(known: readonly HourlyPoint[]): LagLookup {
  const byTime = new Map<number, number>();
  for (const point of known) byTime.set(point.startUtcMs, point.priceUnits);
  return (startUtcMs, lagHours) => {
    const at = startUtcMs - lagHours * HOUR_MS;
    return byTime.get(at) ?? byTime.get(at + HOUR_MS) ?? byTime.get(at - HOUR_MS);
  };
}

/** Exogenous names present on every given hour, sorted (deterministic column order). */
export function commonFeatureNames(hours: readonly FutureHour[]): string[] {
  let names: string[] | null = null;
  for (const hour of hours) {
    const own = Object.keys(hour.features ?? {}).filter((k) => Number.isFinite(hour.features?.[k]));
    names = names === null ? own : names.filter((name) => own.includes(name));
    if (names.length === 0) break;
  }
  return [...(names ?? [])].sort();
}

/**
 * One row per hour; hours without a 24 h or 168 h lag (start of the history) are left out, except
 * that `keepAll` fills a missing lag from the other one so every target hour gets a forecast.
 */
export function featureRows(
  hours: readonly (FutureHour & { priceUnits?: number })[],
  lag: LagLookup,
  featureNames: readonly string[],
  keepAll = false,
  area: string = HOME_AREA,
): FeatureRow[] {
  const zone = deliveryZoneOf(area);
  const rows: FeatureRow[] = [];
  for (const hour of hours) {
    let lag24 = lag(hour.startUtcMs, 24);
    let lag168 = lag(hour.startUtcMs, 168);
    if (lag24 === undefined || lag168 === undefined) {
      if (!keepAll) continue;
      lag24 ??= lag168;
      lag168 ??= lag24;
      if (lag24 === undefined || lag168 === undefined) throw new RangeError('no price history before the forecast day');
    }
    const local = DateTime.fromMillis(hour.startUtcMs, { zone });
    rows.push({
      startUtcMs: hour.startUtcMs,
      hour: local.hour,
      weekday: local.weekday,
      month: local.month,
      lag24,
      lag168,
      extras: featureNames.map((name) => hour.features?.[name] ?? Number.NaN),
      y: hour.priceUnits ?? Number.NaN,
    });
  }
  return rows;
}
