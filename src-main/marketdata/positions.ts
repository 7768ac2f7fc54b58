import type { Db } from '../store/database';

/** A user's net position per product from their trades: bought minus sold, kW. */
export class Positions {
  private readonly ofUser;
  private readonly ofUserProduct;

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
    return this.ofUserProduct.get({ u: userId, p: productId }) as number;
  }
}
