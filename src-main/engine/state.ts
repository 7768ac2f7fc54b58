import { DeadlineHeap } from './deadlines';
import { IdIndex } from './id-index';
import { type Block, K_ICEBERG, K_STOP, KIND_NAMES, type Order, OrderPool, S_BOOK, S_STOP, STP_CANCEL_RESTING, TIF_NAMES } from './order';
import type { Product } from './product';
import { REASON_TEXT } from './reasons';
import type { Side } from '../../src-shared/domain/schemas';
import type { CancelReason, EngineEvent, EventSink, ExpireReason, ReasonCode } from './api/events';

const discard: EventSink = () => {};

/**
 * Everything the engine knows, shared by the modules that act on it, plus the event emitters.
 * Emitters build small plain objects with a fixed key order, so JSON of the same history is the same.
 */
export class EngineState {
  readonly products = new Map<string, Product>();
  /** Live products in the order they were added: the canonical iteration order. */
  productList: Product[] = [];
  productCounter = 0;
  /** Open products by (gate closure, index): the next gate to close is first. */
  gates: Product[] = [];
  /** Orders resting in a book or waiting as stops, by id. */
  readonly orders = new IdIndex<Order>();
  readonly blocks = new Map<number, Block>();
  /** owner + NUL + clientOrderId → order id, for live orders only. */
  readonly clientIds = new Map<string, number>();
  readonly killed = new Set<number>();
  readonly deadlines = new DeadlineHeap();
  readonly pool = new OrderPool();
  /** Pending changed-level records of removed products by id (see ChangedLevels.carry). */
  readonly carriedChanges = new Map<string, { bids: number[]; asks: number[] }>();
  /** Largest order id ever registered: a larger id cannot be live, so it needs no lookup. */
  maxId = Number.MIN_SAFE_INTEGER;
  halted = false;
  now = Number.MIN_SAFE_INTEGER;
  lastSeq = 0;
  nextTradeId = 1;
  nextPrio = 1;
  defaultStp = STP_CANCEL_RESTING;

  sink: EventSink = discard;
  seq = 0;
  ts = 0;

  /**
   * Whether the command being run emitted anything but refusals. Only such a command moves `lastSeq`:
   * a refused one changes nothing and is not journaled, so the next command is stamped with the same
   * seq, and a book read in between must not already claim it.
   */
  changed = false;

  /** Every event but a refusal goes out here, so `changed` cannot miss one. */
  emit(e: EngineEvent): void {
    this.changed = true;
    this.sink(e);
  }

  reject(command: string, orderId: number | null, owner: number | null, productId: string | null, reason: ReasonCode): void {
    this.sink({ type: 'rejected', seq: this.seq, ts: this.ts, command, orderId, owner, productId, reason, message: REASON_TEXT[reason] });
  }

  accepted(o: Order, p: Product): void {
    this.emit({
      type: 'accepted',
      seq: this.seq,
      ts: this.ts,
      orderId: o.id,
      owner: o.owner,
      clientOrderId: o.clientOrderId,
      productId: p.id,
      side: o.buy ? 'buy' : 'sell',
      orderType: KIND_NAMES[o.kind]!,
      tif: TIF_NAMES[o.tif]!,
      price: o.price,
      stopPrice: o.kind >= K_STOP ? o.stopPrice : null,
      quantity: o.quantity,
      allOrNone: o.aon,
      peak: o.kind === K_ICEBERG ? o.peak : null,
    });
  }

  trade(
    productId: string,
    price: number,
    quantity: number,
    buyOrderId: number,
    sellOrderId: number,
    buyOwner: number,
    sellOwner: number,
    buyLeg: number,
    sellLeg: number,
    buyRemaining: number,
    sellRemaining: number,
    aggressor: Side | null,
  ): void {
    this.emit({
      type: 'trade',
      seq: this.seq,
      ts: this.ts,
      tradeId: this.nextTradeId++,
      productId,
      price,
      quantity,
      buyOrderId,
      sellOrderId,
      buyOwner,
      sellOwner,
      buyLeg: buyLeg < 0 ? null : buyLeg,
      sellLeg: sellLeg < 0 ? null : sellLeg,
      buyRemaining,
      sellRemaining,
      aggressor,
    });
  }

  cancelled(orderId: number, owner: number, productId: string | null, reason: CancelReason, quantity: number): void {
    this.emit({ type: 'cancelled', seq: this.seq, ts: this.ts, orderId, owner, productId, reason, quantity });
  }

  expired(orderId: number, owner: number, productId: string | null, reason: ExpireReason, quantity: number): void {
    this.emit({ type: 'expired', seq: this.seq, ts: this.ts, orderId, owner, productId, reason, quantity });
  }

  /** Registers a live order under its id (and client id) so it can be cancelled and modified. */
  index(o: Order): void {
    if (o.indexed) return;
    o.indexed = true;
    if (o.id > this.maxId) this.maxId = o.id;
    this.orders.set(o.id, o);
    if (o.clientOrderId !== null) this.clientIds.set(clientKey(o.owner, o.clientOrderId), o.id);
  }

  /** Forgets a dead order and returns its object to the pool. */
  retire(o: Order): void {
    if (o.indexed) {
      this.orders.delete(o.id);
      if (o.clientOrderId !== null) this.clientIds.delete(clientKey(o.owner, o.clientOrderId));
    }
    this.pool.release(o);
  }

  /** Takes a live order out of whatever holds it (book or stop book), then retires it. */
  removeLive(o: Order): void {
    const p = o.product!;
    if (o.state === S_BOOK) (o.buy ? p.bids : p.asks).remove(o);
    else if (o.state === S_STOP) p.stops.remove(o);
    this.retire(o);
  }

  removeBlock(b: Block): void {
    this.blocks.delete(b.id);
    if (b.clientOrderId !== null) this.clientIds.delete(clientKey(b.owner, b.clientOrderId));
  }

  /** Callers usually number orders upwards, so a new id is mostly above every live one: no probe. */
  idTaken(id: number): boolean {
    if (id > this.maxId) return false;
    return this.orders.has(id) || (this.blocks.size > 0 && this.blocks.has(id));
  }

  clientIdTaken(owner: number, clientOrderId: string): boolean {
    return this.clientIds.has(clientKey(owner, clientOrderId));
  }

  addGate(p: Product): void {
    const gates = this.gates;
    let i = gates.length;
    while (i > 0 && (gates[i - 1]!.gateClosure > p.gateClosure || (gates[i - 1]!.gateClosure === p.gateClosure && gates[i - 1]!.index > p.index))) i--;
    gates.splice(i, 0, p);
  }

  nextDeadline(): number {
    const gate = this.gates.length > 0 ? this.gates[0]!.gateClosure : Number.POSITIVE_INFINITY;
    const gfd = this.deadlines.peekAt();
    return gate < gfd ? gate : gfd;
  }
}

export function clientKey(owner: number, clientOrderId: string): string {
  return `${owner}\u0000${clientOrderId}`;
}
