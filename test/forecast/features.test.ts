import { describe, expect, it } from 'vitest';
import { availableDrivers, DRIVER_COLUMNS, driverColumns, PreparedHistory } from '../../src-main/forecast/features';
import { hoursOfDay, nextDeliveryDay, type HourlyPoint } from '../../src-main/forecast/series';
import { loadSmardFixture } from './smard-fixture';

const history = loadSmardFixture();
const priceAt = (iso: string): number => history.find((p) => p.startUtcMs === Date.parse(iso))!.priceUnits;

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

  it('a row carries the Berlin calendar and the prices of the same local hour 1, 2 and 7 days before', () => {
    const [row] = new PreparedHistory(history).targetRows([{ startUtcMs: Date.parse('2023-04-20T10:00:00Z') }]);
    expect(row).toMatchObject({ hour: 12, weekday: 4, month: 4 });
    expect(row!.lagDay1).toBe(priceAt('2023-04-19T10:00:00Z'));
    expect(row!.lagDay2).toBe(priceAt('2023-04-18T10:00:00Z'));
    expect(row!.lagDay7).toBe(priceAt('2023-04-13T10:00:00Z'));
    expect(Number.isNaN(row!.y)).toBe(true);
  });

  it('in the week after the spring clock change, the week lag reads the same local hour, 167 UTC hours back', () => {
    // Monday 2023-03-27 10:00 CEST is 08:00Z. The Monday before, 10:00 CET was 09:00Z; 168 UTC hours
    // back (08:00Z) would be 09:00 CET, the wrong hour.
    const [row] = new PreparedHistory(history).targetRows([{ startUtcMs: Date.parse('2023-03-27T08:00:00Z') }]);
    expect(row!.hour).toBe(10);
    expect(row!.lagDay7).toBe(priceAt('2023-03-20T09:00:00Z'));
    expect(priceAt('2023-03-20T09:00:00Z')).not.toBe(priceAt('2023-03-20T08:00:00Z'));
  });

  it('the day after the 23-hour day takes its missing 02:00 as the mean of 01:00 and 03:00', () => {
    // 2023-03-26: 01:00 CET = 00:00Z, 03:00 CEST = 01:00Z; 2023-03-27 02:00 CEST = 00:00Z.
    const [row] = new PreparedHistory(history).targetRows([{ startUtcMs: Date.parse('2023-03-27T00:00:00Z') }]);
    expect(row!.hour).toBe(2);
    expect(row!.lagDay1).toBe((priceAt('2023-03-26T00:00:00Z') + priceAt('2023-03-26T01:00:00Z')) / 2);
  });

  it('the day after the 25-hour day takes its repeated 02:00 as the mean of both', () => {
    const prices: HourlyPoint[] = [];
    // 2023-10-22 … 2023-10-29 (Berlin), a price per UTC hour equal to its index.
    const start = Date.parse('2023-10-21T22:00:00Z');
    for (let t = start, i = 0; t < Date.parse('2023-10-29T23:00:00Z'); t += 3_600_000, i += 1) prices.push({ startUtcMs: t, priceUnits: i });
    // 2023-10-30 02:00 CET = 01:00Z; on 2023-10-29, 02:00 CEST = 00:00Z and 02:00 CET = 01:00Z.
    const [row] = new PreparedHistory(prices).targetRows([{ startUtcMs: Date.parse('2023-10-30T01:00:00Z') }]);
    const index = (iso: string): number => (Date.parse(iso) - start) / 3_600_000;
    expect(row!.lagDay1).toBe((index('2023-10-29T00:00:00Z') + index('2023-10-29T01:00:00Z')) / 2);
    // The week lag of 2023-10-29 03:00 CET (02:00Z) is 2023-10-22 03:00 CEST (01:00Z): 169 UTC hours back.
    expect(new PreparedHistory(prices).targetRows([{ startUtcMs: Date.parse('2023-10-29T02:00:00Z') }])[0]!.lagDay7).toBe(index('2023-10-22T01:00:00Z'));
  });

  it('training rows start on the eighth day, when the day a week before is complete', () => {
    const rows = new PreparedHistory(history).rows();
    expect(new Date(rows[0]!.startUtcMs).toISOString()).toBe('2023-03-05T23:00:00.000Z');
    expect(rows.at(-1)!.y).toBe(history.at(-1)!.priceUnits);
  });

  it('derives wind + solar and its share from the drivers, and uses a driver only when every target hour has it', () => {
    const columns = driverColumns({ gen_total_mwh: 100, gen_wind_onshore_mwh: 30, gen_wind_offshore_mwh: 10, gen_pv_mwh: 20, gen_other_mwh: 40 });
    expect(columns[DRIVER_COLUMNS.indexOf('renewable_mwh')]).toBe(60);
    expect(columns[DRIVER_COLUMNS.indexOf('renewable_share')]).toBeCloseTo(0.6, 12);
    expect(Number.isNaN(columns[DRIVER_COLUMNS.indexOf('residual_load_mwh')]!)).toBe(true);
    const prepared = new PreparedHistory(history);
    const day = hoursOfDay('2023-04-24').map((t, i) => ({ startUtcMs: t, features: (i === 5 ? { gen_total_mwh: 1 } : { gen_total_mwh: 1, gen_pv_mwh: 2 }) as Record<string, number> }));
    expect(availableDrivers(prepared.targetRows(day)).map((j) => DRIVER_COLUMNS[j])).toEqual(['gen_total_mwh']);
    expect(availableDrivers(prepared.targetRows(hoursOfDay('2023-04-24').map((t) => ({ startUtcMs: t }))))).toEqual([]);
  });
});
