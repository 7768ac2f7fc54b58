import { MatchingEngine } from '../../src-main/engine';
import type {
  Command,
  EngineEvent,
  EngineOptions,
  PlaceBlockCommand,
  PlaceCommand,
  ProductSpec,
  TradeEvent,
} from '../../src-main/engine';

export const HOUR = 3_600_000;
/** Delivery of the test day's first hour; products open a day earlier and close 5 minutes before. */
export const DAY = Date.UTC(2030, 0, 2);
export const T0 = DAY - 12 * HOUR;

export function spec(id: string, over: Partial<ProductSpec> = {}, hour = 0): ProductSpec {
  const start = DAY + hour * HOUR;
  return {
    id,
    tickSize: 1,
    lotSize: 100,
    minPrice: -999_999,
    maxPrice: 999_999,
    maxQuantity: 500_000,
    openAt: start - 24 * HOUR,
    gateClosure: start - 5 * 60_000,
    deliveryStart: start,
    deliveryEnd: start + HOUR,
    mode: 'continuous',
    referencePrice: null,
    ...over,
  };
}

/** Drives an engine with auto-numbered commands at a settable time and records every event. */
export class Harness {
  readonly engine: MatchingEngine;
  readonly events: EngineEvent[] = [];
  readonly log: Command[] = [];
  seq = 0;
  ts = T0;
  private nextId = 1;

  constructor(products: ProductSpec[] = [spec('H1')], options: EngineOptions = {}) {
    this.engine = new MatchingEngine(options);
    for (const p of products) this.send({ type: 'addProduct', product: p });
  }

  /** Sends a command (seq and ts filled in) and returns its events. */
  send(cmd: DistributiveOmit<Command, 'seq' | 'ts'> & { ts?: number }): EngineEvent[] {
    const full = { seq: ++this.seq, ts: this.ts, ...cmd } as Command;
    this.log.push(full);
    const out = this.engine.apply(full);
    this.events.push(...out);
    return out;
  }

  /** Places an order with a fresh id; returns [id, events]. */
  place(o: Partial<Omit<PlaceCommand, 'type' | 'seq' | 'ts'>> & { side: 'buy' | 'sell' }): [number, EngineEvent[]] {
    const orderId = o.orderId ?? this.nextId++;
    // Market and stop orders get no default price: theirs is a protection price, absent by default.
    const price = o.orderType === 'market' || o.orderType === 'stop' ? null : 5000;
    const out = this.send({ type: 'place', productId: 'H1', owner: 1, orderType: 'limit', quantity: 100, price, ...o, orderId });
    return [orderId, out];
  }

  limit(side: 'buy' | 'sell', price: number, quantity: number, owner = 1, extra: Partial<PlaceCommand> = {}): [number, EngineEvent[]] {
    return this.place({ side, price, quantity, owner, ...extra });
  }

  block(o: Omit<PlaceBlockCommand, 'type' | 'seq' | 'ts' | 'orderId'> & { orderId?: number }): [number, EngineEvent[]] {
    const orderId = o.orderId ?? this.nextId++;
    return [orderId, this.send({ type: 'placeBlock', ...o, orderId })];
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function trades(events: EngineEvent[]): TradeEvent[] {
  return events.filter((e): e is TradeEvent => e.type === 'trade');
}

export function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e) => e.type === type) as Extract<EngineEvent, { type: T }>[];
}

/** Trades as [price, quantity, buyOrderId, sellOrderId] for compact expectations. */
export function fills(events: EngineEvent[]): [number, number, number, number][] {
  return trades(events).map((t) => [t.price, t.quantity, t.buyOrderId, t.sellOrderId]);
}
