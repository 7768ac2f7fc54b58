import { describe, expect, it } from 'vitest';
import { conformalBands } from '../../src-main/forecast/conformal';

describe('conformal intervals per hour of day', () => {
  it('takes the ⌊(n+1)·0.1⌋-th and ⌈(n+1)·0.9⌉-th of the pooled errors of the hour and its neighbours', () => {
    // Hours 4, 5, 6 carry errors 1…40 (n = 40 for hour 5): P10 = e(4) = 4, P90 = e(37) = 37, P5 = e(2), P95 = e(39).
    const errors = Array.from({ length: 40 }, (_, i) => ({ hour: 4 + (i % 3), error: i + 1 }));
    const band = conformalBands(errors).get(5)!;
    expect(band.pool).toBe(40);
    expect(band.inner).toEqual({ lower: 4, upper: 37 });
    expect(band.outer).toEqual({ lower: 2, upper: 39 });
  });

  it('wraps hour 23 to hour 0, and falls back to all hours when the pool is small', () => {
    const errors = [...Array.from({ length: 30 }, () => ({ hour: 0, error: 10 })), ...Array.from({ length: 30 }, () => ({ hour: 12, error: -10 }))];
    const bands = conformalBands(errors);
    expect(bands.get(23)!.inner).toEqual({ lower: 10, upper: 10 });
    // Hour 6 has no errors near it: all 60, half −10 and half 10.
    expect(bands.get(6)!.pool).toBe(60);
    expect(bands.get(6)!.inner).toEqual({ lower: -10, upper: 10 });
  });

  it('covers about 80% of new errors from the same distribution', () => {
    // Deterministic "uniform" errors: a low-discrepancy sequence on [−50, 50].
    const draw = (i: number): number => ((i * 0.6180339887498949) % 1) * 100 - 50;
    const past = Array.from({ length: 24 * 28 }, (_, i) => ({ hour: i % 24, error: draw(i) }));
    const bands = conformalBands(past);
    let inside = 0;
    const fresh = 24 * 200;
    for (let i = 0; i < fresh; i += 1) {
      const band = bands.get(i % 24)!.inner;
      const e = draw(100_000 + i);
      if (e >= band.lower && e <= band.upper) inside += 1;
    }
    expect(inside / fresh).toBeGreaterThan(0.76);
    expect(inside / fresh).toBeLessThan(0.86);
  });
});
