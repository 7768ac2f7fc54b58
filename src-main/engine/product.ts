import { BookSide } from './book';
import { StopBook } from './stops';
import type { ProductSpec } from './api/commands';

/** A product's rules and its live state: the two book sides, the stops and the last price. */
export class Product {
  readonly id: string;
  readonly tick: number;
  readonly lot: number;
  readonly minPrice: number;
  readonly maxPrice: number;
  readonly maxQty: number;
  readonly openAt: number;
  readonly gateClosure: number;
  readonly auction: boolean;
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  readonly stops = new StopBook();
  closed = false;
  lastPrice: number | null = null;

  constructor(
    readonly spec: ProductSpec,
    /** Position in the order products were added: the canonical iteration order. */
    readonly index: number,
  ) {
    this.id = spec.id;
    this.tick = spec.tickSize;
    this.lot = spec.lotSize;
    this.minPrice = spec.minPrice;
    this.maxPrice = spec.maxPrice;
    this.maxQty = spec.maxQuantity;
    this.openAt = spec.openAt;
    this.gateClosure = spec.gateClosure;
    this.auction = spec.mode === 'auction';
  }
}

/** A plain copy of a spec, so the caller's object can change without touching the engine. */
export function copySpec(spec: ProductSpec): ProductSpec {
  return {
    id: spec.id,
    tickSize: spec.tickSize,
    lotSize: spec.lotSize,
    minPrice: spec.minPrice,
    maxPrice: spec.maxPrice,
    maxQuantity: spec.maxQuantity,
    openAt: spec.openAt,
    gateClosure: spec.gateClosure,
    deliveryStart: spec.deliveryStart,
    deliveryEnd: spec.deliveryEnd,
    mode: spec.mode,
    referencePrice: spec.referencePrice ?? null,
  };
}
