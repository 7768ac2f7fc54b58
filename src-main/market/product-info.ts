/**
 * Delivery facts of a product from its id alone (`DE-H-20261123T0900Z`, `DE-Q-…`, `DE-BASE-…`), so
 * positions in products the engine has already dropped (a day after delivery) still have a
 * duration and a delivery day. Blocks are looked up in their day's product list because their
 * length depends on the day (23, 24 or 25 hours for BASE).
 */
import { DateTime } from 'luxon';
import { fixedDurationMin, parseProductId } from '../../src-shared/domain/product-id';
import { DELIVERY_ZONE, productsOfDay } from './products';

export interface ProductInfo {
  productId: string;
  area: string;
  kind: 'hour' | 'quarter' | 'block';
  deliveryStart: number;
  deliveryEnd: number;
  durationMin: number;
  /** Europe/Berlin delivery day, yyyy-MM-dd. */
  deliveryDay: string;
}

const cache = new Map<string, ProductInfo | null>();

export function productInfo(productId: string): ProductInfo | null {
  const known = cache.get(productId);
  if (known !== undefined) return known;
  const info = parse(productId);
  if (cache.size > 50_000) cache.clear();
  cache.set(productId, info);
  return info;
}

function parse(productId: string): ProductInfo | null {
  const parts = parseProductId(productId);
  if (!parts) return null;
  const { area, kind, deliveryStart } = parts;
  const deliveryDay = DateTime.fromMillis(deliveryStart, { zone: DELIVERY_ZONE }).toISODate() as string;
  const durationMin = fixedDurationMin(kind);
  if (durationMin !== null) return { productId, area, kind, deliveryStart, deliveryEnd: deliveryStart + durationMin * 60_000, durationMin, deliveryDay };
  const block = productsOfDay(deliveryDay).find((p) => p.id === productId);
  if (!block) return null;
  return {
    productId,
    area,
    kind: 'block',
    deliveryStart: block.deliveryStart,
    deliveryEnd: block.deliveryEnd,
    durationMin: (block.deliveryEnd - block.deliveryStart) / 60_000,
    deliveryDay,
  };
}
