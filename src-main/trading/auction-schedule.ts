import type { ProductView } from '../../src-shared/domain/schemas';
import { auctionTimeOf } from '../market/products';

/**
 * Which auction products still wait for their auction, and when it is due. The truth is on disk (a
 * product with a stored auction result has had its auction); this is the in-memory index the clock
 * and every command consult, rebuilt whenever the books are.
 */
export class AuctionSchedule {
  private readonly due = new Map<string, { at: number; area: string }>();
  private next = Number.POSITIVE_INFINITY;

  clear(): void {
    this.due.clear();
    this.next = Number.POSITIVE_INFINITY;
  }

  /** Waits for the product's auction, unless it had one or its delivery has begun. */
  add(product: ProductView, auctioned: ReadonlySet<string> | ReadonlyMap<string, unknown>, now: number): void {
    if (product.mode !== 'auction' || auctioned.has(product.id) || product.deliveryStart <= now) return;
    const at = auctionTimeOf(product);
    this.due.set(product.id, { at, area: product.area });
    if (at < this.next) this.next = at;
  }

  isDue(now: number): boolean {
    return now >= this.next;
  }

  /** Whether the product still takes orders for an auction to come. */
  waiting(productId: string): boolean {
    return this.due.has(productId);
  }

  /**
   * The auctions to run now, earliest first, each a group of products that clear together: the
   * products of one area whose auction time is the same instant (a rolling quarter alone, a daily
   * auction's whole day at once). Only the clock decides when a product's call phase ends; no order
   * can end it early (a block trades in the daily auction, whose quarters share one time).
   */
  takeDue(now: number): string[][] {
    if (!this.isDue(now)) return [];
    const groups = new Map<string, string[]>();
    const ready = [...this.due].filter(([, d]) => d.at <= now).sort((a, b) => a[1].at - b[1].at || (a[0] < b[0] ? -1 : 1));
    for (const [id, { at, area }] of ready) {
      const key = `${at} ${area}`;
      const group = groups.get(key);
      if (group) group.push(id);
      else groups.set(key, [id]);
      this.due.delete(id);
    }
    this.next = Math.min(Number.POSITIVE_INFINITY, ...[...this.due.values()].map((d) => d.at));
    return [...groups.values()];
  }
}
