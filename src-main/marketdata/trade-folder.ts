import type { TapeTrade } from '../../src-shared/contract/marketdata';
import type { Db } from '../store/database';
import type { CandleBook, FoldResult } from './candle-book';
import type { StateStore } from './state-store';

const CURSOR_KEY = 'candles.cursor';
/** Bounds one catch-up transaction; the loop runs until the cursor reaches the newest trade. */
const BATCH = 5_000;

interface TradeRow {
  id: number;
  product_id: string;
  price: number;
  quantity: number;
  ts: number;
  buy_order_id: number;
  sell_order_id: number;
  buyer_id: number;
  seller_id: number;
  /** Null for auction fills, and for trades stored before the column existed. */
  aggressor: 'buy' | 'sell' | null;
}

export interface FoldedTrades {
  tape: TapeTrade[];
  folded: FoldResult[];
  /** Users whose position changed, per product, by how much (kW; bought positive). */
  participants: Array<{ productId: string; userId: number; deltaKw: number }>;
}

/** The engine records which side crossed the spread; an auction fill has no aggressor. */
export function toTape(row: TradeRow): TapeTrade {
  return { id: row.id, productId: row.product_id, price: row.price, quantity: row.quantity, ts: row.ts, aggressor: row.aggressor };
}

/**
 * Reads the engine's committed trades past the stored cursor and folds them into candles, moving
 * the cursor in the same transaction. The trades table is the source of truth, so a crash between
 * the trade's commit and ours only delays the candles until the next start or trade.
 */
export class TradeFolder {
  private readonly after;
  private readonly byProduct;
  private readonly latest;

  constructor(
    private readonly db: Db,
    private readonly state: StateStore,
    private readonly book: CandleBook,
  ) {
    this.after = db.prepare('SELECT * FROM trades WHERE id > ? ORDER BY id LIMIT ?');
    this.byProduct = db.prepare('SELECT * FROM trades WHERE product_id = ? ORDER BY id DESC LIMIT ?');
    this.latest = db.prepare('SELECT * FROM trades ORDER BY id DESC LIMIT ?');
  }

  cursor(): number {
    const value = this.state.get(CURSOR_KEY);
    return typeof value === 'number' ? value : 0;
  }

  /** Folds every trade not yet folded; returns what changed, for the events. */
  catchUp(): FoldedTrades {
    const out: FoldedTrades = { tape: [], folded: [], participants: [] };
    for (;;) {
      let rows: TradeRow[] = [];
      try {
        this.db.transaction(() => {
          rows = this.after.all(this.cursor(), BATCH) as TradeRow[];
          if (rows.length === 0) return;
          out.folded.push(...this.book.fold(rows.map((r) => ({ productId: r.product_id, tsMs: r.ts, priceUnits: r.price, quantity: r.quantity }))));
          this.state.set(CURSOR_KEY, rows[rows.length - 1]?.id ?? 0);
        })();
      } catch (err) {
        this.book.reset();
        throw err;
      }
      for (const r of rows) {
        out.tape.push(toTape(r));
        out.participants.push(
          { productId: r.product_id, userId: r.buyer_id, deltaKw: r.quantity },
          { productId: r.product_id, userId: r.seller_id, deltaKw: -r.quantity },
        );
      }
      if (rows.length < BATCH) return out;
    }
  }

  /** Newest first. */
  recent(productId: string | undefined, limit: number): TapeTrade[] {
    const rows = (productId ? this.byProduct.all(productId, limit) : this.latest.all(limit)) as TradeRow[];
    return rows.map(toTape);
  }
}
