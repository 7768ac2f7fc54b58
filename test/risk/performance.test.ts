import { describe, expect, it } from 'vitest';
import { maxDrawdown, performanceMetrics, sharpeRatio, tradeRecord } from '../../src-main/risk/pnl/performance';
import { PositionBook } from '../../src-main/risk/positions/position-book';

describe('performance metrics (README §5)', () => {
  const daily = [100, -50, 200, 0, 150];

  it('Sharpe of daily P&L annualised with √365', () => {
    expect(sharpeRatio(daily)).toBeCloseTo(14.741177889890459, 10);
    expect(sharpeRatio(daily, 252)).toBeCloseTo((80 / Math.sqrt(10_750)) * Math.sqrt(252), 10);
    expect(sharpeRatio([5])).toBeNull();
    expect(sharpeRatio([5, 5, 5])).toBeNull();
  });

  it('max drawdown from the running peak', () => {
    expect(maxDrawdown(daily)).toEqual({ maxDrawdown: 50, peakIndex: 0, troughIndex: 1 });
    expect(maxDrawdown([-30, -20, 60, -70])).toEqual({ maxDrawdown: 70, peakIndex: 2, troughIndex: 3 });
    expect(maxDrawdown([1, 2, 3]).maxDrawdown).toBe(0);
  });

  it('volume, count, win rate and average over closing trades', () => {
    const trades = [
      { quantityKw: 1000, durationMin: 60, closedKw: 0, realizedValue: 0n, feeValue: 60n },
      { quantityKw: 1000, durationMin: 15, closedKw: 1000, realizedValue: 6000n, feeValue: 60n },
      { quantityKw: 2000, durationMin: 60, closedKw: 500, realizedValue: -1200n, feeValue: 60n },
      { quantityKw: 500, durationMin: 60, closedKw: 500, realizedValue: 60n, feeValue: 60n },
    ];
    const metrics = performanceMetrics(trades, daily);
    expect(metrics).toMatchObject({
      tradeCount: 4,
      tradedKw: 4500,
      tradedMwh: 1 + 0.25 + 2 + 0.5,
      closingTradeCount: 3,
      winRate: 1 / 3, // 99, −21, 0 money units: only the first is a win
      maxDrawdownMoney: 50,
      sharpeDaysPerYear: 365,
    });
    expect(metrics.averageTradePnlMoney).toBeCloseTo((99 - 21 + 0) / 3, 12);
  });
});

describe('metrics from the book', () => {
  it('turns booked fills into trade records', () => {
    const book = new PositionBook();
    const fill = (side: 'buy' | 'sell', priceUnits: number) => ({ productId: 'H1', side, priceUnits, quantityKw: 1000, durationMin: 60, feeMoney: 10, ts: 0 });
    const records = [book.apply('a', fill('buy', 5000)), book.apply('a', fill('sell', 5100))].map(tradeRecord);
    const metrics = performanceMetrics(records, []);
    expect(metrics).toMatchObject({ tradeCount: 2, tradedMwh: 2, closingTradeCount: 1, winRate: 1, averageTradePnlMoney: 100_000 - 10, sharpe: null, maxDrawdownMoney: 0 });
  });
});
