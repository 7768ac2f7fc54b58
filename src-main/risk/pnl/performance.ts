/**
 * Trading performance metrics.
 *
 * Definitions:
 * - traded volume and trade count cover every fill;
 * - a "closing trade" is a fill that closed quantity (FIFO); its P&L is the P&L it realized minus
 *   its own fee. Win rate = closing trades with P&L > 0 / closing trades; average trade P&L is the
 *   mean over closing trades. Fees of purely opening fills count in daily P&L, not here;
 * - max drawdown is the largest fall of cumulative daily P&L from its running peak, the peak
 *   starting at 0 before the first day;
 * - Sharpe ratio = mean(daily P&L) / sample std(daily P&L) × √365, risk-free rate 0. Power is
 *   delivered and traded every calendar day, weekends included, so a year has 365 P&L days, not
 *   the 252 of exchange-traded securities. Pass only days that belong in the sample (for example
 *   every calendar day of the period, with 0 for days without P&L).
 */
import { energyMwh, moneyFromValue } from '../math/money';
import type { BookedFill } from '../positions/position-book';
import { mean, sampleStd } from '../../math/stats';

export const SHARPE_DAYS_PER_YEAR = 365;

export interface TradeRecord {
  quantityKw: number;
  durationMin: number;
  closedKw: number;
  realizedValue: bigint;
  feeValue: bigint;
}

export function tradeRecord(booked: BookedFill): TradeRecord {
  return {
    quantityKw: booked.fill.quantityKw,
    durationMin: booked.fill.durationMin,
    closedKw: booked.closedKw,
    realizedValue: booked.realizedValue,
    feeValue: booked.feeValue,
  };
}

export interface PerformanceMetrics {
  tradeCount: number;
  tradedKw: number;
  tradedMwh: number;
  closingTradeCount: number;
  winRate: number | null;
  averageTradePnlMoney: number | null;
  maxDrawdownMoney: number;
  /** Indexes into the daily series: the peak before the deepest trough (-1 = the start) and the trough. */
  maxDrawdownPeakIndex: number;
  maxDrawdownTroughIndex: number;
  sharpe: number | null;
  sharpeDaysPerYear: number;
}

export interface Drawdown {
  maxDrawdown: number;
  peakIndex: number;
  troughIndex: number;
}

export function maxDrawdown(dailyPnl: readonly number[]): Drawdown {
  let cumulative = 0;
  let peak = 0;
  let peakIndex = -1;
  let result: Drawdown = { maxDrawdown: 0, peakIndex: -1, troughIndex: -1 };
  dailyPnl.forEach((pnl, index) => {
    cumulative += pnl;
    if (cumulative > peak) {
      peak = cumulative;
      peakIndex = index;
    }
    if (peak - cumulative > result.maxDrawdown) result = { maxDrawdown: peak - cumulative, peakIndex, troughIndex: index };
  });
  return result;
}

export function sharpeRatio(dailyPnl: readonly number[], daysPerYear = SHARPE_DAYS_PER_YEAR): number | null {
  if (dailyPnl.length < 2) return null;
  const sd = sampleStd(dailyPnl);
  if (!(sd > 0)) return null;
  return (mean(dailyPnl) / sd) * Math.sqrt(daysPerYear);
}

export function performanceMetrics(trades: readonly TradeRecord[], dailyPnlMoney: readonly number[]): PerformanceMetrics {
  let tradedKw = 0;
  let tradedMwh = 0;
  let closing = 0;
  let wins = 0;
  let closingPnl = 0n;
  for (const trade of trades) {
    tradedKw += trade.quantityKw;
    tradedMwh += energyMwh(trade.quantityKw, trade.durationMin);
    if (trade.closedKw > 0) {
      closing += 1;
      const pnl = trade.realizedValue - trade.feeValue;
      closingPnl += pnl;
      if (pnl > 0n) wins += 1;
    }
  }
  const drawdown = maxDrawdown(dailyPnlMoney);
  return {
    tradeCount: trades.length,
    tradedKw,
    tradedMwh,
    closingTradeCount: closing,
    winRate: closing === 0 ? null : wins / closing,
    averageTradePnlMoney: closing === 0 ? null : moneyFromValue(closingPnl) / closing,
    maxDrawdownMoney: drawdown.maxDrawdown,
    maxDrawdownPeakIndex: drawdown.peakIndex,
    maxDrawdownTroughIndex: drawdown.troughIndex,
    sharpe: sharpeRatio(dailyPnlMoney),
    sharpeDaysPerYear: SHARPE_DAYS_PER_YEAR,
  };
}
