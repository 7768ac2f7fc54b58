import { describe, expect, it } from 'vitest';
import { ridgeLeastSquares } from '../../src-main/forecast/least-squares';

describe('ridge least squares by QR', () => {
  it('recovers exact coefficients of a consistent system', () => {
    // y = 3 + 2·a − 0.5·b on 6 points.
    const points = [[0, 1], [1, 0], [2, 3], [3, 5], [4, 4], [5, 9]] as const;
    const x = Float64Array.from(points.flatMap(([a, b]) => [1, a, b]));
    const y = Float64Array.from(points.map(([a, b]) => 3 + 2 * a - 0.5 * b));
    const beta = ridgeLeastSquares(x, y, 3, [0, 0, 0]);
    expect(Array.from(beta).map((v) => Number(v.toFixed(10)))).toEqual([3, 2, -0.5]);
  });

  it('matches the least-squares solution of an inconsistent system (NumPy lstsq)', () => {
    // numpy.linalg.lstsq([[1,0],[1,1],[1,2],[1,3]], [1,2,2,4]) → [0.9, 0.9]
    const x = Float64Array.from([1, 0, 1, 1, 1, 2, 1, 3]);
    const beta = ridgeLeastSquares(x, Float64Array.from([1, 2, 2, 4]), 2, [0, 0]);
    expect(beta[0]).toBeCloseTo(0.9, 12);
    expect(beta[1]).toBeCloseTo(0.9, 12);
  });

  it('applies the ridge penalty: one column, β = Σxy / (Σx² + λ)', () => {
    const x = Float64Array.from([1, 2, 3]);
    const y = Float64Array.from([2, 3, 7]);
    expect(ridgeLeastSquares(x, y, 1, [4])[0]).toBeCloseTo((2 + 6 + 21) / (14 + 4), 12);
  });

  it('gives 0 to an all-zero column instead of failing', () => {
    const x = Float64Array.from([1, 0, 1, 0, 1, 0]);
    const beta = ridgeLeastSquares(x, Float64Array.from([2, 4, 6]), 2, [0, 1]);
    expect(beta[0]).toBeCloseTo(4, 12);
    expect(beta[1]).toBe(0);
  });
});
