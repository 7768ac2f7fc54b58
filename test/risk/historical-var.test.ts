import { describe, expect, it } from 'vitest';
import { historicalVar, scenarioPnl } from '../../src-main/risk/var/historical-var';
import { dailyPriceChanges, periodExposures } from '../../src-main/risk/var/var-inputs';
import { tailCount, varFromPnl } from '../../src-main/risk/var/var-measures';
import { loadSmardFixture } from '../forecast/smard-fixture';

const EUR = 100_000;

describe('historical VaR of the 20-scenario example (README §2)', () => {
  // (Δ1, Δ2) in €/MWh, converted to price units.
  const deltas: Array<[number, number]> = [
    [3, 1], [-8, -2], [1.5, 4], [-12, 6], [5, -3], [0, 0], [-4, 2], [10, 8], [-20, -12], [2, 10],
    [-6, 4], [7, 0], [-15, 5], [1, -1], [-3, -9], [25, 30], [-9, 3], [4, 2], [-30, -20], [6, 12],
  ];
  const changes = deltas.map(([a, b]) => [a * 100, b * 100]);
  // Long 10 MW of H1 and short 5 MW of H2, one hour each.
  const exposures = periodExposures(
    [
      { period: 0, netKw: 10_000, durationMin: 60 },
      { period: 1, netKw: -5_000, durationMin: 60 },
    ],
    2,
  );

  it('exposure is 10,000 and −5,000 money units per price unit', () => {
    expect(exposures).toEqual([10_000, -5_000]);
  });

  it('scenario P&L matches the hand-computed table', () => {
    const pnl = Array.from(scenarioPnl(exposures, changes), (v) => v / EUR);
    expect(pnl).toEqual([25, -70, -5, -150, 65, 0, -50, 60, -140, -30, -80, 70, -175, 15, 15, 100, -105, 30, -200, 0]);
  });

  it('VaR and ES at 99/95/90/80/75% match the hand-worked values', () => {
    const levels = historicalVar({ exposures, changes, confidences: [0.99, 0.95, 0.9, 0.8, 0.75] }).levels;
    expect(levels.map((l) => [l.confidence, l.tailCount, l.var / EUR, l.es / EUR])).toEqual([
      [0.99, 1, 200, 200],
      [0.95, 1, 200, 200],
      [0.9, 2, 175, 187.5],
      [0.8, 4, 140, 166.25],
      [0.75, 5, 105, 154],
    ]);
  });

  it('reports the distribution for a chart', () => {
    const result = historicalVar({ exposures, changes, bins: 10 });
    expect(result.scenarios).toBe(20);
    expect(result.meanPnl / EUR).toBeCloseTo(-31.25, 10);
    expect(result.histogram).toHaveLength(10);
    expect(result.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(20);
    expect(result.histogram[0]!.lower / EUR).toBe(-200);
    expect(result.histogram[9]!.upper / EUR).toBe(100);
  });
});

describe('VaR convention details', () => {
  it('k = ⌈n(1 − c)⌉ is immune to float noise (0.05 × 20)', () => {
    expect(tailCount(20, 0.95)).toBe(1);
    expect(tailCount(100, 0.99)).toBe(1);
    expect(tailCount(250, 0.99)).toBe(3);
    expect(tailCount(1000, 0.975)).toBe(25);
  });

  it('ES ≥ VaR, and a book that only gains has negative VaR', () => {
    const pnl = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    const [l95, l99] = varFromPnl(pnl);
    expect(l95).toMatchObject({ var: -5, es: -3, tailCount: 5 });
    expect(l99).toMatchObject({ var: -1, es: -1 });
  });
});

describe('historical VaR on real SMARD prices', () => {
  const changes = dailyPriceChanges(loadSmardFixture(false), 24);

  it('differences consecutive full days by delivery hour, skipping the 23-hour day', () => {
    // 56 days give 55 day-to-day changes; the two touching the 23-hour 2023-03-26 are dropped: 53.
    expect(changes.days).not.toContain('2023-03-26');
    expect(changes.days).not.toContain('2023-03-27');
    expect(changes.changes).toHaveLength(53);
    expect(changes.changes.every((row) => row.length === 24)).toBe(true);
  });

  it('a 1 MW baseload long loses at most the worst daily move, and VaR99 ≥ VaR95', () => {
    const exposures = new Array(24).fill(1000);
    const result = historicalVar({ exposures, changes: changes.changes });
    const [v95, v99] = result.levels;
    expect(v95!.var).toBeGreaterThan(0);
    expect(v99!.var).toBeGreaterThanOrEqual(v95!.var);
    expect(v99!.es).toBeGreaterThanOrEqual(v99!.var);
    const worst = Math.min(...changes.changes.map((row) => row.reduce((a, b) => a + b, 0) * 1000));
    expect(v99!.var).toBe(-worst);
  });
});
