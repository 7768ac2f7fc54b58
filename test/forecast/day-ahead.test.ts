import { describe, expect, it } from 'vitest';
import { forecastDay, forecastNextDay } from '../../src-main/forecast/day-ahead';
import { MODEL_NAMES } from '../../src-main/forecast/model';
import { hoursOfDay } from '../../src-main/forecast/series';
import { loadSmardFixture } from './smard-fixture';

const history = loadSmardFixture();
const pricesOnly = loadSmardFixture(false);

describe('day-ahead forecast', () => {
  it.each(MODEL_NAMES)('%s forecasts every hour of the next day with an ordered interval', (model) => {
    const forecast = forecastNextDay(pricesOnly, { model });
    expect(forecast.day).toBe('2023-04-24');
    expect(forecast.hours.map((h) => h.startUtcMs)).toEqual(hoursOfDay('2023-04-24'));
    expect(forecast.residualSource).toBe('calibration');
    expect(forecast.residualLower).toBeLessThanOrEqual(forecast.residualUpper);
    for (const hour of forecast.hours) {
      expect(Number.isFinite(hour.pointUnits)).toBe(true);
      expect(hour.lowerUnits).toBeLessThanOrEqual(hour.upperUnits);
    }
  });

  it('seasonal naive repeats the same hour one week earlier', () => {
    const forecast = forecastDay(pricesOnly, '2023-04-20', { model: 'seasonal-naive' });
    const byTime = new Map(pricesOnly.map((p) => [p.startUtcMs, p.priceUnits]));
    for (const hour of forecast.hours) expect(hour.pointUnits).toBe(byTime.get(hour.startUtcMs - 168 * 3_600_000));
  });

  it('forecasts the 23-hour clock-change day', () => {
    const forecast = forecastDay(pricesOnly, '2023-03-26', { model: 'linear' });
    expect(forecast.hours).toHaveLength(23);
  });

  it('uses the generation forecasts of the target day when given, and needs them for every hour', () => {
    const day = '2023-04-20';
    const future = history.filter((p) => hoursOfDay(day).includes(p.startUtcMs)).map((p) => ({ startUtcMs: p.startUtcMs, features: p.features! }));
    const withFeatures = forecastDay(history, day, { model: 'linear' }, future);
    expect(withFeatures.featureNames).toEqual(['genPvAndWind', 'genTotal']);
    // Without the target day's values, 'auto' drops the features rather than guess them.
    expect(forecastDay(history, day, { model: 'linear' }).featureNames).toEqual([]);
    expect(() => forecastDay(history, day, { model: 'linear', features: ['genTotal'] })).toThrow(/missing/);
  });

  it('never looks at the prices of the day it forecasts', () => {
    const day = '2023-04-20';
    const hours = new Set(hoursOfDay(day));
    const tampered = pricesOnly.map((p) => (hours.has(p.startUtcMs) ? { ...p, priceUnits: 1_000_000 } : p));
    for (const model of MODEL_NAMES) {
      expect(forecastDay(tampered, day, { model })).toEqual(forecastDay(pricesOnly, day, { model }));
    }
  });

  it('refuses a day without enough history', () => {
    expect(() => forecastDay(pricesOnly, '2023-03-01', { model: 'linear' })).toThrow(/not enough history/);
  });
});
