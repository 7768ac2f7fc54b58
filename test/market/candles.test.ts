import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketStart, CandleAggregator, type Candle, type CandleResolution, type Trade } from '../../src-main/market/candles';

const T = Date.UTC(2026, 10, 23, 9, 0, 0); // 10:00 Berlin
const MIN = 60_000;

function trade(offsetMs: number, priceUnits: number, quantity = 100): Trade {
  return { tsMs: T + offsetMs, priceUnits, quantity };
}

function only(changed: Candle[], resolution: CandleResolution): Candle {
  const found = changed.filter((c) => c.resolution === resolution);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('CandleAggregator', () => {
  it('opens a candle per resolution from the first trade', () => {
    const changed = new CandleAggregator().apply(trade(30_000, -1250, 500));
    expect(changed.map((c) => c.resolution)).toEqual(['1m', '5m', '15m', '30m', '1h', '1d']);
    expect(only(changed, '1m')).toEqual({
      resolution: '1m',
      startMs: T,
      open: -1250,
      high: -1250,
      low: -1250,
      close: -1250,
      volume: 500,
      trades: 1,
      openTsMs: T + 30_000,
      closeTsMs: T + 30_000,
    });
  });

  it('tracks high, low, close, volume and count within a bucket', () => {
    const agg = new CandleAggregator({ resolutions: ['5m'] });
    agg.apply(trade(0, 8000, 100));
    agg.apply(trade(MIN, 8500, 200));
    agg.apply(trade(2 * MIN, 7900, 300));
    const [c] = agg.apply(trade(3 * MIN, 8100, 400));
    expect(c).toMatchObject({ open: 8000, high: 8500, low: 7900, close: 8100, volume: 1000, trades: 4 });
  });

  it('lets a late trade for an older bucket become that bucket\'s open without touching its close', () => {
    const agg = new CandleAggregator({ resolutions: ['1m'] });
    agg.apply(trade(30_000, 9000));
    agg.apply(trade(50_000, 9100));
    agg.apply(trade(MIN + 10_000, 9500)); // next minute
    const [late] = agg.apply(trade(10_000, 8800)); // belongs to the first minute
    expect(late).toMatchObject({ startMs: T, open: 8800, close: 9100, low: 8800, high: 9100, trades: 3, volume: 300 });
    expect(agg.get('1m', T + MIN)).toMatchObject({ open: 9500, trades: 1 });
  });

  it('lets a late trade that is still the newest in its bucket become the close', () => {
    const agg = new CandleAggregator({ resolutions: ['15m'] });
    agg.apply(trade(0, 100));
    agg.apply(trade(20 * MIN, 300)); // next bucket arrives first
    const [c] = agg.apply(trade(5 * MIN, 200));
    expect(c).toMatchObject({ startMs: T, open: 100, close: 200 });
  });

  it('keeps the first of same-time trades as open and the last as close', () => {
    const agg = new CandleAggregator({ resolutions: ['1m'] });
    agg.apply(trade(0, 1));
    agg.apply(trade(0, 2));
    const [c] = agg.apply(trade(0, 3));
    expect(c).toMatchObject({ open: 1, close: 3 });
  });

  it('does not invent candles for buckets without trades', () => {
    const agg = new CandleAggregator({ resolutions: ['1m'] });
    agg.apply(trade(0, 1));
    agg.apply(trade(10 * MIN, 2));
    expect(agg.candles('1m').map((c) => c.startMs)).toEqual([T, T + 10 * MIN]);
  });

  it('continues from loaded candles', () => {
    const first = new CandleAggregator({ resolutions: ['1h'] });
    first.apply(trade(0, 5000, 100));
    first.apply(trade(10 * MIN, 5200, 100));
    const resumed = new CandleAggregator({ resolutions: ['1h'] });
    resumed.load(first.candles('1h'));
    const [c] = resumed.apply(trade(5 * MIN, 4000, 50)); // late, between the two stored trades
    expect(c).toMatchObject({ open: 5000, close: 5200, low: 4000, high: 5200, volume: 250, trades: 3 });
  });

  it('continues from candles stored without open/close times: open kept, next trade closes', () => {
    const agg = new CandleAggregator({ resolutions: ['1h'] });
    agg.load([{ resolution: '1h', startMs: T, open: 10, high: 20, low: 5, close: 15, volume: 300, trades: 3 }]);
    const [c] = agg.apply(trade(59 * MIN, 12, 100));
    expect(c).toMatchObject({ open: 10, close: 12, high: 20, low: 5, volume: 400, trades: 4 });
  });

  it('refuses to load a candle that does not start on a bucket boundary', () => {
    expect(() => new CandleAggregator().load([{ resolution: '15m', startMs: T + MIN, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1 }])).toThrow(RangeError);
  });

  it('returns copies, so callers cannot corrupt its state', () => {
    const agg = new CandleAggregator({ resolutions: ['1m'] });
    const [c] = agg.apply(trade(0, 1));
    c!.close = 999;
    expect(agg.get('1m', T)?.close).toBe(1);
  });

  it('reports each changed candle once from applyAll', () => {
    const changed = new CandleAggregator({ resolutions: ['1m', '1h'] }).applyAll([trade(0, 1), trade(MIN, 2), trade(2 * MIN, 3)]);
    expect(changed.filter((c) => c.resolution === '1h')).toHaveLength(1);
    expect(changed.filter((c) => c.resolution === '1m')).toHaveLength(3);
  });

  it('refuses non-integer prices and non-positive quantities', () => {
    const agg = new CandleAggregator();
    expect(() => agg.apply({ tsMs: T, priceUnits: 1.5, quantity: 1 })).toThrow(RangeError);
    expect(() => agg.apply({ tsMs: T, priceUnits: 1, quantity: 0 })).toThrow(RangeError);
    expect(() => agg.apply({ tsMs: Number.NaN, priceUnits: 1, quantity: 1 })).toThrow(RangeError);
  });
});

describe('bucketStart', () => {
  it('aligns minute resolutions to UTC multiples', () => {
    const ts = Date.UTC(2026, 10, 23, 9, 47, 31);
    expect(bucketStart('1m', ts)).toBe(Date.UTC(2026, 10, 23, 9, 47));
    expect(bucketStart('5m', ts)).toBe(Date.UTC(2026, 10, 23, 9, 45));
    expect(bucketStart('15m', ts)).toBe(Date.UTC(2026, 10, 23, 9, 45));
    expect(bucketStart('30m', ts)).toBe(Date.UTC(2026, 10, 23, 9, 30));
    expect(bucketStart('1h', ts)).toBe(Date.UTC(2026, 10, 23, 9, 0));
  });

  it('starts a day at Berlin midnight, including on clock-change days', () => {
    expect(bucketStart('1d', Date.UTC(2026, 10, 23, 23, 30))).toBe(Date.UTC(2026, 10, 23, 23, 0)); // already the 24th in Berlin
    expect(bucketStart('1d', Date.UTC(2023, 9, 29, 22, 30))).toBe(Date.UTC(2023, 9, 28, 22, 0)); // the 25-hour day
    expect(bucketStart('1d', Date.UTC(2023, 9, 29, 23, 0))).toBe(Date.UTC(2023, 9, 29, 23, 0));
    expect(bucketStart('1d', Date.UTC(2023, 2, 26, 21, 59))).toBe(Date.UTC(2023, 2, 25, 23, 0)); // the 23-hour day
  });
});

describe('CandleAggregator properties', () => {
  const trades = fc.uniqueArray(
    fc.record({
      tsMs: fc.integer({ min: T, max: T + 3 * 3_600_000 }),
      priceUnits: fc.integer({ min: -50_000, max: 400_000 }),
      quantity: fc.integer({ min: 1, max: 100_000 }),
    }),
    { selector: (t) => t.tsMs, minLength: 1, maxLength: 60 },
  );

  function reference(list: Trade[], resolution: CandleResolution): Candle[] {
    const groups = new Map<number, Trade[]>();
    for (const t of [...list].sort((a, b) => a.tsMs - b.tsMs)) {
      const start = bucketStart(resolution, t.tsMs);
      groups.set(start, [...(groups.get(start) ?? []), t]);
    }
    return [...groups]
      .sort(([a], [b]) => a - b)
      .map(([startMs, g]) => ({
        resolution,
        startMs,
        open: g[0]!.priceUnits,
        high: Math.max(...g.map((t) => t.priceUnits)),
        low: Math.min(...g.map((t) => t.priceUnits)),
        close: g[g.length - 1]!.priceUnits,
        volume: g.reduce((s, t) => s + t.quantity, 0),
        trades: g.length,
        openTsMs: g[0]!.tsMs,
        closeTsMs: g[g.length - 1]!.tsMs,
      }));
  }

  it('matches a batch computation whatever order the trades arrive in', () => {
    fc.assert(
      fc.property(trades, fc.infiniteStream(fc.nat()), (list, order) => {
        const shuffled = [...list];
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = order.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const agg = new CandleAggregator();
        for (const t of shuffled) agg.apply(t);
        for (const r of ['1m', '15m', '1h', '1d'] as const) expect(agg.candles(r)).toEqual(reference(list, r));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result when stopped, stored and resumed at any point', () => {
    fc.assert(
      fc.property(trades, fc.nat(), (list, cut) => {
        const sorted = [...list].sort((a, b) => a.tsMs - b.tsMs);
        const at = cut % (sorted.length + 1);
        const before = new CandleAggregator({ resolutions: ['5m', '1h'] });
        for (const t of sorted.slice(0, at)) before.apply(t);
        const after = new CandleAggregator({ resolutions: ['5m', '1h'] });
        after.load([...before.candles('5m'), ...before.candles('1h')]);
        for (const t of sorted.slice(at)) after.apply(t);
        expect(after.candles('5m')).toEqual(reference(list, '5m'));
        expect(after.candles('1h')).toEqual(reference(list, '1h'));
      }),
      { numRuns: 200 },
    );
  });
});
