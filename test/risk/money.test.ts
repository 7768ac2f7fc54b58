import { describe, expect, it } from 'vitest';
import { energyKwMin, energyMwh, moneyFromValue, tradeValue, valueFromMoney } from '../../src-main/risk/math/money';

describe('money units', () => {
  it('price × kW × minutes is exact in value units (1/6,000,000 €)', () => {
    // 84.50 €/MWh × 0.1 MW × 0.25 h = 2.1125 € = 12,675,000 value units = 211,250 money units.
    expect(tradeValue(8450, 100, 15)).toBe(12_675_000n);
    expect(moneyFromValue(12_675_000n)).toBe(211_250);
  });

  it('the largest single fill stays exact (beyond 2^53 as a product)', () => {
    const value = tradeValue(999_999, 500_000, 1500) * 20n;
    expect(value).toBe(999_999n * 500_000n * 1500n * 20n);
    expect(value > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('rounds half to even, symmetric for losses', () => {
    expect(moneyFromValue(30n)).toBe(0);
    expect(moneyFromValue(90n)).toBe(2);
    expect(moneyFromValue(31n)).toBe(1);
    expect(moneyFromValue(29n)).toBe(0);
    expect(moneyFromValue(-30n)).toBe(0);
    expect(moneyFromValue(-90n)).toBe(-2);
    expect(moneyFromValue(-91n)).toBe(-2);
    expect(moneyFromValue(-150n)).toBe(-2);
    expect(moneyFromValue(-210n)).toBe(-4);
  });

  it('money → value → money round-trips', () => {
    for (const money of [0, 1, -1, 123_456_789, -987_654_321]) expect(moneyFromValue(valueFromMoney(money))).toBe(money);
  });

  it('energy: 1 MW for a quarter hour is 15,000 kW·min = 0.25 MWh', () => {
    expect(energyKwMin(1000, 15)).toBe(15_000);
    expect(energyMwh(1000, 15)).toBe(0.25);
  });
});
