import { describe, expect, it } from 'vitest';
import { cholesky, choleskyWithJitter, sampleCovariance, squareMatrix } from '../../src-main/math/linalg';

describe('Cholesky (README §3, worked by hand)', () => {
  const sigma = squareMatrix([
    [2_250_000, 2_400_000, 1_875_000],
    [2_400_000, 4_000_000, 3_000_000],
    [1_875_000, 3_000_000, 6_250_000],
  ]);

  it('factors the 3×3 covariance', () => {
    const l = cholesky(sigma);
    expect(l).not.toBeNull();
    const expected = [1500, 0, 0, 1600, 1200, 0, 1250, 2500 / 3, 1998.2631347136332];
    expected.forEach((value, i) => expect(l![i]).toBeCloseTo(value, 8));
  });

  it('needs no jitter for a positive definite matrix', () => {
    expect(choleskyWithJitter(sigma).jitter).toBe(0);
  });

  it('adds a small jitter for a singular matrix (two identical periods) and reproduces it', () => {
    const singular = squareMatrix([
      [4, 4, 2],
      [4, 4, 2],
      [2, 2, 3],
    ]);
    expect(cholesky(singular)).toBeNull();
    const { lower, jitter } = choleskyWithJitter(singular);
    expect(jitter).toBeGreaterThan(0);
    expect(jitter).toBeLessThan(1e-6);
    for (let i = 0; i < 3; i += 1) {
      for (let j = 0; j < 3; j += 1) {
        let sum = 0;
        for (let k = 0; k < 3; k += 1) sum += lower[i * 3 + k]! * lower[j * 3 + k]!;
        expect(sum).toBeCloseTo(singular.data[i * 3 + j]! + (i === j ? jitter : 0), 9);
      }
    }
  });

  it('throws on a matrix that is clearly indefinite', () => {
    expect(() => choleskyWithJitter(squareMatrix([[1, 0], [0, -1]]))).toThrow();
  });
});

describe('sample covariance', () => {
  it('matches a hand computation (divisor T − 1)', () => {
    // x: 1, 2, 3, 4 (mean 2.5); y: 2, 4, 5, 9 (mean 5). Σ dx² = 5, Σ dy² = 26, Σ dx·dy = 11.
    const cov = sampleCovariance([
      [1, 2],
      [2, 4],
      [3, 5],
      [4, 9],
    ]);
    expect(Array.from(cov.data)).toEqual([5 / 3, 11 / 3, 11 / 3, 26 / 3]);
  });
});
