import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { buildForwardCurve, hourOfWeekShape, type CurveProduct } from '../../src-main/risk/marks/forward-curve';

const ZONE = 'Europe/Berlin';
const asOf = DateTime.fromISO('2023-06-12T00:00', { zone: ZONE }); // a Monday in summer time
const local = (iso: string): number => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

// Four weeks of history whose price is 100 × local hour (€/MWh ×100 units) on weekdays and 500 lower at weekends.
const history = Array.from({ length: 28 * 24 }, (_, i) => {
  const t = asOf.minus({ hours: 28 * 24 - i });
  return { startUtcMs: t.toMillis(), priceUnits: t.hour * 100 - (t.weekday >= 6 ? 500 : 0) };
});

const hour = (iso: string): CurveProduct => ({ productId: `H ${iso}`, startUtcMs: local(iso), durationMin: 60 });
const quarter = (iso: string): CurveProduct => ({ productId: `Q ${iso}`, startUtcMs: local(iso), durationMin: 15 });

describe('forward curve', () => {
  it('hour-of-week shape averages the window by Berlin weekday and hour', () => {
    const shape = hourOfWeekShape(history, asOf.minus({ weeks: 4 }).toMillis(), asOf.toMillis());
    expect(shape[0]).toBe(0); // Monday 00:00
    expect(shape[8]).toBe(800); // Monday 08:00
    expect(shape[5 * 24 + 8]).toBe(300); // Saturday 08:00
  });

  const products = [
    hour('2023-06-12T08:00'),
    hour('2023-06-12T09:00'),
    quarter('2023-06-12T10:15'),
    { productId: 'PEAK 06-12', startUtcMs: local('2023-06-12T08:00'), durationMin: 12 * 60 },
    hour('2023-06-13T09:00'),
    hour('2023-06-17T09:00'), // Saturday
  ];
  const trades = [
    { productId: 'H 2023-06-12T08:00', priceUnits: 1500, ts: asOf.toMillis() - 2000 },
    { productId: 'H 2023-06-12T08:00', priceUnits: 1800, ts: asOf.toMillis() - 1000 }, // latest wins
    { productId: 'H 2023-06-12T09:00', priceUnits: 99_999, ts: asOf.toMillis() + 1 }, // after asOf: ignored
  ];
  const curve = buildForwardCurve(products, trades, history, { area: 'DE', asOfMs: asOf.toMillis() });
  const price = (id: string) => curve.points.find((p) => p.productId === id);

  it('traded products take their latest trade at or before asOf', () => {
    expect(price('H 2023-06-12T08:00')).toMatchObject({ priceUnits: 1800, source: 'trade' });
  });

  it('untraded products: shape shifted by the traded level of their day (gap 1800 − 800 = +1000)', () => {
    expect(curve.levelByDay).toEqual({ '2023-06-12': 1000 });
    expect(price('H 2023-06-12T09:00')).toMatchObject({ priceUnits: 1900, source: 'shape' });
    expect(price('Q 2023-06-12T10:15')).toMatchObject({ priceUnits: 2000, source: 'shape' });
    // Peak 08–20: mean shape of hours 8…19 = 1350, + 1000.
    expect(price('PEAK 06-12')).toMatchObject({ priceUnits: 2350, source: 'shape' });
  });

  it('days without trades use the overall level', () => {
    expect(curve.globalLevel).toBe(1000);
    expect(price('H 2023-06-13T09:00')).toMatchObject({ priceUnits: 1900 });
    expect(price('H 2023-06-17T09:00')).toMatchObject({ priceUnits: 400 + 1000 });
  });

  it('shifts rather than scales, so negative shapes stay consistent', () => {
    const negative = history.map((p) => ({ ...p, priceUnits: p.priceUnits - 2000 }));
    const c = buildForwardCurve([hour('2023-06-12T08:00'), hour('2023-06-12T09:00')], [{ productId: 'H 2023-06-12T08:00', priceUnits: -1000, ts: 0 }], negative, {
      area: 'DE',
      asOfMs: asOf.toMillis(),
    });
    // shape 08:00 = −1200, trade −1000 → level +200; 09:00 shape −1100 → −900.
    expect(c.points[1]).toMatchObject({ priceUnits: -900, source: 'shape' });
  });

  it('falls back to the history mean, then to the mean of trades, then to nothing', () => {
    const partial = history.filter((p) => DateTime.fromMillis(p.startUtcMs, { zone: ZONE }).hour !== 3);
    const c1 = buildForwardCurve([hour('2023-06-12T03:00')], [], partial, { area: 'DE', asOfMs: asOf.toMillis() });
    expect(c1.points[0]?.source).toBe('history-mean');
    const c2 = buildForwardCurve([hour('2023-06-12T03:00'), hour('2023-06-12T04:00')], [{ productId: 'H 2023-06-12T04:00', priceUnits: 4321, ts: 0 }], [], {
      area: 'DE',
      asOfMs: asOf.toMillis(),
    });
    expect(c2.points[0]).toMatchObject({ priceUnits: 4321, source: 'trades-mean' });
    const c3 = buildForwardCurve([hour('2023-06-12T03:00')], [], [], { area: 'DE', asOfMs: asOf.toMillis() });
    expect(c3.points[0]).toMatchObject({ priceUnits: null, source: 'none' });
  });

  it('is a pure function of its inputs', () => {
    expect(buildForwardCurve(products, trades, history, { area: 'DE', asOfMs: asOf.toMillis() })).toEqual(curve);
  });
});
