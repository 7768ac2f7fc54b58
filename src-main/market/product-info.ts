/**
 * Delivery facts of a product from its id alone (`DE-H-20261123T0900Z`, `DE-Q-…`, `DE-BASE-…`), so
 * positions in products the engine has already dropped (a day after delivery) still have a
 * duration and a delivery day. Blocks are looked up in their day's product list because their
 * length depends on the day (23, 24 or 25 hours for BASE). An id of an area the terminal does not
 * know names no product it can have traded, and has no delivery day: no info.
 */
import { DateTime } from 'luxon';
import { isMarketArea, zoneOfArea } from '../../src-shared/domain/market-areas';
import { fixedDurationMin, parseProductId } from '../../src-shared/domain/product-id';
import { DEFAULT_RULES, productsOfDay } from './products';

export interface ProductInfo {
  productId: string;
  area: string;
  kind: 'hour' | 'quarter' | 'block';
  deliveryStart: number;
  deliveryEnd: number;
  durationMin: number;
  /** Delivery day in the area's zone, yyyy-MM-dd. */
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
  if (!parts || !isMarketArea(parts.area)) return null;
  const { area, kind, deliveryStart } = parts;
  const deliveryDay = DateTime.fromMillis(deliveryStart, { zone: zoneOfArea(area) }).toISODate() as string;
  const durationMin = fixedDurationMin(kind);
  if (durationMin !== null) return { productId, area, kind, deliveryStart, deliveryEnd: deliveryStart + durationMin * 60_000, durationMin, deliveryDay };
  // Only the continuous market's area lists blocks.
  const block = area === DEFAULT_RULES.area ? productsOfDay(deliveryDay).find((p) => p.id === productId) : undefined;
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
