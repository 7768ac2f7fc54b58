import { describe, expect, it } from 'vitest';
import type { Fill } from '../../src-main/risk/positions/fifo-position';
import { markOf, midPrice } from '../../src-main/risk/marks/marks';
import { bookFromFills, bookTotals, PositionBook, positionView } from '../../src-main/risk/positions/position-book';

const f = (productId: string, side: Fill['side'], priceUnits: number, quantityKw: number, feeMoney = 0): Fill => ({
  productId,
  side,
  priceUnits,
  quantityKw,
  durationMin: 60,
  feeMoney,
  ts: 1,
});

describe('PositionBook', () => {
  it('keeps positions per portfolio and product and counts open ones', () => {
    const book = new PositionBook();
    book.apply('alpha', f('H1', 'buy', 5000, 1000));
    book.apply('beta', f('H1', 'sell', 5000, 1000));
    book.apply('alpha', f('H2', 'buy', 6000, 2000));
    expect(book.openCount).toBe(3);
    expect(book.get('alpha', 'H1')?.netKw).toBe(1000);
    expect(book.get('beta', 'H1')?.netKw).toBe(-1000);
    expect(book.positionsOf('alpha').map((p) => p.productId)).toEqual(['H1', 'H2']);
    expect(book.portfolios()).toEqual(['alpha', 'beta']);
    book.apply('alpha', f('H1', 'sell', 5500, 1000));
    expect(book.openCount).toBe(2);
    expect([...book.all()]).toHaveLength(3);
  });

  it('returns the fill effect with the portfolio', () => {
    const book = new PositionBook();
    book.apply('alpha', f('H1', 'buy', 5000, 1000));
    const booked = book.apply('alpha', f('H1', 'sell', 7000, 1500));
    expect(booked).toMatchObject({ portfolioId: 'alpha', closedKw: 1000, openedKw: 500, flipped: true });
    // (70 − 50) €/MWh × 1 MWh = 20 € = 2,000,000 money = 120,000,000 value units
    expect(booked.realizedValue).toBe(120_000_000n);
  });

  it('totals sum exactly and list unmarked open positions', () => {
    const book = bookFromFills([
      { portfolioId: 'a', fill: f('H1', 'buy', 5000, 1000, 100) },
      { portfolioId: 'a', fill: f('H2', 'sell', 8000, 500, 100) },
      { portfolioId: 'a', fill: f('H3', 'buy', 1000, 100) },
    ]);
    const marks = new Map([
      ['H1', 5500],
      ['H2', 9000],
    ]);
    const totals = bookTotals(book.all(), (id) => marks.get(id));
    // H1: +5 €/MWh × 1 MWh = 5 €; H2 short 0.5 MWh, price up 10 € → −5 €.
    expect(totals).toEqual({ realizedMoney: 0, feesMoney: 200, unrealizedMoney: 0, totalMoney: -200, unmarked: ['a/H3'] });
  });

  it('views a position for a screen', () => {
    const book = new PositionBook();
    book.apply('a', f('H1', 'buy', 5000, 1000));
    book.apply('a', f('H1', 'buy', 6000, 3000));
    const view = positionView(book.get('a', 'H1')!, 6500);
    expect(view).toMatchObject({
      side: 'long',
      netKw: 4000,
      netKwMin: 240_000,
      netMwh: 4,
      avgOpenPriceUnits: 5750,
      markPriceUnits: 6500,
      unrealizedMoney: 3_000_000, // (65 − 57.50) × 4 MWh = 30 €
      totalMoney: 3_000_000,
    });
    expect(positionView(book.get('a', 'H1')!).unrealizedMoney).toBeNull();
  });

  it('mid price', () => {
    expect(midPrice(100, 103)).toBe(101);
    expect(midPrice(-103, -100)).toBe(-102);
    expect(midPrice(null, 50)).toBe(50);
    expect(midPrice(null, null)).toBeUndefined();
  });

  it('marks from the chosen source, falling through in order', () => {
    const mark = markOf(['mid', 'last-trade', 'curve'], {
      lastTrade: new Map([['H2', 200]]),
      bestBidAsk: new Map([['H1', { bid: 100, ask: 110 }]]),
      curve: { area: 'DE', asOfMs: 0, shapeWeeks: 4, levelByDay: {}, globalLevel: null, points: [{ productId: 'H3', startUtcMs: 0, durationMin: 60, priceUnits: 300, source: 'shape' }] },
    });
    expect(['H1', 'H2', 'H3', 'H4'].map(mark)).toEqual([105, 200, 300, undefined]);
    expect(markOf(['last-trade'], { lastTrade: new Map([['H1', 1]]) })('H1')).toBe(1);
  });
});
