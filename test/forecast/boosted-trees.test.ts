import { describe, expect, it } from 'vitest';
import { fitBoostedTrees } from '../../src-main/forecast/boosted-trees';
import type { FeatureRow } from '../../src-main/forecast/features';
import { ForecastCancelled } from '../../src-main/forecast/model';

const row = (hour: number, lag24: number, y: number): FeatureRow => ({ startUtcMs: 0, hour, weekday: 1, month: 1, lag24, lag168: 0, extras: [], y });

// y jumps by 100 after hour 11 and follows lag24 with slope 0.5.
const rows = Array.from({ length: 480 }, (_, i) => {
  const hour = i % 24;
  const lag24 = (i * 37) % 200;
  return row(hour, lag24, (hour >= 12 ? 100 : 0) + 0.5 * lag24);
});

describe('gradient-boosted trees', () => {
  it('learns a step in hour and a slope in lag24', () => {
    const model = fitBoostedTrees(rows, { rounds: 200, learningRate: 0.1, minLeaf: 10 });
    let sse = 0;
    let sst = 0;
    const mean = rows.reduce((s, r) => s + r.y, 0) / rows.length;
    for (const r of rows) {
      sse += (r.y - model.predict(r)) ** 2;
      sst += (r.y - mean) ** 2;
    }
    expect(1 - sse / sst).toBeGreaterThan(0.98);
    expect(model.predict(row(15, 100, 0)) - model.predict(row(5, 100, 0))).toBeGreaterThan(90);
  });

  it('is deterministic', () => {
    const a = fitBoostedTrees(rows, { rounds: 30 });
    const b = fitBoostedTrees(rows, { rounds: 30 });
    for (const r of rows.slice(0, 50)) expect(a.predict(r)).toBe(b.predict(r));
  });

  it('predicts the mean with zero rounds, and a constant target exactly', () => {
    const constant = rows.map((r) => ({ ...r, y: 42 }));
    expect(fitBoostedTrees(constant, { rounds: 20 }).predict(rows[0]!)).toBeCloseTo(42, 12);
    const mean = rows.reduce((s, r) => s + r.y, 0) / rows.length;
    expect(fitBoostedTrees(rows, { rounds: 0 }).predict(rows[0]!)).toBeCloseTo(mean, 10);
  });

  it('stops between rounds when asked', () => {
    let calls = 0;
    expect(() => fitBoostedTrees(rows, { rounds: 100 }, { shouldStop: () => ++calls > 5 })).toThrow(ForecastCancelled);
    expect(calls).toBe(6);
  });
});
