/**
 * The figures the screens and the reports show, computed from the position books: one function per
 * view, so the Positions panel, the P&L panel and the daily report cannot disagree.
 *
 * Daily P&L: realized and fees go to the trading day of the fill (the desk's day, pnl-aggregation.ts). Unrealized P&L
 * enters as end-of-day marks: for every past day with fills or open positions, the positions as
 * they stood at the end of that day (the fills replayed up to then) are marked at each product's
 * last trade before the day ended (no trade then: left out, as unmarked); today is marked now with
 * the chosen source. A day's unrealized change is its mark minus the previous day's.
 */
import type { CashView, MarkSourceName, PnlSummaryView, PositionRow, PositionsView } from '../../../src-shared/contract/risk';
import { unrealizedValue, type Position } from '../positions/fifo-position';
import { moneyFromValue, tradeValue } from '../math/money';
import { performanceMetrics } from './performance';
import { aggregatePnl, calendarDailyPnl, tradingDayOf } from './pnl-aggregation';
import { bookTotals, PositionBook, positionView, type MarkOf } from '../positions/position-book';
import { DateTime } from 'luxon';
import { DESK_ZONE } from './pnl-aggregation';
import type { MarksService } from '../marks/marks-service';
import { userKey, type PositionKeeper } from '../positions/position-keeper';
import { productInfo } from '../../market/product-info';
import type { TradingPort } from '../../trading';
import type { RiskStore } from '../risk-store';

export function positionRow(position: Position, markOf: MarkOf): PositionRow {
  const view = positionView(position, position.netKw === 0 ? undefined : markOf(position.productId));
  return { ...view, deliveryStart: productInfo(position.productId)?.deliveryStart ?? 0 };
}

const byDelivery = (a: PositionRow, b: PositionRow): number => a.deliveryStart - b.deliveryStart || a.productId.localeCompare(b.productId);

export class RiskViews {
  constructor(
    private readonly keeper: PositionKeeper,
    private readonly marks: MarksService,
    private readonly store: Pick<RiskStore, 'cashSums'>,
    private readonly trading: Pick<TradingPort, 'lastPriceBefore' | 'openOrders'>,
  ) {}

  positionsOf(key: string): Position[] {
    return this.keeper.bookOf(key).positionsOf(key);
  }

  markFor(key: string, mark: MarkSourceName, now: number): MarkOf {
    const open = this.positionsOf(key).filter((p) => p.netKw !== 0).map((p) => p.productId);
    return this.marks.markOf(mark, open, now);
  }

  positions(key: string, mark: MarkSourceName, now: number): PositionsView {
    const positions = this.positionsOf(key);
    const markOf = this.markFor(key, mark, now);
    return {
      portfolioId: key,
      mark,
      asOf: now,
      positions: positions.map((p) => positionRow(p, markOf)).sort(byDelivery),
      totals: bookTotals(positions, markOf),
    };
  }

  /** Σ unrealized of the open positions at the marks, value units. */
  unrealized(key: string, markOf: MarkOf): bigint {
    let total = 0n;
    for (const position of this.positionsOf(key)) {
      if (position.netKw === 0) continue;
      const mark = markOf(position.productId);
      if (mark !== undefined) total += unrealizedValue(position, mark);
    }
    return total;
  }

  pnl(key: string, mark: MarkSourceName, now: number): PnlSummaryView {
    const markOf = this.markFor(key, mark, now);
    const today = tradingDayOf(now);
    const records = this.keeper.recordsOf(key);
    const marks = this.endOfDayUnrealized(key, today);
    marks.set(today, this.unrealized(key, markOf));
    const aggregation = aggregatePnl(
      records.map((r) => ({ ts: r.ts, realizedValue: r.realizedValue, feeValue: r.feeValue })),
      marks,
    );
    const firstDay = aggregation.daily[0]?.period ?? today;
    const series = calendarDailyPnl(aggregation.daily, firstDay, today);
    const metrics = performanceMetrics(records, series);
    return {
      portfolioId: key,
      mark,
      asOf: now,
      today,
      daily: aggregation.daily,
      monthly: aggregation.monthly,
      inceptionToDate: aggregation.inceptionToDate,
      totals: bookTotals(this.positionsOf(key), markOf),
      metrics: {
        tradeCount: metrics.tradeCount,
        tradedKw: metrics.tradedKw,
        tradedMwh: metrics.tradedMwh,
        closingTradeCount: metrics.closingTradeCount,
        winRate: metrics.winRate,
        averageTradePnlMoney: metrics.averageTradePnlMoney,
        maxDrawdownMoney: metrics.maxDrawdownMoney,
        sharpe: metrics.sharpe,
        sharpeDaysPerYear: metrics.sharpeDaysPerYear,
      },
    };
  }

  /** Unrealized P&L at the end of every day from the first fill up to (not including) today, value units. */
  endOfDayUnrealized(key: string, today: string): Map<string, bigint> {
    const records = this.keeper.recordsOf(key);
    const result = new Map<string, bigint>();
    const first = records[0];
    if (!first) return result;
    const book = new PositionBook();
    let next = 0;
    for (let day = DateTime.fromMillis(first.ts, { zone: DESK_ZONE }).startOf('day'); (day.toISODate() as string) < today; day = day.plus({ days: 1 })) {
      const end = day.plus({ days: 1 }).toMillis();
      for (; next < records.length && (records[next] as (typeof records)[number]).ts < end; next += 1) {
        const r = records[next] as (typeof records)[number];
        book.apply(key, { productId: r.productId, side: r.side, priceUnits: r.priceUnits, quantityKw: r.quantityKw, durationMin: r.durationMin, feeMoney: r.feeMoney, ts: r.ts });
      }
      let total = 0n;
      for (const position of book.positionsOf(key)) {
        if (position.netKw === 0) continue;
        const mark = this.trading.lastPriceBefore(position.productId, end);
        if (mark !== undefined) total += unrealizedValue(position, mark);
      }
      result.set(day.toISODate() as string, total);
    }
    return result;
  }

  /**
   * Today's realized − fees + the whole current unrealized P&L, money units: what the daily-loss
   * limit watches. Conservative on purpose: an unrealized loss carried from earlier days counts
   * against today (as an earlier gain cushions it), and it costs O(open positions) per order
   * instead of replaying the book to yesterday's close.
   */
  dailyPnlMoney(key: string, markOf: MarkOf, now: number): number {
    const booked = this.keeper.dayBooked(key, tradingDayOf(now));
    return moneyFromValue(booked.realized - booked.fees + this.unrealized(key, markOf));
  }

  /** Payments the user's working orders would make if filled: buys at positive and sells at negative prices. */
  reservedMoney(userId: number): number {
    let reserved = 0n;
    for (const order of this.trading.openOrders(userId)) {
      const info = productInfo(order.productId);
      if (!info || order.price === null) continue;
      const payment = (order.side === 'buy' ? 1n : -1n) * tradeValue(order.price, order.remaining, info.durationMin);
      if (payment > 0n) reserved += payment;
    }
    return moneyFromValue(reserved);
  }

  cash(userId: number, creditLimitMoney: number | null): CashView {
    let trade = 0n;
    let fees = 0n;
    for (const position of this.keeper.users.positionsOf(userKey(userId))) {
      trade += position.cashValue;
      fees += position.feesValue;
    }
    const { deposits, withdrawals } = this.store.cashSums(userId);
    const tradeCashMoney = moneyFromValue(trade);
    const feesMoney = moneyFromValue(fees);
    const balanceMoney = moneyFromValue(trade - fees) + deposits - withdrawals;
    const reservedMoney = this.reservedMoney(userId);
    return {
      userId,
      depositsMoney: deposits,
      withdrawalsMoney: withdrawals,
      tradeCashMoney,
      feesMoney,
      balanceMoney,
      reservedMoney,
      creditLimitMoney,
      availableMoney: creditLimitMoney === null ? null : balanceMoney - reservedMoney + creditLimitMoney,
    };
  }
}
