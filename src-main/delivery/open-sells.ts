import type { Db } from '../store/database';

/**
 * The kW still open on sells of one local-market product by the users of one site: plain orders by
 * their remaining quantity, block orders by the unfilled quantity of their leg on that product. A
 * block's blotter row carries its first leg's product and the sum of all legs, so block rows are
 * counted only through their legs. Local-market products are 15-minute quarters that never overlap,
 * so the sells in a product's delivery window are exactly the sells of that product.
 */
export class OpenSells {
  private readonly plain;
  private readonly legs;
  private readonly remaining;

  constructor(db: Db) {
    const ofSite = 'o.owner_id IN (SELECT user_id FROM user_sites WHERE site = @site)';
    this.plain = db
      .prepare(
        `SELECT COALESCE(SUM(o.remaining), 0) FROM orders o
         WHERE ${ofSite} AND o.side = 'sell' AND o.product_id = @productId AND o.id != @exclude
           AND o.status IN ('working', 'partially_filled', 'pending_trigger')
           AND NOT EXISTS (SELECT 1 FROM order_legs l WHERE l.order_id = o.id)`,
      )
      .pluck();
    this.legs = db
      .prepare(
        `SELECT COALESCE(SUM(l.quantity - l.filled), 0) FROM order_legs l JOIN orders o ON o.id = l.order_id
         WHERE ${ofSite} AND o.side = 'sell' AND l.product_id = @productId AND o.id != @exclude
           AND o.status IN ('working', 'partially_filled')`,
      )
      .pluck();
    this.remaining = db.prepare("SELECT remaining FROM orders WHERE id = ? AND side = 'sell'").pluck();
  }

  /** kW open on `productId` from the site's users, leaving out order `exclude` (the one being resized). */
  kw(site: string, productId: string, exclude = 0): number {
    const args = { site, productId, exclude };
    return (this.plain.get(args) as number) + (this.legs.get(args) as number);
  }

  /** The open quantity of one sell order, or null when it is no sell. */
  remainingOf(orderId: number): number | null {
    return (this.remaining.get(orderId) as number | undefined) ?? null;
  }
}
