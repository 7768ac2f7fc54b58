import type { Product } from './product';
import type { EngineState } from './state';
import type { ProductSpec } from './api/commands';
import type { ReasonCode } from './api/events';

// Each check returns the first reason that applies, or null. They run before anything changes, which
// is what makes every rejection leave the book untouched.

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

export function checkPrice(p: Product, price: unknown): ReasonCode | null {
  if (!isInt(price)) return 'BAD_PRICE';
  if (price % p.tick !== 0) return 'OFF_TICK';
  if (price < p.minPrice || price > p.maxPrice) return 'OUT_OF_BAND';
  return null;
}

export function checkQuantity(p: Product, q: unknown): ReasonCode | null {
  if (!isInt(q) || q <= 0) return 'BAD_QUANTITY';
  if (q % p.lot !== 0) return 'BAD_LOT';
  if (q > p.maxQty) return 'ABOVE_MAX_QUANTITY';
  return null;
}

/** Open for orders: from openAt (inclusive) until gate closure (exclusive). */
export function checkTrading(s: EngineState, p: Product): ReasonCode | null {
  if (p.closed || s.now >= p.gateClosure) return 'GATE_CLOSED';
  if (s.now < p.openAt) return 'NOT_OPEN';
  return null;
}

export function checkSpec(spec: unknown): boolean {
  if (typeof spec !== 'object' || spec === null) return false;
  const p = spec as ProductSpec;
  if (typeof p.id !== 'string' || p.id.length === 0) return false;
  if (!isInt(p.tickSize) || p.tickSize <= 0 || !isInt(p.lotSize) || p.lotSize <= 0) return false;
  if (!isInt(p.minPrice) || !isInt(p.maxPrice) || p.minPrice > p.maxPrice) return false;
  // Band edges on the grid keep every price the engine may use (market protection included) on it.
  if (p.minPrice % p.tickSize !== 0 || p.maxPrice % p.tickSize !== 0) return false;
  if (!isInt(p.maxQuantity) || p.maxQuantity < p.lotSize) return false;
  if (!isInt(p.openAt) || !isInt(p.gateClosure) || p.openAt >= p.gateClosure) return false;
  if (!isInt(p.deliveryStart) || !isInt(p.deliveryEnd) || p.deliveryStart >= p.deliveryEnd) return false;
  if (p.mode !== 'continuous' && p.mode !== 'auction') return false;
  if (p.referencePrice !== undefined && p.referencePrice !== null && !isInt(p.referencePrice)) return false;
  return true;
}
