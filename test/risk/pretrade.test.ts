import { describe, expect, it } from 'vitest';
import { checkOrder, type ProposedOrder, type RiskLimits, type RiskState } from '../../src-main/risk/limits/pretrade';

const order = (over: Partial<ProposedOrder> = {}): ProposedOrder => ({ productId: 'H10', side: 'buy', priceUnits: 10_000, quantityKw: 1000, durationMin: 60, ...over });
const state = (over: Partial<RiskState> = {}): RiskState => ({ positionKw: 0, dailyPnlMoney: 0, cashBalanceMoney: 100_000_000, referencePriceUnits: 10_000, ...over });

const breachOf = (limits: RiskLimits, s: RiskState, o: ProposedOrder) => {
  const result = checkOrder(limits, s, o);
  return result.ok ? null : result.breach;
};

describe('pre-trade checks', () => {
  it('passes when no limit is hit', () => {
    expect(checkOrder({ maxOrderKw: 5000, maxOrderValueMoney: 10_000_000, priceCollarUnits: 1000, creditLimitMoney: 0 }, state(), order())).toEqual({ ok: true });
  });

  it('max order quantity', () => {
    expect(breachOf({ maxOrderKw: 999 }, state(), order())).toMatchObject({ limit: 'max_order_quantity', limitValue: 999, wouldBe: 1000, unit: 'kW' });
  });

  it('max order value uses |price| × energy, exactly', () => {
    // 100 €/MWh × 1 MWh = 100 € = 10,000,000 money units; a negative price counts by its size.
    expect(breachOf({ maxOrderValueMoney: 10_000_000 }, state(), order())).toBeNull();
    expect(breachOf({ maxOrderValueMoney: 9_999_999 }, state(), order())).toMatchObject({ limit: 'max_order_value', wouldBe: 10_000_000 });
    expect(breachOf({ maxOrderValueMoney: 9_999_999 }, state(), order({ priceUnits: -10_000 }))).toMatchObject({ limit: 'max_order_value' });
  });

  it('price collar around the reference, skipped without one', () => {
    expect(breachOf({ priceCollarUnits: 500 }, state(), order({ priceUnits: 10_600 }))).toMatchObject({ limit: 'price_collar', limitValue: 500, wouldBe: 600 });
    expect(breachOf({ priceCollarUnits: 500 }, state(), order({ priceUnits: 9_500 }))).toBeNull();
    expect(breachOf({ priceCollarUnits: 500 }, state({ referencePriceUnits: null }), order({ priceUnits: 99_999 }))).toBeNull();
  });

  it('position per product counts working orders and never blocks a reduction', () => {
    const limits = { maxPositionKwPerProduct: 3000 };
    expect(breachOf(limits, state({ positionKw: 2000 }), order())).toBeNull();
    expect(breachOf(limits, state({ positionKw: 2000, workingBuyKw: 500 }), order())).toMatchObject({ limit: 'max_position_product', wouldBe: 3500 });
    expect(breachOf(limits, state({ positionKw: 5000 }), order({ side: 'sell' }))).toBeNull();
    expect(breachOf(limits, state({ positionKw: -2500 }), order({ side: 'sell' }))).toMatchObject({ wouldBe: 3500 });
  });

  it('position per delivery day is gross energy', () => {
    const dayPositions = [
      { productId: 'H10', netKw: 1000, durationMin: 60 },
      { productId: 'H11', netKw: -2000, durationMin: 60 },
      { productId: 'Q44', netKw: 4000, durationMin: 15 },
    ];
    // would-be: |2000|·1 h + |−2000|·1 h + |4000|·0.25 h = 5,000 kWh
    expect(breachOf({ maxDayPositionKwh: 5000 }, state({ positionKw: 1000, dayPositions }), order())).toBeNull();
    expect(breachOf({ maxDayPositionKwh: 4999 }, state({ positionKw: 1000, dayPositions }), order())).toMatchObject({ limit: 'max_position_day', wouldBe: 5000, unit: 'kWh' });
  });

  it('daily loss includes the immediate loss against the reference', () => {
    const limits = { maxDailyLossMoney: 5_000_000 }; // 50 €
    // Already −45 €; buying 1 MWh at 105 with the reference at 100 loses 5 € more: exactly 50 €, allowed.
    expect(breachOf(limits, state({ dailyPnlMoney: -4_500_000 }), order({ priceUnits: 10_500 }))).toBeNull();
    expect(breachOf(limits, state({ dailyPnlMoney: -4_500_000 }), order({ priceUnits: 10_501 }))).toMatchObject({ limit: 'max_daily_loss', wouldBe: 5_001_000 });
    // An immediate gain (selling above the reference) is not counted.
    expect(breachOf(limits, state({ dailyPnlMoney: -5_000_001 }), order({ side: 'sell', priceUnits: 20_000 }))).toMatchObject({ wouldBe: 5_000_001 });
    // Reducing is allowed even beyond the limit.
    expect(breachOf(limits, state({ dailyPnlMoney: -9_000_000, positionKw: 1000 }), order({ side: 'sell' }))).toBeNull();
  });

  it('credit: payments of buys at positive and sells at negative prices', () => {
    const limits = { creditLimitMoney: 1_000_000 }; // 10 €
    const s = state({ cashBalanceMoney: 9_000_000, reservedMoney: 0 }); // 90 €
    expect(breachOf(limits, s, order())).toBeNull(); // pays 100 €, draws 10 €
    expect(breachOf(limits, s, order({ feeMoney: 1 }))).toMatchObject({ limit: 'credit_limit', limitValue: 1_000_000, wouldBe: 1_000_001 });
    // Selling 1 MWh at −10.00 pays 10 €: exactly the credit; at −10.01 it is 0.01 € too much.
    expect(breachOf(limits, state({ cashBalanceMoney: 0 }), order({ side: 'sell', priceUnits: -1000 }))).toBeNull();
    expect(breachOf(limits, state({ cashBalanceMoney: 0 }), order({ side: 'sell', priceUnits: -1001 }))).toMatchObject({ limit: 'credit_limit', wouldBe: 1_001_000 });
    expect(breachOf({ creditLimitMoney: 0 }, state({ cashBalanceMoney: 0 }), order({ side: 'sell' }))).toBeNull();
    expect(breachOf({ creditLimitMoney: 0 }, state({ cashBalanceMoney: 0 }), order({ priceUnits: -500 }))).toBeNull();
    expect(breachOf(limits, state({ cashBalanceMoney: 10_000_000, reservedMoney: 1_000_001 }), order())).toMatchObject({ wouldBe: 1_000_001 });
  });

  it('reports every breach, the first as the main one', () => {
    const result = checkOrder({ maxOrderKw: 10, priceCollarUnits: 1 }, state(), order({ priceUnits: 10_010 }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.breach.limit).toBe('max_order_quantity');
      expect(result.breaches.map((b) => b.limit)).toEqual(['max_order_quantity', 'price_collar']);
    }
  });
});
