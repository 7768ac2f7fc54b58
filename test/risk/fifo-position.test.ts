import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFill, averageOpenPrice, emptyPosition, unrealizedValue, type Fill, type Position } from '../../src-main/risk/positions/fifo-position';
import { moneyFromValue, tradeValue } from '../../src-main/risk/math/money';

const EUR = 100_000; // money units per €
const fill = (side: Fill['side'], mw: number, eurPerMwh: number, feeEur: number, durationMin = 60): Fill => ({
  productId: 'DE-H-20230301T1000Z',
  side,
  priceUnits: Math.round(eurPerMwh * 100),
  quantityKw: Math.round(mw * 1000),
  durationMin,
  feeMoney: Math.round(feeEur * EUR),
  ts: 0,
});

describe('FIFO worked example (test/fixtures/risk/README.md §1)', () => {
  const steps: Array<[Fill, number]> = [
    [fill('buy', 10, 50, 0.5), 0],
    [fill('buy', 5, 60, 0.25), 0],
    [fill('sell', 12, 70, 0.6), 220],
    [fill('sell', 8, -10, 0.4), -210],
    [fill('buy', 2, -25, 0.2), 30],
  ];
  let position: Position = emptyPosition('desk', 'DE-H-20230301T1000Z', 60);
  const effects = steps.map(([f]) => {
    const effect = applyFill(position, f);
    position = effect.position;
    return effect;
  });

  it('realizes 220, −210 and +30 € on fills 3, 4 and 5', () => {
    expect(effects.map((e) => moneyFromValue(e.realizedValue) / EUR)).toEqual(steps.map(([, realized]) => realized));
  });

  it('fill 4 flips the position: 3 MW closed, 5 MW opened short at the fill price', () => {
    expect(effects[3]).toMatchObject({ closedKw: 3000, openedKw: 5000, flipped: true });
    expect(effects[2]).toMatchObject({ closedKw: 12_000, openedKw: 0, flipped: false });
  });

  it('ends short 3 MW at −10.00 with 40 € realized and 1.95 € fees', () => {
    expect(position.netKw).toBe(-3000);
    expect(position.lots.toArray()).toEqual([{ priceUnits: -1000, quantityKw: 3000, ts: 0 }]);
    expect(averageOpenPrice(position)).toBe(-1000);
    expect(moneyFromValue(position.realizedValue)).toBe(40 * EUR);
    expect(moneyFromValue(position.feesValue)).toBe(1.95 * EUR);
  });

  it('marks −15 € unrealized at −5.00 and satisfies the cash identity (25 € both ways)', () => {
    const unrealized = unrealizedValue(position, -500);
    expect(moneyFromValue(unrealized)).toBe(-15 * EUR);
    expect(moneyFromValue(position.cashValue)).toBe(10 * EUR);
    const markValue = tradeValue(-500, position.netKw, 60);
    expect(moneyFromValue(position.realizedValue + unrealized)).toBe(25 * EUR);
    expect(position.realizedValue + unrealized).toBe(position.cashValue + markValue);
  });

  it('leaves earlier positions untouched (immutability)', () => {
    expect(effects[0]?.position.netKw).toBe(10_000);
    expect(effects[0]?.position.lots).toHaveLength(1);
  });
});

describe('FIFO rules', () => {
  it('closes partially and keeps the lot price for the rest', () => {
    let p = emptyPosition('a', 'DE-H-20230301T1000Z', 60);
    p = applyFill(p, fill('sell', 4, 100, 0)).position;
    const effect = applyFill(p, fill('buy', 1, 90, 0));
    expect(moneyFromValue(effect.realizedValue)).toBe(10 * EUR);
    expect(effect.position.lots.toArray()).toEqual([{ priceUnits: 10_000, quantityKw: 3000, ts: 0 }]);
  });

  it('rounds once: two 15-minute round trips of 0.5 money unit each report 0, then 1', () => {
    let p = emptyPosition('a', 'DE-Q-20230301T1000Z', 15);
    const q = (side: Fill['side'], price: number): Fill => ({ productId: 'DE-Q-20230301T1000Z', side, priceUnits: price, quantityKw: 1, durationMin: 15, feeMoney: 0, ts: 0 });
    p = applyFill(p, q('buy', 1)).position;
    p = applyFill(p, q('sell', 3)).position;
    expect(p.realizedValue).toBe(30n);
    expect(moneyFromValue(p.realizedValue)).toBe(0);
    p = applyFill(p, q('buy', 1)).position;
    p = applyFill(p, q('sell', 3)).position;
    expect(moneyFromValue(p.realizedValue)).toBe(1);
  });

  it('rejects fills that do not belong to the position or are malformed', () => {
    const p = emptyPosition('a', 'DE-H-20230301T1000Z', 60);
    expect(() => applyFill(p, { ...fill('buy', 1, 1, 0), productId: 'other' })).toThrow();
    expect(() => applyFill(p, fill('buy', 1, 1, 0, 15))).toThrow(/duration/);
    expect(() => applyFill(p, { ...fill('buy', 1, 1, 0), quantityKw: 0 })).toThrow();
    expect(() => applyFill(p, { ...fill('buy', 1, 1, 0), priceUnits: 1.5 })).toThrow();
  });
});

describe('FIFO properties', () => {
  const arbFill = fc.record({
    side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
    priceUnits: fc.integer({ min: -50_000, max: 300_000 }),
    quantityKw: fc.integer({ min: 1, max: 50_000 }),
    feeMoney: fc.integer({ min: 0, max: 100_000 }),
  });

  it('realized + unrealized at any mark = cash flow + net × mark (value units, exact)', () => {
    fc.assert(
      fc.property(fc.array(arbFill, { minLength: 1, maxLength: 40 }), fc.integer({ min: -50_000, max: 300_000 }), fc.constantFrom(15, 60, 240), (fills, mark, duration) => {
        let p = emptyPosition('a', 'P', duration);
        for (const f of fills) p = applyFill(p, { ...f, productId: 'P', durationMin: duration, ts: 0 }).position;
        const lhs = p.realizedValue + unrealizedValue(p, mark);
        const rhs = p.cashValue + tradeValue(mark, p.netKw, duration);
        expect(lhs).toBe(rhs);
      }),
    );
  });

  it('lots stay on one side, sum to |net| and fees add up', () => {
    fc.assert(
      fc.property(fc.array(arbFill, { minLength: 1, maxLength: 40 }), (fills) => {
        let p = emptyPosition('a', 'P', 60);
        let fees = 0n;
        for (const f of fills) {
          p = applyFill(p, { ...f, productId: 'P', durationMin: 60, ts: 0 }).position;
          fees += BigInt(f.feeMoney) * 60n;
        }
        const open = p.lots.toArray().reduce((sum, lot) => sum + lot.quantityKw, 0);
        expect(open).toBe(Math.abs(p.netKw));
        expect(p.lots.toArray().every((lot) => lot.quantityKw > 0)).toBe(true);
        expect(p.feesValue).toBe(fees);
        expect(p.boughtKw - p.soldKw).toBe(p.netKw);
      }),
    );
  });
});
