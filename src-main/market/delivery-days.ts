/**
 * Delivery days: the calendar days of a market area's time zone (a German one is a Europe/Berlin
 * day, 23, 24 or 25 hours long), the one calendar products, imports, forecasts and P&L days share.
 *
 * `area` is a market area code, its document name (DE-LU) or its ENTSO-E code. Prices of an area
 * the terminal does not list (a neighbour's imported day-ahead prices) are counted in the home
 * area's days, the calendar the terminal reports in; where nothing names an area, the home area's.
 */
import { DateTime } from 'luxon';
import { HOME_AREA, marketAreaOf, zoneOfArea } from '../../src-shared/domain/market-areas';
import { type DurationMin, type PricePoint } from './import/types';

/** The time zone delivery days of `area` are counted in. */
export function deliveryZoneOf(area: string = HOME_AREA): string {
  return zoneOfArea(marketAreaOf(area) ?? HOME_AREA);
}

export interface DeliveryDay<P extends PricePoint = PricePoint> {
  /** Calendar day in the area's zone, yyyy-MM-dd. */
  day: string;
  startUtcMs: number;
  endUtcMs: number;
  points: P[];
}

/** UTC bounds of a delivery day: 23, 24 or 25 hours apart around a clock change. */
export function deliveryDayBounds(day: string, area: string = HOME_AREA): { startUtcMs: number; endUtcMs: number } {
  const start = DateTime.fromISO(day, { zone: deliveryZoneOf(area) }).startOf('day');
  if (!start.isValid || start.toISODate() !== day) throw new RangeError(`not a delivery day: ${day}`);
  return { startUtcMs: start.toMillis(), endUtcMs: start.plus({ days: 1 }).toMillis() };
}

/** How many intervals a complete day has: 92/96/100 quarters or 23/24/25 hours. */
export function intervalsInDeliveryDay(day: string, durationMin: DurationMin, area: string = HOME_AREA): number {
  const { startUtcMs, endUtcMs } = deliveryDayBounds(day, area);
  return (endUtcMs - startUtcMs) / (durationMin * 60_000);
}

/** The delivery day an instant falls in, yyyy-MM-dd. */
export function deliveryDayOf(utcMs: number, area: string = HOME_AREA): string {
  return DateTime.fromMillis(utcMs, { zone: deliveryZoneOf(area) }).toISODate() ?? '';
}

/**
 * Groups points by the delivery day their delivery starts in, in time order. A day's bounds are
 * computed once and reused while points stay inside them, since luxon per point is the slow part
 * on a year of quarter-hours.
 */
export function groupByDeliveryDay<P extends PricePoint>(points: readonly P[], area: string = HOME_AREA): Array<DeliveryDay<P>> {
  const sorted = [...points].sort((a, b) => a.startUtcMs - b.startUtcMs);
  const days: Array<DeliveryDay<P>> = [];
  let current: DeliveryDay<P> | undefined;
  for (const point of sorted) {
    if (!current || point.startUtcMs < current.startUtcMs || point.startUtcMs >= current.endUtcMs) {
      const day = deliveryDayOf(point.startUtcMs, area);
      current = { day, ...deliveryDayBounds(day, area), points: [] };
      days.push(current);
    }
    current.points.push(point);
  }
  return days;
}

/** Whether a group holds exactly one point per interval of the day at the given resolution. */
export function isCompleteDeliveryDay(group: DeliveryDay, durationMin: DurationMin): boolean {
  const ofResolution = group.points.filter((p) => p.durationMin === durationMin);
  const starts = new Set(ofResolution.map((p) => p.startUtcMs));
  return starts.size === ofResolution.length && starts.size === (group.endUtcMs - group.startUtcMs) / (durationMin * 60_000);
}
