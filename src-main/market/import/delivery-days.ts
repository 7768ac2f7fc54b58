import { DateTime } from 'luxon';
import { DELIVERY_ZONE } from '../products';
import { type DurationMin, type PricePoint } from './types';

export interface DeliveryDay<P extends PricePoint = PricePoint> {
  /** Europe/Berlin calendar day, yyyy-MM-dd. */
  day: string;
  startUtcMs: number;
  endUtcMs: number;
  points: P[];
}

/** UTC bounds of a Berlin delivery day: 23, 24 or 25 hours apart. */
export function deliveryDayBounds(day: string): { startUtcMs: number; endUtcMs: number } {
  const start = DateTime.fromISO(day, { zone: DELIVERY_ZONE }).startOf('day');
  if (!start.isValid || start.toISODate() !== day) throw new RangeError(`not a delivery day: ${day}`);
  return { startUtcMs: start.toMillis(), endUtcMs: start.plus({ days: 1 }).toMillis() };
}

/** How many intervals a complete day has: 92/96/100 quarters or 23/24/25 hours. */
export function intervalsInDeliveryDay(day: string, durationMin: DurationMin): number {
  const { startUtcMs, endUtcMs } = deliveryDayBounds(day);
  return (endUtcMs - startUtcMs) / (durationMin * 60_000);
}

export function deliveryDayOf(utcMs: number): string {
  return DateTime.fromMillis(utcMs, { zone: DELIVERY_ZONE }).toISODate() ?? '';
}

/**
 * Groups points by the Berlin day their delivery starts in, in time order. A day's bounds are
 * computed once and reused while points stay inside them, since luxon per point is the slow part
 * on a year of quarter-hours.
 */
export function groupByDeliveryDay<P extends PricePoint>(points: readonly P[]): Array<DeliveryDay<P>> {
  const sorted = [...points].sort((a, b) => a.startUtcMs - b.startUtcMs);
  const days: Array<DeliveryDay<P>> = [];
  let current: DeliveryDay<P> | undefined;
  for (const point of sorted) {
    if (!current || point.startUtcMs < current.startUtcMs || point.startUtcMs >= current.endUtcMs) {
      const day = deliveryDayOf(point.startUtcMs);
      current = { day, ...deliveryDayBounds(day), points: [] };
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
