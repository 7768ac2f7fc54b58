import { describe, expect, it } from 'vitest';
import { fitBoostedTrees } from '../../src-main/forecast/boosted-trees';
import { ForecastCancelled } from '../../src-main/forecast/model';

// x = [hour, lag]; y jumps by 100 after hour 11 and follows lag with slope 0.5.
const xs = Array.from({ length: 480 }, (_, i) => [i % 24, (i * 37) % 200]);
const ys = xs.map(([hour, lag]) => (hour! >= 12 ? 100 : 0) + 0.5 * lag!);

describe('gradient-boosted trees', () => {
  it('learns a step in one feature and a slope in another', () => {
    const model = fitBoostedTrees(xs, ys, { rounds: 200, learningRate: 0.1, minLeaf: 10 });
    let sse = 0;
    let sst = 0;
    const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
    xs.forEach((x, i) => {
      sse += (ys[i]! - model.predict(x)) ** 2;
      sst += (ys[i]! - mean) ** 2;
    });
    expect(1 - sse / sst).toBeGreaterThan(0.98);
    expect(model.predict([15, 100]) - model.predict([5, 100])).toBeGreaterThan(90);
  });

  it('is deterministic', () => {
    const a = fitBoostedTrees(xs, ys, { rounds: 30 });
    const b = fitBoostedTrees(xs, ys, { rounds: 30 });
    for (const x of xs.slice(0, 50)) expect(a.predict(x)).toBe(b.predict(x));
  });

  it('predicts the mean with zero rounds, and a constant target exactly', () => {
    expect(fitBoostedTrees(xs, ys.map(() => 42), { rounds: 20 }).predict(xs[0]!)).toBeCloseTo(42, 12);
    const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
    expect(fitBoostedTrees(xs, ys, { rounds: 0 }).predict(xs[0]!)).toBeCloseTo(mean, 10);
  });

  it('stops between rounds when asked', () => {
    let calls = 0;
    expect(() => fitBoostedTrees(xs, ys, { rounds: 100 }, { shouldStop: () => ++calls > 5 })).toThrow(ForecastCancelled);
    expect(calls).toBe(6);
  });
});
