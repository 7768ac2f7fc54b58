import type { Db } from '../store/database';

/** Entries kept before the cache starts over (users × products of a few days). */
const MAX_CACHED = 100_000;

/** A user's net position per product from their trades: bought minus sold, kW. */
export class Positions {
  private readonly ofUser;
  private readonly ofUserProduct;
  /**
   * Net positions asked for since start, kept up to date trade by trade: summing a user's trades in
   * SQL after every fill grew with the day's trades (the simulator's desks trade all day).
   */
  private readonly nets = new Map<string, number>();

  constructor(db: Db) {
    this.ofUser = db.prepare(
      `SELECT product_id, SUM(CASE WHEN buyer_id = @u THEN quantity ELSE 0 END) - SUM(CASE WHEN seller_id = @u THEN quantity ELSE 0 END) AS net
       FROM trades WHERE buyer_id = @u OR seller_id = @u GROUP BY product_id`,
    );
    this.ofUserProduct = db.prepare(
      `SELECT COALESCE(SUM(CASE WHEN buyer_id = @u THEN quantity ELSE 0 END) - SUM(CASE WHEN seller_id = @u THEN quantity ELSE 0 END), 0)
       FROM trades WHERE (buyer_id = @u OR seller_id = @u) AND product_id = @p`,
    ).pluck();
  }

  of(userId: number): Map<string, number> {
    const rows = this.ofUser.all({ u: userId }) as Array<{ product_id: string; net: number }>;
    return new Map(rows.map((r) => [r.product_id, r.net]));
  }

  inProduct(userId: number, productId: string): number {
    const key = `${userId}:${productId}`;
    let net = this.nets.get(key);
    if (net === undefined) {
      if (this.nets.size >= MAX_CACHED) this.nets.clear();
      net = this.ofUserProduct.get({ u: userId, p: productId }) as number;
      this.nets.set(key, net);
    }
    return net;
  }

  /**
   * A committed trade, once folded. Only known positions move; one not asked for yet is read from
   * the trades table (which already holds this trade) when it is.
   */
  applyTrade(userId: number, productId: string, deltaKw: number): void {
    const key = `${userId}:${productId}`;
    const net = this.nets.get(key);
    if (net !== undefined) this.nets.set(key, net + deltaKw);
  }
}
