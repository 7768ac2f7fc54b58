import type { ProductView } from '../../src-shared/domain/schemas';
import { auctionTimeOf } from '../market/products';

/**
 * Which auction products still wait for their auction, and when it is due. The truth is on disk (a
 * product with a stored auction result has had its auction); this is the in-memory index the clock
 * and every command consult, rebuilt whenever the books are.
 */
export class AuctionSchedule {
  private readonly due = new Map<string, number>();
  private next = Number.POSITIVE_INFINITY;

  clear(): void {
    this.due.clear();
    this.next = Number.POSITIVE_INFINITY;
  }

  /** Waits for the product's auction, unless it had one or its delivery has begun. */
  add(product: ProductView, auctioned: ReadonlySet<string> | ReadonlyMap<string, unknown>, now: number): void {
    if (product.mode !== 'auction' || auctioned.has(product.id) || product.deliveryStart <= now) return;
    const at = auctionTimeOf(product);
    this.due.set(product.id, at);
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
   * The auctions to run now, earliest first, each a group of products that clear together: a product
   * whose time has come, plus every waiting product joined to it through a waiting block order (a
   * block fills on all its products or none, so they must clear in one auction). Those products stop
   * waiting, so their call phase ends now even if their own time is later.
   */
  takeDue(now: number, blockLegs: ReadonlyArray<readonly string[]>): string[][] {
    if (!this.isDue(now)) return [];
    const ready = [...this.due].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    const groups: string[][] = [];
    for (const [id] of ready) {
      if (!this.due.has(id)) continue;
      const group = new Set([id]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const legs of blockLegs) {
          if (!legs.some((leg) => group.has(leg))) continue;
          for (const leg of legs) {
            if (!group.has(leg) && this.due.has(leg)) {
              group.add(leg);
              grew = true;
            }
          }
        }
      }
      for (const member of group) this.due.delete(member);
      groups.push([...group]);
    }
    this.next = Math.min(Number.POSITIVE_INFINITY, ...this.due.values());
    return groups;
  }
}
