import { describe, expect, it } from 'vitest';
import { aggregatePnl, calendarDailyPnl, tradingDayOf } from '../../src-main/risk/pnl/pnl-aggregation';

const at = (iso: string): number => Date.parse(iso);

describe('P&L aggregation', () => {
  it('buckets by Berlin trading day, then month, then inception to date', () => {
    const events = [
      { ts: at('2023-03-31T21:30:00Z'), realizedValue: 600n, feeValue: 60n }, // 23:30 Berlin, 31 Mar
      { ts: at('2023-03-31T22:30:00Z'), realizedValue: 1200n, feeValue: 0n }, // 00:30 Berlin, 1 Apr
      { ts: at('2023-04-01T10:00:00Z'), realizedValue: -300n, feeValue: 60n },
    ];
    const result = aggregatePnl(events);
    expect(result.daily.map((d) => [d.period, d.realizedMoney, d.feesMoney, d.totalMoney, d.fillCount])).toEqual([
      ['2023-03-31', 10, 1, 9, 1],
      ['2023-04-01', 15, 1, 14, 2],
    ]);
    expect(result.monthly.map((m) => [m.period, m.totalMoney])).toEqual([
      ['2023-03', 9],
      ['2023-04', 14],
    ]);
    expect(result.inceptionToDate).toMatchObject({ period: 'ITD', realizedMoney: 25, feesMoney: 2, totalMoney: 23, fillCount: 3 });
  });

  it('rounds each bucket once from exact sums, not the sum of rounded days', () => {
    // Two days of 0.5 money unit each: each day reports 0 (half to even), the month reports 1.
    const result = aggregatePnl([
      { ts: at('2023-05-01T10:00:00Z'), realizedValue: 30n, feeValue: 0n },
      { ts: at('2023-05-02T10:00:00Z'), realizedValue: 30n, feeValue: 0n },
    ]);
    expect(result.daily.map((d) => d.realizedMoney)).toEqual([0, 0]);
    expect(result.monthly[0]?.realizedMoney).toBe(1);
  });

  it('adds the change of end-of-day unrealized P&L', () => {
    const eod = new Map([
      ['2023-05-01', 600n],
      ['2023-05-03', 300n],
    ]);
    const result = aggregatePnl([{ ts: at('2023-05-02T10:00:00Z'), realizedValue: 120n, feeValue: 0n }], eod);
    expect(result.daily.map((d) => [d.period, d.unrealizedChangeMoney, d.totalMoney])).toEqual([
      ['2023-05-01', 10, 10],
      ['2023-05-02', 0, 2],
      ['2023-05-03', -5, -5],
    ]);
    expect(result.inceptionToDate.totalMoney).toBe(7);
  });

  it('trading day follows Berlin across the clock change', () => {
    expect(tradingDayOf(at('2023-03-25T23:30:00Z'))).toBe('2023-03-26');
    expect(tradingDayOf(at('2023-10-28T21:59:00Z'))).toBe('2023-10-28');
    expect(tradingDayOf(at('2023-10-28T22:00:00Z'))).toBe('2023-10-29');
  });
});

describe('calendar series', () => {
  it('fills days without P&L with 0', () => {
    const result = aggregatePnl([
      { ts: at('2023-05-01T10:00:00Z'), realizedValue: 600n, feeValue: 0n },
      { ts: at('2023-05-03T10:00:00Z'), realizedValue: -120n, feeValue: 0n },
    ]);
    expect(calendarDailyPnl(result.daily, '2023-04-30', '2023-05-04')).toEqual([0, 10, 0, -2, 0]);
  });
});
