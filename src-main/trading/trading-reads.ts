import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import type { OpenOrder, TradeRecord } from './port';

const WORKING = "('working','partially_filled','pending_trigger')";

/** A row of the trades table, as SQLite returns it. */
export interface TradeRow {
  id: number;
  product_id: string;
  price: number;
  quantity: number;
  ts: number;
  buy_order_id: number;
  sell_order_id: number;
  buyer_id: number;
  seller_id: number;
  aggressor: TradeRecord['aggressor'];
}

function toRecord(row: TradeRow): TradeRecord {
  return {
    id: row.id,
    productId: row.product_id,
    price: row.price,
    quantity: row.quantity,
    ts: row.ts,
    buyOrderId: row.buy_order_id,
    sellOrderId: row.sell_order_id,
    buyerId: row.buyer_id,
    sellerId: row.seller_id,
    aggressor: row.aggressor ?? null,
  };
}

/** The reads the trading port answers from trading's own tables. */
export class TradingReads {
  private readonly q;
  /** openSellKw's statements by the number of owners they ask about (a site has a handful of users). */
  private readonly sellStatements = new Map<number, { plain: Statement; legs: Statement }>();

  constructor(private readonly db: Db) {
    const openBase = `SELECT id, product_id AS productId, side, price, remaining FROM orders WHERE owner_id = ? AND status IN ${WORKING}`;
    this.q = {
      open: db.prepare(`${openBase} ORDER BY id`),
      openInProduct: db.prepare(`${openBase} AND product_id = ? ORDER BY id`),
      sellRemaining: db.prepare("SELECT remaining FROM orders WHERE id = ? AND side = 'sell'").pluck(),
      tradesAfter: db.prepare('SELECT * FROM trades WHERE id > ? ORDER BY id LIMIT ?'),
      latest: db.prepare('SELECT * FROM trades ORDER BY id DESC LIMIT ?'),
      latestOf: db.prepare('SELECT * FROM trades WHERE product_id = ? ORDER BY id DESC LIMIT ?'),
      lastPriceBefore: db.prepare('SELECT price FROM trades WHERE product_id = ? AND ts < ? ORDER BY id DESC LIMIT 1').pluck(),
      vwap: db.prepare('SELECT product_id AS productId, SUM(price * quantity) AS priceQuantity, SUM(quantity) AS quantity FROM trades WHERE product_id LIKE ? GROUP BY product_id'),
      netOf: db.prepare(
        `SELECT product_id, SUM(CASE WHEN buyer_id = @u THEN quantity ELSE 0 END) - SUM(CASE WHEN seller_id = @u THEN quantity ELSE 0 END) AS net
         FROM trades WHERE buyer_id = @u OR seller_id = @u GROUP BY product_id`,
      ),
      netOfProduct: db
        .prepare(
          `SELECT COALESCE(SUM(CASE WHEN buyer_id = @u THEN quantity ELSE 0 END) - SUM(CASE WHEN seller_id = @u THEN quantity ELSE 0 END), 0)
           FROM trades WHERE (buyer_id = @u OR seller_id = @u) AND product_id = @p`,
        )
        .pluck(),
      killEvents: db.prepare("SELECT payload FROM events WHERE type = 'engine.killSwitch' ORDER BY seq").pluck(),
    };
  }

  openOrders(ownerId: number, productId?: string): OpenOrder[] {
    return (productId === undefined ? this.q.open.all(ownerId) : this.q.openInProduct.all(ownerId, productId)) as OpenOrder[];
  }

  /**
   * Plain orders count by their remaining quantity, block orders by the unfilled quantity of their
   * leg on that product. A block's blotter row carries its first leg's product and the sum of all
   * legs, so block rows are counted only through their legs.
   */
  openSellKw(ownerIds: readonly number[], productId: string, excludeOrderId: number): number {
    if (ownerIds.length === 0) return 0;
    const { plain, legs } = this.sellStatementsFor(ownerIds.length);
    return (plain.get(...ownerIds, productId, excludeOrderId) as number) + (legs.get(...ownerIds, productId, excludeOrderId) as number);
  }

  private sellStatementsFor(owners: number): { plain: Statement; legs: Statement } {
    const known = this.sellStatements.get(owners);
    if (known) return known;
    const list = Array.from({ length: owners }, () => '?').join(',');
    const made = {
      plain: this.db
        .prepare(
          `SELECT COALESCE(SUM(o.remaining), 0) FROM orders o
           WHERE o.owner_id IN (${list}) AND o.side = 'sell' AND o.product_id = ? AND o.id != ?
             AND o.status IN ${WORKING}
             AND NOT EXISTS (SELECT 1 FROM order_legs l WHERE l.order_id = o.id)`,
        )
        .pluck(),
      legs: this.db
        .prepare(
          `SELECT COALESCE(SUM(l.quantity - l.filled), 0) FROM order_legs l JOIN orders o ON o.id = l.order_id
           WHERE o.owner_id IN (${list}) AND o.side = 'sell' AND l.product_id = ? AND o.id != ?
             AND o.status IN ('working', 'partially_filled')`,
        )
        .pluck(),
    };
    this.sellStatements.set(owners, made);
    return made;
  }

  sellRemaining(orderId: number): number | null {
    return (this.q.sellRemaining.get(orderId) as number | undefined) ?? null;
  }

  tradesAfter(afterId: number, limit: number): TradeRecord[] {
    return (this.q.tradesAfter.all(afterId, limit) as TradeRow[]).map(toRecord);
  }

  latestTrades(productId: string | null, limit: number): TradeRecord[] {
    return ((productId === null ? this.q.latest.all(limit) : this.q.latestOf.all(productId, limit)) as TradeRow[]).map(toRecord);
  }

  lastPriceBefore(productId: string, ts: number): number | undefined {
    return this.q.lastPriceBefore.get(productId, ts) as number | undefined;
  }

  vwapByProduct(pattern: string): Array<{ productId: string; priceQuantity: number; quantity: number }> {
    return this.q.vwap.all(pattern) as Array<{ productId: string; priceQuantity: number; quantity: number }>;
  }

  netPositions(userId: number): Map<string, number> {
    const rows = this.q.netOf.all({ u: userId }) as Array<{ product_id: string; net: number }>;
    return new Map(rows.map((r) => [r.product_id, r.net]));
  }

  netPosition(userId: number, productId: string): number {
    return this.q.netOfProduct.get({ u: userId, p: productId }) as number;
  }

  /** Users whose kill switch is on, from the engine's kill/release entries in trading's journal. */
  killedUsers(): number[] {
    const killed = new Set<number>();
    for (const payload of this.q.killEvents.all() as string[]) {
      const event = JSON.parse(payload) as { owner?: unknown; active?: unknown };
      if (typeof event.owner !== 'number') continue;
      if (event.active === true) killed.add(event.owner);
      else killed.delete(event.owner);
    }
    return [...killed];
  }
}
