import { describe, expect, it } from 'vitest';
import { backtestVar, christoffersenIndependence, countExceptions, kupiecPof } from '../../src-main/risk/var/var-backtest';

describe('Kupiec POF (README §4)', () => {
  it('T = 250, x = 10 at 99%: LR = 12.9555 by hand, p = 3.18985e-4 (SciPy) → reject', () => {
    const result = kupiecPof(250, 10, 0.99);
    expect(result.lr).toBeCloseTo(12.955491062356018, 10);
    expect(result.pValue).toBeCloseTo(0.0003189845082133835, 12);
    expect(result.criticalValue).toBeCloseTo(3.841458820694124, 12);
    expect(result.expectedExceptions).toBeCloseTo(2.5, 12);
    expect(result.accept).toBe(false);
  });

  it.each([
    [250, 4, 0.99, 0.7691383643858458, 0.380483738238954, true],
    [250, 0, 0.99, 5.025167926750726, 0.02498150305344973, false],
    [250, 20, 0.95, 4.0395204761392165, 0.044446449306055284, false],
  ])('T = %i, x = %i at %s: LR and p-value as SciPy', (t, x, c, lr, p, accept) => {
    const result = kupiecPof(t, x, c);
    expect(result.lr).toBeCloseTo(lr, 10);
    expect(result.pValue).toBeCloseTo(p, 12);
    expect(result.accept).toBe(accept);
  });

  // Jorion, Value at Risk: 95% non-rejection regions of Kupiec's test, "lo < N < hi".
  const published: Array<[number, number, number | null, number]> = [
    [0.01, 255, null, 7], [0.01, 510, 1, 11], [0.01, 1000, 4, 17],
    [0.025, 255, 2, 12], [0.025, 510, 6, 21], [0.025, 1000, 15, 36],
    [0.05, 255, 6, 21], [0.05, 510, 16, 36], [0.05, 1000, 37, 65],
    [0.075, 255, 11, 28], [0.075, 510, 27, 51], [0.075, 1000, 59, 92],
    [0.1, 255, 16, 36], [0.1, 510, 38, 65], [0.1, 1000, 81, 120],
  ];
  it.each(published)('p = %s, T = %i: accepts exactly %s < N < %i', (p, t, lo, hi) => {
    const accepts = (n: number): boolean => kupiecPof(t, n, 1 - p).accept;
    expect(accepts(hi - 1)).toBe(true);
    expect(accepts(hi)).toBe(false);
    if (lo !== null) {
      expect(accepts(lo + 1)).toBe(true);
      expect(accepts(lo)).toBe(false);
    }
  });

  it('handles x = T and rejects nonsense counts', () => {
    expect(kupiecPof(10, 10, 0.99).accept).toBe(false);
    expect(() => kupiecPof(10, 11, 0.99)).toThrow();
    expect(() => kupiecPof(0, 0, 0.99)).toThrow();
  });
});

describe('exceptions', () => {
  it('counts losses strictly beyond VaR', () => {
    const pnl = [-5, -10, -10.5, 3, -20];
    const vars = [10, 10, 10, 10, 25];
    expect(countExceptions(pnl, vars)).toEqual({ observations: 5, exceptions: 1, exceptionIndexes: [2] });
  });

  it('backtests a series end to end', () => {
    const pnl = Array.from({ length: 250 }, (_, t) => (t % 25 === 0 ? -200 : 10));
    const result = backtestVar(pnl, new Array(250).fill(100), 0.99);
    expect(result.exceptions).toBe(10);
    expect(result.accept).toBe(false);
    expect(result.exceptionIndexes[1]).toBe(25);
  });
});

describe('Christoffersen independence (exceptions that cluster)', () => {
  // 12 days, three exceptions in a row: transitions n00 = 7, n01 = 1, n10 = 1, n11 = 2.
  const flags = [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0].map((f) => f === 1);

  it('counts the transitions and computes LR_ind by hand: π01 = 1/8, π11 = 2/3, π = 3/11', () => {
    const result = christoffersenIndependence(flags, 0.95);
    expect(result.transitions).toEqual([7, 1, 1, 2]);
    const logNull = 8 * Math.log(8 / 11) + 3 * Math.log(3 / 11);
    const logAlternative = 7 * Math.log(7 / 8) + Math.log(1 / 8) + Math.log(1 / 3) + 2 * Math.log(2 / 3);
    expect(result.lr).toBeCloseTo(-2 * (logNull - logAlternative), 12);
    expect(result.lr).toBeCloseTo(3.0435500128062536, 12);
    // P(χ²₁ > 3.0436) = erfc(√(LR/2)), by Python's math.erfc.
    expect(result.pValue).toBeCloseTo(0.08105847219289397, 12);
    expect(result.accept).toBe(true);
  });

  it('adds Kupiec for conditional coverage, χ²₂: T = 12, x = 3 at 95%', () => {
    const result = christoffersenIndependence(flags, 0.95);
    const pof = -2 * (9 * Math.log(0.95) + 3 * Math.log(0.05) - (9 * Math.log(0.75) + 3 * Math.log(0.25)));
    expect(pof).toBeCloseTo(5.401629469448457, 12);
    expect(result.lrConditional).toBeCloseTo(pof + result.lr, 12);
    expect(result.pValueConditional).toBeCloseTo(Math.exp(-(pof + result.lr) / 2), 14);
    expect(result.pValueConditional).toBeCloseTo(0.014660628068322978, 12);
    expect(result.acceptConditional).toBe(false);
  });

  it('is zero when exceptions follow one another no more often than they follow quiet days', () => {
    // n00 = 4, n01 = 2, n10 = 2, n11 = 1: π01 = π11 = π = 1/3.
    const result = christoffersenIndependence([0, 0, 1, 1, 0, 0, 0, 1, 0, 0].map((f) => f === 1), 0.99);
    expect(result.transitions).toEqual([4, 2, 2, 1]);
    expect(result.lr).toBeCloseTo(0, 12);
    expect(result.pValue).toBeCloseTo(1, 12);
  });

  it('handles a series without exceptions (0·ln 0 = 0)', () => {
    const result = christoffersenIndependence(new Array(250).fill(false), 0.99);
    expect(result.lr).toBe(0);
    expect(result.lrConditional).toBeCloseTo(kupiecPof(250, 0, 0.99).lr, 12);
  });
});
