import { describe, expect, it } from 'vitest';
import { ridgeGcv } from '../../src-main/forecast/ridge-gcv';

describe('ridge regression with λ by GCV', () => {
  it('recovers an exact linear relation with the smallest penalty of the grid', () => {
    // y = 3 + 2·x1 − x2 on a 2-feature design with an intercept.
    const rows = Array.from({ length: 50 }, (_, i) => [1, Math.sin(i), Math.cos(3 * i)]);
    const x = Float64Array.from(rows.flat());
    const y = Float64Array.from(rows, (r) => 3 + 2 * r[1]! - r[2]!);
    const fit = ridgeGcv(x, y, 3, [false, true, true]);
    expect(fit.lambda).toBe(1e-4 * 50);
    expect(fit.beta[0]).toBeCloseTo(3, 3);
    expect(fit.beta[1]).toBeCloseTo(2, 3);
    expect(fit.beta[2]).toBeCloseTo(-1, 3);
  });

  it('matches the closed form of one standardised column: β = Σxy / (Σx² + λ)', () => {
    const xs = [1, -1, 2, -2, 0.5, -0.5];
    const ys = [2, -1, 3, -4, 1, 0];
    const lambdaRelative = 0.3;
    const fit = ridgeGcv(Float64Array.from(xs), Float64Array.from(ys), 1, [true], [lambdaRelative]);
    const sxy = xs.reduce((s, v, i) => s + v * ys[i]!, 0);
    const sxx = xs.reduce((s, v) => s + v * v, 0);
    expect(fit.beta[0]).toBeCloseTo(sxy / (sxx + lambdaRelative * xs.length), 12);
  });

  it('shrinks more when the signal is pure noise', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [1, ...Array.from({ length: 10 }, (_, j) => Math.sin(7 * i + 3 * j * j))]);
    const noise = Float64Array.from(rows, (_, i) => Math.sin(1_000 * i + 0.5));
    const signal = Float64Array.from(rows, (r) => r.slice(1).reduce((s, v) => s + v, 0));
    const penalised = [false, ...new Array(10).fill(true)];
    expect(ridgeGcv(Float64Array.from(rows.flat()), noise, 11, penalised).lambda).toBeGreaterThan(ridgeGcv(Float64Array.from(rows.flat()), signal, 11, penalised).lambda);
  });
});
