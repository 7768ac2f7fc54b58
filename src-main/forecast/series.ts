/**
 * Hourly price series and the delivery days of their market area they belong to (23, 24 or 25
 * hours around a clock change). Days are the market calendar's (market/delivery-days.ts); `area`
 * defaults to the home area.
 */
import { DateTime } from 'luxon';
import { HOME_AREA } from '../../src-shared/domain/market-areas';
import { deliveryDayOf, deliveryZoneOf } from '../market/delivery-days';

export const HOUR_MS = 3_600_000;

export interface HourlyPoint {
  startUtcMs: number;
  /** 0.01 €/MWh. */
  priceUnits: number;
  /** Optional exogenous values known before the auction, e.g. generation forecasts (MWh). */
  features?: Readonly<Record<string, number>>;
}

/** An hour to forecast: its start and any exogenous values already known for it. */
export interface FutureHour {
  startUtcMs: number;
  features?: Readonly<Record<string, number>>;
}

export function dayStartMs(day: string, area: string = HOME_AREA): number {
  const start = DateTime.fromISO(day, { zone: deliveryZoneOf(area) }).startOf('day');
  if (!start.isValid) throw new RangeError(`not a day: ${day}`);
  return start.toMillis();
}

/** The calendar day `days` after (or before) `day`: by date, not by 24 hours. */
export function addDays(day: string, days: number, area: string = HOME_AREA): string {
  return DateTime.fromISO(day, { zone: deliveryZoneOf(area) }).plus({ days }).toISODate() as string;
}

/** UTC starts of every delivery hour of a day, stepping in UTC so clock changes give 23/25. */
export function hoursOfDay(day: string, area: string = HOME_AREA): number[] {
  const start = dayStartMs(day, area);
  const end = dayStartMs(addDays(day, 1, area), area);
  const hours: number[] = [];
  for (let t = start; t < end; t += HOUR_MS) hours.push(t);
  return hours;
}

export function nextDeliveryDay(history: readonly HourlyPoint[], area: string = HOME_AREA): string {
  let last = Number.NEGATIVE_INFINITY;
  for (const point of history) last = Math.max(last, point.startUtcMs);
  if (!Number.isFinite(last)) throw new RangeError('empty history');
  return addDays(deliveryDayOf(last, area), 1, area);
}

/** Days from `first` to `last` inclusive, yyyy-MM-dd. */
export function daysBetween(first: string, last: string, area: string = HOME_AREA): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1, area)) days.push(day);
  return days;
}
