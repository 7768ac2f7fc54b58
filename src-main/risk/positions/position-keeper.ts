/**
 * The desk's positions, kept in memory and derived only from trading's committed trades.
 *
 * Every trade books two fills (the buyer's buy, the seller's sell) into two books: one keyed by
 * user (`user:<id>`) and one keyed by portfolio (`portfolio:<name>`, current membership). At start,
 * and after a membership change, the books are rebuilt by replaying the trades in id order; after
 * that `catchUp` books only trades with a higher id, so a fill costs O(1) and a missed event can
 * never leave a position out of date (the next catch-up asks trading for it).
 *
 * Fees: fee per MWh from the fee schedule step in force at the trade's time, rounded half up to a
 * money unit, charged to both sides.
 */
import { tradingDayOf } from '../pnl/pnl-aggregation';
import { PositionBook, type BookedFill } from './position-book';
import type { Fill } from './fifo-position';
import { productInfo } from '../../market/product-info';
import type { TradeRecord, TradingPort } from '../../trading';
import type { FeeStep, RiskStore } from '../risk-store';

export interface FillRecord {
  ts: number;
  productId: string;
  side: 'buy' | 'sell';
  priceUnits: number;
  feeMoney: number;
  quantityKw: number;
  durationMin: number;
  closedKw: number;
  realizedValue: bigint;
  feeValue: bigint;
}

export interface Changed {
  portfolioId: string;
  userId: number | null;
  productIds: Set<string>;
}

/** Trades asked of trading at once; a catch-up after a long pause asks again until it has them all. */
const TRADE_BATCH = 50_000;

export const userKey = (userId: number): string => `user:${userId}`;
export const portfolioKey = (name: string): string => `portfolio:${name}`;

export class PositionKeeper {
  users = new PositionBook();
  portfolios = new PositionBook();
  private records = new Map<string, FillRecord[]>();
  /** Per book key and trading day: realized and fees booked that day, value units. */
  private daily = new Map<string, Map<string, { realized: bigint; fees: bigint }>>();
  readonly lastTrade = new Map<string, { priceUnits: number; ts: number }>();
  private lastId = 0;
  private membership = new Map<number, string>();
  private fees: FeeStep[] = [];

  constructor(
    private readonly store: Pick<RiskStore, 'members' | 'feeSteps'>,
    private readonly trades: Pick<TradingPort, 'tradesAfter'>,
  ) {
    this.rebuild();
  }

  /** Replays every trade: after a membership change, since portfolio books follow current membership. */
  rebuild(): void {
    this.users = new PositionBook();
    this.portfolios = new PositionBook();
    this.records = new Map();
    this.daily = new Map();
    this.lastTrade.clear();
    this.lastId = 0;
    this.membership = new Map(this.store.members().map((m) => [m.userId, m.portfolio]));
    this.fees = this.store.feeSteps();
    this.catchUp();
  }

  reloadFees(): void {
    this.fees = this.store.feeSteps();
  }

  portfolioOf(userId: number): string | null {
    return this.membership.get(userId) ?? null;
  }

  membersOf(portfolio: string): number[] {
    return [...this.membership.entries()].filter(([, name]) => name === portfolio).map(([id]) => id);
  }

  catchUp(): Changed[] {
    const changed = new Map<string, Changed>();
    const touch = (portfolioId: string, userId: number | null, productId: string) => {
      let entry = changed.get(portfolioId);
      if (!entry) {
        entry = { portfolioId, userId, productIds: new Set() };
        changed.set(portfolioId, entry);
      }
      entry.productIds.add(productId);
    };
    for (;;) {
      const batch = this.trades.tradesAfter(this.lastId, TRADE_BATCH);
      for (const trade of batch) this.bookTrade(trade, touch);
      if (batch.length < TRADE_BATCH) break;
    }
    return [...changed.values()];
  }

  private bookTrade(trade: TradeRecord, touch: (portfolioId: string, userId: number | null, productId: string) => void): void {
    this.lastId = trade.id;
    const info = productInfo(trade.productId);
    if (!info) return;
    this.lastTrade.set(trade.productId, { priceUnits: trade.price, ts: trade.ts });
    for (const [userId, side] of [[trade.buyerId, 'buy'], [trade.sellerId, 'sell']] as const) {
      const fill: Fill = {
        productId: trade.productId,
        side,
        priceUnits: trade.price,
        quantityKw: trade.quantity,
        durationMin: info.durationMin,
        feeMoney: this.feeOf(trade, info.durationMin),
        ts: trade.ts,
      };
      this.book(this.users, userKey(userId), fill);
      touch(userKey(userId), userId, trade.productId);
      const portfolio = this.membership.get(userId);
      if (portfolio !== undefined) {
        this.book(this.portfolios, portfolioKey(portfolio), fill);
        touch(portfolioKey(portfolio), null, trade.productId);
      }
    }
  }

  private feeOf(trade: TradeRecord, durationMin: number): number {
    let fee = 0;
    for (const step of this.fees) if (step.fromTs <= trade.ts) fee = step.feePerMwhMoney;
    if (fee === 0) return 0;
    // fee per MWh × kW × minutes / 60,000 (kW·min per MWh), half up.
    const numerator = BigInt(fee) * BigInt(trade.quantity) * BigInt(durationMin);
    return Number((numerator * 2n + 60_000n) / 120_000n);
  }

  private book(book: PositionBook, key: string, fill: Fill): BookedFill {
    const booked = book.apply(key, fill);
    const list = this.records.get(key) ?? [];
    list.push({
      ts: fill.ts,
      productId: fill.productId,
      side: fill.side,
      priceUnits: fill.priceUnits,
      feeMoney: fill.feeMoney,
      quantityKw: fill.quantityKw,
      durationMin: fill.durationMin,
      closedKw: booked.closedKw,
      realizedValue: booked.realizedValue,
      feeValue: booked.feeValue,
    });
    this.records.set(key, list);
    const day = tradingDayOf(fill.ts);
    const days = this.daily.get(key) ?? new Map<string, { realized: bigint; fees: bigint }>();
    const acc = days.get(day) ?? { realized: 0n, fees: 0n };
    acc.realized += booked.realizedValue;
    acc.fees += booked.feeValue;
    days.set(day, acc);
    this.daily.set(key, days);
    return booked;
  }

  bookOf(key: string): PositionBook {
    return key.startsWith('portfolio:') ? this.portfolios : this.users;
  }

  recordsOf(key: string): readonly FillRecord[] {
    return this.records.get(key) ?? [];
  }

  dayBooked(key: string, day: string): { realized: bigint; fees: bigint } {
    return this.daily.get(key)?.get(day) ?? { realized: 0n, fees: 0n };
  }
}
