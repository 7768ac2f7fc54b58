import { describe, expect, it } from 'vitest';
import { chiSquare1Cdf, chiSquare1Quantile, chiSquare1Survival, erf, erfc, normalCdf, normalQuantile } from '../../src-main/math/normal';

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('erf and erfc against published values (A&S table 7.1, Python math.erf/erfc)', () => {
  it.each([
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [-1, -0.8427007929497149],
    [0, 0],
  ])('erf(%s)', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThan(1e-15);
  });

  it.each([
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047265],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [10, 2.088487583762545e-45],
  ])('erfc(%s) to 1e-13 relative', (x, expected) => {
    expect(relative(erfc(x), expected)).toBeLessThan(1e-13);
  });

  it('is continuous where the method changes (x = 2)', () => {
    const h = 1e-9;
    const slope = (2 / Math.sqrt(Math.PI)) * Math.exp(-4);
    expect(Math.abs(erf(2 + h) - erf(2 - h) - 2 * h * slope)).toBeLessThan(1e-15);
    expect(Math.abs(erfc(2 - h) - erfc(2 + h) - 2 * h * slope)).toBeLessThan(1e-15);
  });
});

describe('normal and χ²₁', () => {
  it('quantiles of the standard normal', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326347874040841, 13);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514722, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 11);
    expect(normalCdf(normalQuantile(0.3))).toBeCloseTo(0.3, 15);
  });

  it('χ²₁ critical values 3.841458820694124 (95%) and 6.634896601021214 (99%)', () => {
    expect(chiSquare1Quantile(0.95)).toBeCloseTo(3.841458820694124, 12);
    expect(chiSquare1Quantile(0.99)).toBeCloseTo(6.634896601021214, 12);
    expect(chiSquare1Cdf(3.841458820694124)).toBeCloseTo(0.95, 14);
    expect(chiSquare1Survival(6.634896601021214)).toBeCloseTo(0.01, 14);
    expect(chiSquare1Cdf(0)).toBe(0);
  });

  it('keeps tiny p-values (SciPy chi2.sf(40, 1) = 2.5396285894708634e-10)', () => {
    expect(relative(chiSquare1Survival(40), 2.5396285894708634e-10)).toBeLessThan(1e-12);
  });
});
