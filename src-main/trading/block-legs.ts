import { DateTime } from 'luxon';
import type { ProductView } from '../../src-shared/domain/schemas';
import { fail } from '../../src-shared/domain/errors';
import { zoneOfArea } from '../../src-shared/domain/market-areas';
import { auctionTimeOf, LOCAL_DAILY_AUCTION } from '../market/products';

/** An instant on the clock of the product's area (its delivery days' zone): "2026-11-23 09:55". */
function clock(ms: number, product: ProductView): string {
  return DateTime.fromMillis(ms, { zone: zoneOfArea(product.area) }).toFormat('yyyy-LL-dd HH:mm');
}

/** The city a zone is named after ("Europe/Berlin" → "Berlin"), which says whose clock a message reads. */
function cityOf(product: ProductView): string {
  const zone = zoneOfArea(product.area);
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/**
 * Refuses an order on a product whose trading has ended for the terminal: a continuous product at
 * its gate closure, a local-market product once its auction time (the end of its call phase) came.
 */
export function assertOpen(product: ProductView, now: number, field: string): void {
  if (product.mode === 'auction' && now >= auctionTimeOf(product)) {
    fail('REJECTED', `The call phase of ${product.id} ended at ${clock(auctionTimeOf(product), product)} (${cityOf(product)}), when its auction ran; it takes no more orders.`, {
      field,
      reason: 'GATE_CLOSED',
      params: { context: 'auction', productId: product.id, atMs: auctionTimeOf(product), area: product.area },
    });
  }
  if (now >= product.gateClosure) {
    fail('REJECTED', `Trading in ${product.id} closed at ${clock(product.gateClosure, product)} (${cityOf(product)}, gate closure).`, { field, reason: 'GATE_CLOSED', params: { context: 'at', productId: product.id, atMs: product.gateClosure, area: product.area } });
  }
  if (now < product.openAt) {
    fail('REJECTED', `${product.id} opens for trading at ${clock(product.openAt, product)} (${cityOf(product)}).`, { field, reason: 'NOT_OPEN', params: { context: 'at', productId: product.id, atMs: product.openAt, area: product.area } });
  }
}

/**
 * The products of a block order, checked before the engine sees it so the user reads which product
 * is wrong: each must exist and be open, all of one trading mode, each starting when the one before
 * it ends; auction blocks only in the daily auction, all of one delivery day.
 */
export function blockProducts(productIds: readonly string[], products: ReadonlyMap<string, ProductView>, now: number): ProductView[] {
  const legs: ProductView[] = [];
  productIds.forEach((id, i) => {
    const field = `productIds.${i}`;
    const product = products.get(id);
    if (!product) fail('REJECTED', `There is no product ${id}.`, { field, reason: 'UNKNOWN_PRODUCT', params: { context: 'id', productId: id } });
    const prev = legs[i - 1];
    if (prev && prev.mode !== product.mode) {
      fail('REJECTED', `${id} trades by ${product.mode} but ${prev.id} by ${prev.mode}: a block's products must trade the same way.`, { field, reason: 'BAD_BLOCK', params: { context: 'mode', productId: id, previousId: prev.id } });
    }
    if (prev && prev.deliveryEnd !== product.deliveryStart) {
      fail(
        'REJECTED',
        `${id} does not follow ${prev.id}: a block needs consecutive products, each starting when the one before ends (${prev.id} ends at ${clock(prev.deliveryEnd, prev)}, ${id} starts at ${clock(product.deliveryStart, product)}).`,
        { field, reason: 'BAD_BLOCK', params: { context: 'gap', productId: id, previousId: prev.id } },
      );
    }
    if (product.mode === 'auction' && product.area !== LOCAL_DAILY_AUCTION.area) {
      fail(
        'REJECTED',
        `${id} clears in its own quarter-hour auction, which takes single orders only: a block over several quarters cannot be cleared by separate auctions. Place it in the daily auction (area ${LOCAL_DAILY_AUCTION.area}), which clears all of a day's quarters at once.`,
        { field, reason: 'BLOCK_NEEDS_DAILY_AUCTION' },
      );
    }
    if (prev && prev.mode === 'auction' && auctionTimeOf(prev) !== auctionTimeOf(product)) {
      fail('REJECTED', `${id} is in a later daily auction than ${prev.id}: a block's quarters must all clear in the same daily auction (one delivery day).`, { field, reason: 'BAD_BLOCK' });
    }
    assertOpen(product, now, field);
    legs.push(product);
  });
  return legs;
}
