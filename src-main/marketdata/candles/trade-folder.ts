import type { TapeTrade } from '../../../src-shared/contract/marketdata';
import type { TradeRecord, TradingPort } from '../../trading';
import type { CandleBook, FoldResult } from './candle-book';
import type { StateStore } from '../state-store';

const CURSOR_KEY = 'candles.cursor';
/** Bounds one catch-up transaction; the loop runs until the cursor reaches the newest trade. */
const BATCH = 5_000;

/** Runs a change in one write transaction (market data's, through the Recorder). */
export type WriteFn = <T>(change: () => T) => T;

export interface FoldedTrades {
  tape: TapeTrade[];
  folded: FoldResult[];
  /** Users whose position changed, per product, by how much (kW; bought positive). */
  participants: Array<{ productId: string; userId: number; deltaKw: number }>;
}

/** The engine records which side crossed the spread; an auction fill has no aggressor. */
export function toTape(trade: TradeRecord): TapeTrade {
  return { id: trade.id, productId: trade.productId, price: trade.price, quantity: trade.quantity, ts: trade.ts, aggressor: trade.aggressor };
}

/**
 * Reads trading's committed trades past the stored cursor and folds them into candles, moving the
 * cursor in the same transaction. Trading's trades are the source of truth, so a crash between the
 * trade's commit and ours only delays the candles until the next start or trade.
 */
export class TradeFolder {
  constructor(
    private readonly trading: Pick<TradingPort, 'tradesAfter' | 'latestTrades'>,
    private readonly state: StateStore,
    private readonly book: CandleBook,
    private readonly write: WriteFn,
  ) {}

  cursor(): number {
    const value = this.state.get(CURSOR_KEY);
    return typeof value === 'number' ? value : 0;
  }

  /** Folds every trade not yet folded; returns what changed, for the events. */
  catchUp(): FoldedTrades {
    const out: FoldedTrades = { tape: [], folded: [], participants: [] };
    for (;;) {
      let trades: TradeRecord[] = [];
      try {
        this.write(() => {
          trades = this.trading.tradesAfter(this.cursor(), BATCH);
          if (trades.length === 0) return;
          out.folded.push(...this.book.fold(trades.map((t) => ({ productId: t.productId, tsMs: t.ts, priceUnits: t.price, quantity: t.quantity }))));
          this.state.set(CURSOR_KEY, trades[trades.length - 1]?.id ?? 0);
        });
      } catch (err) {
        this.book.reset();
        throw err;
      }
      for (const t of trades) {
        out.tape.push(toTape(t));
        out.participants.push(
          { productId: t.productId, userId: t.buyerId, deltaKw: t.quantity },
          { productId: t.productId, userId: t.sellerId, deltaKw: -t.quantity },
        );
      }
      if (trades.length < BATCH) return out;
    }
  }

  /** Newest first. */
  recent(productId: string | undefined, limit: number): TapeTrade[] {
    return this.trading.latestTrades(productId ?? null, limit).map(toTape);
  }
}
