import { describe, expect, it } from 'vitest';
import { commonFeatureNames, featureRows, lagLookup } from '../../src-main/forecast/features';
import { hoursOfDay, nextDeliveryDay } from '../../src-main/forecast/series';
import { loadSmardFixture } from './smard-fixture';

const history = loadSmardFixture();

describe('series and features', () => {
  it('Berlin delivery days have 23, 24 or 25 hours', () => {
    expect(hoursOfDay('2023-03-26')).toHaveLength(23);
    expect(hoursOfDay('2023-03-27')).toHaveLength(24);
    expect(hoursOfDay('2023-10-29')).toHaveLength(25);
    expect(new Date(hoursOfDay('2023-03-27')[0]!).toISOString()).toBe('2023-03-26T22:00:00.000Z');
  });

  it('the next delivery day follows the last hour of the history', () => {
    expect(nextDeliveryDay(history)).toBe('2023-04-24');
  });

  it('rows carry Berlin calendar fields and the 24 h / 168 h lags', () => {
    const lag = lagLookup(history);
    const [row] = featureRows([{ startUtcMs: Date.parse('2023-04-20T10:00:00Z') }], lag, [], true);
    expect(row).toMatchObject({ hour: 12, weekday: 4, month: 4 });
    const price = (iso: string) => history.find((p) => p.startUtcMs === Date.parse(iso))!.priceUnits;
    expect(row!.lag24).toBe(price('2023-04-19T10:00:00Z'));
    expect(row!.lag168).toBe(price('2023-04-13T10:00:00Z'));
    expect(Number.isNaN(row!.y)).toBe(true);
  });

  it('a lag across the clock change falls back by one hour instead of vanishing', () => {
    // Monday 2023-03-27 00:00 CEST is 2023-03-26T22:00Z; 168 UTC hours earlier is Sunday 23:00 CET
    // (2023-03-19T22:00Z), the same local hour being one UTC hour later (23:00Z). Remove the exact hour:
    const withoutOne = history.filter((p) => p.startUtcMs !== Date.parse('2023-03-19T22:00:00Z'));
    const lag = lagLookup(withoutOne);
    const at = Date.parse('2023-03-26T22:00:00Z');
    expect(lag(at, 168)).toBe(withoutOne.find((p) => p.startUtcMs === Date.parse('2023-03-19T23:00:00Z'))!.priceUnits);
  });

  it('training rows without both lags are left out', () => {
    const lag = lagLookup(history);
    const rows = featureRows(history, lag, []);
    // The first 167 hours have no 168 h lag even with the ±1 h fallback; hour 168 uses the −167 h one.
    expect(rows.length).toBe(history.length - 167);
  });

  it('exogenous features common to all hours, sorted', () => {
    expect(commonFeatureNames(history)).toEqual(['genPvAndWind', 'genTotal']);
    expect(commonFeatureNames([...history, { startUtcMs: 0, features: { genTotal: 1 } }])).toEqual(['genTotal']);
    expect(commonFeatureNames([...history, { startUtcMs: 0 }])).toEqual([]);
  });
});
