/**
 * Hourly price series and the Europe/Berlin delivery days they belong to (23, 24 or 25 hours).
 */
import { DateTime } from 'luxon';

export const FORECAST_ZONE = 'Europe/Berlin';
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

export function deliveryDayOf(ms: number, zone = FORECAST_ZONE): string {
  const day = DateTime.fromMillis(ms, { zone }).toISODate();
  if (day === null) throw new RangeError(`bad timestamp ${ms}`);
  return day;
}

export function dayStartMs(day: string, zone = FORECAST_ZONE): number {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  if (!start.isValid) throw new RangeError(`not a day: ${day}`);
  return start.toMillis();
}

export function addDays(day: string, days: number, zone = FORECAST_ZONE): string {
  return DateTime.fromISO(day, { zone }).plus({ days }).toISODate() as string;
}

/** UTC starts of every delivery hour of a Berlin day, stepping in UTC so clock changes give 23/25. */
export function hoursOfDay(day: string, zone = FORECAST_ZONE): number[] {
  const start = dayStartMs(day, zone);
  const end = dayStartMs(addDays(day, 1, zone), zone);
  const hours: number[] = [];
  for (let t = start; t < end; t += HOUR_MS) hours.push(t);
  return hours;
}

export function nextDeliveryDay(history: readonly HourlyPoint[], zone = FORECAST_ZONE): string {
  let last = Number.NEGATIVE_INFINITY;
  for (const point of history) last = Math.max(last, point.startUtcMs);
  if (!Number.isFinite(last)) throw new RangeError('empty history');
  return addDays(deliveryDayOf(last, zone), 1, zone);
}

/** Days from `first` to `last` inclusive, yyyy-MM-dd. */
export function daysBetween(first: string, last: string, zone = FORECAST_ZONE): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1, zone)) days.push(day);
  return days;
}
