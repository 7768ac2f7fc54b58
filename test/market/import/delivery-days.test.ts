import { describe, expect, it } from 'vitest';
import {
  deliveryDayBounds,
  deliveryDayOf,
  groupByDeliveryDay,
  intervalsInDeliveryDay,
  isCompleteDeliveryDay,
  type PricePoint,
} from '../../../src-main/market/import';
import { utc } from '../helpers/fixtures';

function hours(fromIso: string, count: number): PricePoint[] {
  return Array.from({ length: count }, (_, i) => ({ startUtcMs: utc(fromIso) + i * 3_600_000, durationMin: 60, priceUnits: i }));
}

describe('Berlin delivery days', () => {
  it('bounds a normal, a 23-hour and a 25-hour day in UTC', () => {
    expect(deliveryDayBounds('2023-07-02')).toEqual({ startUtcMs: utc('2023-07-01T22:00:00Z'), endUtcMs: utc('2023-07-02T22:00:00Z') });
    expect(deliveryDayBounds('2023-03-26')).toEqual({ startUtcMs: utc('2023-03-25T23:00:00Z'), endUtcMs: utc('2023-03-26T22:00:00Z') });
    expect(deliveryDayBounds('2023-10-29')).toEqual({ startUtcMs: utc('2023-10-28T22:00:00Z'), endUtcMs: utc('2023-10-29T23:00:00Z') });
  });

  it('counts the intervals of a day per resolution', () => {
    expect(intervalsInDeliveryDay('2023-03-26', 60)).toBe(23);
    expect(intervalsInDeliveryDay('2023-10-29', 60)).toBe(25);
    expect(intervalsInDeliveryDay('2023-10-29', 15)).toBe(100);
    expect(intervalsInDeliveryDay('2023-07-02', 15)).toBe(96);
  });

  it('refuses a day that is not a calendar date', () => {
    expect(() => deliveryDayBounds('2023-02-30')).toThrow(RangeError);
    expect(() => deliveryDayBounds('tomorrow')).toThrow(RangeError);
  });

  it('names the Berlin day of an instant, not the UTC day', () => {
    expect(deliveryDayOf(utc('2023-07-01T22:00:00Z'))).toBe('2023-07-02');
    expect(deliveryDayOf(utc('2023-07-01T21:59:59Z'))).toBe('2023-07-01');
  });

  it('groups unsorted points into days in time order', () => {
    const points = hours('2023-10-28T22:00:00Z', 25 + 24).reverse();
    const days = groupByDeliveryDay(points);
    expect(days.map((d) => [d.day, d.points.length])).toEqual([
      ['2023-10-29', 25],
      ['2023-10-30', 24],
    ]);
    expect(days[0]!.points[0]!.startUtcMs).toBe(utc('2023-10-28T22:00:00Z'));
  });

  it('tells complete days from incomplete ones', () => {
    const [full] = groupByDeliveryDay(hours('2023-03-25T23:00:00Z', 23));
    const [partial] = groupByDeliveryDay(hours('2023-03-25T23:00:00Z', 22));
    expect(isCompleteDeliveryDay(full!, 60)).toBe(true);
    expect(isCompleteDeliveryDay(partial!, 60)).toBe(false);
    expect(isCompleteDeliveryDay(full!, 15)).toBe(false);
  });
});
