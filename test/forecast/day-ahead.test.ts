import { describe, expect, it } from 'vitest';
import { forecastDay, forecastNextDay } from '../../src-main/forecast/day-ahead';
import { MODEL_NAMES } from '../../src-main/forecast/model';
import { hoursOfDay } from '../../src-main/forecast/series';
import { loadSmardFixture } from './smard-fixture';

const history = loadSmardFixture();
const pricesOnly = loadSmardFixture(false);
const futureOf = (day: string) => history.filter((p) => hoursOfDay(day).includes(p.startUtcMs)).map((p) => ({ startUtcMs: p.startUtcMs, features: p.features! }));

describe('day-ahead forecast', () => {
  it.each(MODEL_NAMES)('%s forecasts every hour of the next day with ordered P5 ≤ P10 ≤ P90 ≤ P95', (model) => {
    const forecast = forecastNextDay(pricesOnly, { model });
    expect(forecast.day).toBe('2023-04-24');
    expect(forecast.hours.map((h) => h.startUtcMs)).toEqual(hoursOfDay('2023-04-24'));
    expect(forecast.intervalSource).toBe('in-sample');
    for (const hour of forecast.hours) {
      expect(Number.isFinite(hour.pointUnits)).toBe(true);
      expect(hour.lower90Units).toBeLessThanOrEqual(hour.lowerUnits);
      expect(hour.lowerUnits).toBeLessThanOrEqual(hour.upperUnits);
      expect(hour.upperUnits).toBeLessThanOrEqual(hour.upper90Units);
    }
  });

  it('seasonal naive repeats the day before on Tuesday to Friday and the week before on Saturday to Monday', () => {
    const byTime = new Map(pricesOnly.map((p) => [p.startUtcMs, p.priceUnits]));
    const thursday = forecastDay(pricesOnly, '2023-04-20', { model: 'seasonal-naive' });
    for (const hour of thursday.hours) expect(hour.pointUnits).toBe(byTime.get(hour.startUtcMs - 24 * 3_600_000));
    const monday = forecastDay(pricesOnly, '2023-04-17', { model: 'seasonal-naive' });
    for (const hour of monday.hours) expect(hour.pointUnits).toBe(byTime.get(hour.startUtcMs - 168 * 3_600_000));
  });

  it('forecasts the 23-hour clock-change day', () => {
    expect(forecastDay(pricesOnly, '2023-03-26', { model: 'seasonal-naive' }).hours).toHaveLength(23);
  });

  it('uses the drivers of the target day when every hour has them, and prices only otherwise', () => {
    const day = '2023-04-20';
    expect(forecastDay(history, day, { model: 'linear' }, futureOf(day)).drivers).toEqual(['gen_total_mwh', 'gen_wind_onshore_mwh', 'gen_wind_offshore_mwh', 'gen_pv_mwh', 'gen_other_mwh', 'renewable_mwh', 'renewable_share']);
    expect(forecastDay(history, day, { model: 'linear' }).drivers).toEqual([]);
    // Drivers for the day but none in the history (nothing to learn them from): prices only.
    expect(forecastDay(pricesOnly, day, { model: 'linear' }, futureOf(day)).drivers).toEqual([]);
    const oneHourShort = futureOf(day).map((h, i) => (i === 3 ? { startUtcMs: h.startUtcMs } : h));
    expect(forecastDay(history, day, { model: 'linear' }, oneHourShort).drivers).toEqual([]);
  });

  it('takes conformal intervals from the errors it is given', () => {
    // 20 days of errors 0, 10, …, 190 (the same each hour): a pooled hour has 60, each value 3 times;
    // P10 = e(⌊61·0.1⌋ = 6) = 10, P90 = e(⌈61·0.9⌉ = 55) = 180.
    const calibration = Array.from({ length: 24 * 20 }, (_, i) => ({ hour: i % 24, error: Math.floor(i / 24) * 10 }));
    const forecast = forecastDay(pricesOnly, '2023-04-20', { model: 'linear', calibration });
    expect(forecast.intervalSource).toBe('conformal');
    for (const hour of forecast.hours) {
      expect(hour.lowerUnits - hour.pointUnits).toBeCloseTo(10, 9);
      expect(hour.upperUnits - hour.pointUnits).toBeCloseTo(180, 9);
    }
  });

  it('never looks at the prices or drivers of the day it forecasts', () => {
    const day = '2023-04-20';
    const hours = new Set(hoursOfDay(day));
    const tampered = history.map((p) => (hours.has(p.startUtcMs) ? { ...p, priceUnits: 1_000_000, features: { gen_total_mwh: 1 } } : p));
    for (const model of ['seasonal-naive', 'ensemble'] as const) {
      expect(forecastDay(tampered, day, { model }, futureOf(day))).toEqual(forecastDay(history, day, { model }, futureOf(day)));
    }
  });

  it('refuses a day without four weeks of training rows', () => {
    expect(() => forecastDay(pricesOnly, '2023-03-20', { model: 'linear' })).toThrow(/not enough history/);
  });
});
