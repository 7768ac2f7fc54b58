import { describe, expect, it } from 'vitest';
import { localClock, PriceProcess, simulateQuarterHours, type SimulatedQuarter } from '../../../src-main/market/simulator';

const YEAR_START = Date.UTC(2022, 11, 31, 23, 0); // 2023-01-01 00:00 Berlin
const QUARTERS_PER_YEAR = 365 * 96;

interface Hour {
  startUtcMs: number;
  eur: number;
}

function hourly(quarters: readonly SimulatedQuarter[]): Hour[] {
  const out: Hour[] = [];
  for (let i = 0; i + 3 < quarters.length; i += 4) {
    const sum = quarters.slice(i, i + 4).reduce((a, q) => a + q.priceUnits, 0);
    out.push({ startUtcMs: quarters[i]!.startUtcMs, eur: sum / 400 });
  }
  return out;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

// One simulated year per seed, shared by the statistical tests below.
const years = new Map<number, Hour[]>();
function year(seed: number): Hour[] {
  let hours = years.get(seed);
  if (!hours) {
    hours = hourly(simulateQuarterHours({ seed, startUtcMs: YEAR_START, count: QUARTERS_PER_YEAR }));
    years.set(seed, hours);
  }
  return hours;
}

function meanWhere(hours: readonly Hour[], keep: (clock: ReturnType<typeof localClock>) => boolean): number {
  return mean(hours.filter((h) => keep(localClock(h.startUtcMs))).map((h) => h.eur));
}

describe('PriceProcess', () => {
  it('gives the same series for the same seed', () => {
    const a = simulateQuarterHours({ seed: 42, startUtcMs: YEAR_START, count: 2 * 96 });
    const b = simulateQuarterHours({ seed: 42, startUtcMs: YEAR_START, count: 2 * 96 });
    expect(a).toEqual(b);
  });

  it('gives a different series for a neighbouring seed', () => {
    const a = simulateQuarterHours({ seed: 1, startUtcMs: YEAR_START, count: 96 }).map((q) => q.priceUnits);
    const b = simulateQuarterHours({ seed: 2, startUtcMs: YEAR_START, count: 96 }).map((q) => q.priceUnits);
    expect(a).not.toEqual(b);
    expect(a.filter((v, i) => v === b[i]).length).toBeLessThan(10);
  });

  it('steps in consecutive quarter-hours from the start rounded down, with integer prices', () => {
    const process = new PriceProcess({ seed: 7, startUtcMs: YEAR_START + 7 * 60_000 });
    const first = process.next();
    const second = process.next();
    expect(first.startUtcMs).toBe(YEAR_START);
    expect(second.startUtcMs).toBe(YEAR_START + 15 * 60_000);
    expect(first.durationMin).toBe(15);
    expect(Number.isSafeInteger(first.priceUnits)).toBe(true);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => new PriceProcess({ seed: 1.5, startUtcMs: YEAR_START })).toThrow(RangeError);
  });

  it('keeps prices inside the SDAC clearing limits', () => {
    const extreme = simulateQuarterHours({ seed: 3, startUtcMs: YEAR_START, count: 30 * 96, calibration: { slowStdDev: 2000 } });
    for (const q of extreme) {
      expect(q.priceUnits).toBeGreaterThanOrEqual(-50_000);
      expect(q.priceUnits).toBeLessThanOrEqual(400_000);
    }
  });

  it('reverts to its level: a simulated year averages near the 2023 mean of 95 €/MWh', () => {
    for (const seed of [1, 2]) {
      const m = mean(year(seed).map((h) => h.eur));
      expect(m).toBeGreaterThan(85);
      expect(m).toBeLessThan(105);
    }
  });

  it('reverts to its level: daily means are correlated day to day but not month to month', () => {
    const days = new Map<number, number[]>();
    for (const h of year(1)) {
      const d = localClock(h.startUtcMs).dayNumber;
      days.set(d, [...(days.get(d) ?? []), h.eur]);
    }
    const daily = [...days.values()].map(mean);
    const mu = mean(daily);
    const autocorrelation = (lag: number): number => {
      let num = 0;
      let den = 0;
      for (let i = 0; i < daily.length; i += 1) {
        den += (daily[i]! - mu) ** 2;
        if (i >= lag) num += (daily[i]! - mu) * (daily[i - lag]! - mu);
      }
      return num / den;
    };
    expect(autocorrelation(1)).toBeGreaterThan(0.3);
    expect(Math.abs(autocorrelation(30))).toBeLessThan(0.3);
  });

  it('puts the evening peak above the midday solar dip, on average over a year', () => {
    const hours = year(1);
    const evening = meanWhere(hours, (c) => Math.floor(c.hour) === 19);
    const midday = meanWhere(hours, (c) => Math.floor(c.hour) === 13);
    expect(evening - midday).toBeGreaterThan(30);
  });

  it('has a night low below the morning ramp on weekdays', () => {
    const hours = year(1);
    const night = meanWhere(hours, (c) => !c.weekend && Math.floor(c.hour) === 3);
    const morning = meanWhere(hours, (c) => !c.weekend && Math.floor(c.hour) === 8);
    expect(morning - night).toBeGreaterThan(25);
  });

  it('prices weekends below weekdays', () => {
    const hours = year(1);
    expect(meanWhere(hours, (c) => !c.weekend) - meanWhere(hours, (c) => c.weekend)).toBeGreaterThan(15);
  });

  it('digs the midday dip deeper in summer than in winter', () => {
    const hours = year(1);
    const dip = (months: (doy: number) => boolean): number =>
      meanWhere(hours, (c) => months(c.dayOfYear) && Math.floor(c.hour) === 19) - meanWhere(hours, (c) => months(c.dayOfYear) && Math.floor(c.hour) === 13);
    expect(dip((d) => d >= 151 && d < 243)).toBeGreaterThan(dip((d) => d < 59 || d >= 334) + 20);
  });

  it('has negative hours, mostly at sunny weekend middays', () => {
    const negatives = year(1).filter((h) => h.eur < 0).map((h) => localClock(h.startUtcMs));
    expect(negatives.length).toBeGreaterThan(20);
    const weekendMidday = negatives.filter((c) => c.weekend && c.hour >= 10 && c.hour < 17);
    expect(weekendMidday.length / negatives.length).toBeGreaterThan(0.5);
  });

  it('has spikes: without them the year is narrower', () => {
    const spread = (hours: readonly Hour[]): number => Math.max(...hours.map((h) => h.eur)) - Math.min(...hours.map((h) => h.eur));
    const calm = hourly(simulateQuarterHours({ seed: 1, startUtcMs: YEAR_START, count: QUARTERS_PER_YEAR, calibration: { spikesPerDay: 0 } }));
    const spiky = hourly(simulateQuarterHours({ seed: 1, startUtcMs: YEAR_START, count: QUARTERS_PER_YEAR, calibration: { spikesPerDay: 2 } }));
    expect(spread(spiky)).toBeGreaterThan(spread(calm) + 100);
  });
});
