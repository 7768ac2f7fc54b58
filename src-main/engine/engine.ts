import { runAuction } from './auction';
import { placeBlock } from './blocks';
import { BookSide } from './book';
import { cancelAll, halt, kill, ordersOf, release, resume } from './controls';
import { addProduct, advance, removeProduct } from './lifecycle';
import { stpOf } from './order';
import { cancel, modify, place } from './orders';
import { copySpec } from './product';
import { restoreInto, takeSnapshot } from './snapshot';
import { EngineState } from './state';
import type { BookView } from '../../src-shared/domain/schemas';
import type { Command, EngineOptions, ProductSpec } from './api/commands';
import type { EngineEvent, EventSink } from './api/events';
import type { EngineSnapshot } from './api/snapshot';
import type { BlockView, ChangedLevels, EngineOrderView, ProductState } from './api/views';
import { blockView, bookView, orderView } from './views';

/**
 * The matching engine: a pure, deterministic function of its command log. It reads no clock and no
 * randomness; time comes in on each command (`ts`), ids come in on the commands (order ids) or are
 * counted (trade ids). Replaying the same commands gives the same events, byte for byte as JSON.
 */
export class MatchingEngine {
  private readonly s = new EngineState();
  private collected: EngineEvent[] = [];
  private readonly collect: EventSink = (e) => {
    this.collected.push(e);
  };

  constructor(options: EngineOptions = {}) {
    const stp = stpOf(options.stp, this.s.defaultStp);
    if (stp < 0) throw new Error(`unknown STP mode: ${String(options.stp)}`);
    this.s.defaultStp = stp;
    if (options.firstTradeId !== undefined) this.s.nextTradeId = options.firstTradeId;
  }

  /**
   * Applies one command. Without a sink the events come back as a new array; with a sink each
   * event is handed over as it happens (nothing collected). The sink must not throw or call back
   * into the engine. Events are fresh plain objects the caller may keep.
   */
  apply(cmd: Command): EngineEvent[];
  apply(cmd: Command, sink: EventSink): void;
  apply(cmd: Command, sink?: EventSink): EngineEvent[] | undefined {
    const s = this.s;
    if (sink === undefined) {
      this.collected = [];
      s.sink = this.collect;
    } else {
      s.sink = sink;
    }
    this.run(cmd);
    return sink === undefined ? this.collected : undefined;
  }

  private run(cmd: Command): void {
    const s = this.s;
    if (typeof cmd !== 'object' || cmd === null) {
      s.seq = s.lastSeq;
      s.ts = s.now;
      return s.reject('unknown', null, null, null, 'UNKNOWN_COMMAND');
    }
    const { seq, ts } = cmd;
    if (typeof seq !== 'number' || typeof ts !== 'number' || !Number.isFinite(seq) || !Number.isFinite(ts)) {
      s.seq = typeof seq === 'number' && Number.isFinite(seq) ? seq : s.lastSeq;
      s.ts = s.now;
      return s.reject(String(cmd.type), null, null, null, 'BAD_COMMAND');
    }
    s.seq = seq;
    s.ts = ts;
    s.changed = false;
    if (ts > s.now) advance(s, ts);
    switch (cmd.type) {
      case 'place':
        place(s, cmd);
        break;
      case 'cancel':
        cancel(s, cmd);
        break;
      case 'modify':
        modify(s, cmd);
        break;
      case 'placeBlock':
        placeBlock(s, cmd);
        break;
      case 'cancelAll':
        cancelAll(s, cmd);
        break;
      case 'clock':
        break;
      case 'auction':
        runAuction(s, cmd);
        break;
      case 'halt':
        halt(s);
        break;
      case 'resume':
        resume(s);
        break;
      case 'kill':
        kill(s, cmd);
        break;
      case 'release':
        release(s, cmd);
        break;
      case 'addProduct':
        addProduct(s, cmd);
        break;
      case 'removeProduct':
        removeProduct(s, cmd);
        break;
      default:
        s.reject(String((cmd as { type: unknown }).type), null, null, null, 'UNKNOWN_COMMAND');
    }
    if (s.changed) s.lastSeq = seq;
  }

  /** Convenience for setup code: the addProduct command stamped with the engine's current seq and time. */
  addProduct(spec: ProductSpec): EngineEvent[] {
    const s = this.s;
    return this.apply({ type: 'addProduct', seq: s.lastSeq, ts: s.now === Number.MIN_SAFE_INTEGER ? 0 : s.now, product: spec });
  }

  /**
   * Aggregated depth, best price first, `depth` levels per side. Only what can be hit partially is
   * displayed: visible iceberg peaks, no all-or-none orders (in neither quantity nor order count).
   * With `owner`, each level also says how much of its displayed quantity is that owner's (the
   * ladder's own-order marks); `seq` is the seq of the last command applied.
   */
  book(productId: string, depth = 10, owner: number | null = null): BookView | null {
    const p = this.s.products.get(productId);
    return p === undefined ? null : bookView(p, depth, owner, this.s.lastSeq);
  }

  /**
   * The product's levels whose displayed quantity or order count differ from when they were last
   * taken (or from the book as the product was added or the engine restored), and starts afresh.
   * It visits only the levels that changed, so a depth publisher need not diff whole books.
   * Changes are kept by product id: a product removed before its last changes were taken still
   * gives them (every level gone), once; any other unknown product gives null.
   */
  takeChangedLevels(productId: string): ChangedLevels | null {
    const s = this.s;
    const p = s.products.get(productId);
    if (p !== undefined) return { bids: p.bids.changes.take(), asks: p.asks.changes.take() };
    const carried = s.carriedChanges.get(productId);
    if (carried === undefined) return null;
    s.carriedChanges.delete(productId);
    // Sides that no longer exist show nothing: each carried level comes out as gone.
    const bids = new BookSide(true);
    const asks = new BookSide(false);
    bids.changes.adopt(carried.bids);
    asks.changes.adopt(carried.asks);
    return { bids: bids.changes.take(), asks: asks.changes.take() };
  }

  /** A live order (resting, waiting in an auction or an untriggered stop); null once it is gone. */
  order(orderId: number): EngineOrderView | null {
    const o = this.s.orders.get(orderId);
    return o === undefined ? null : orderView(o);
  }

  /** A block order waiting for an auction. */
  block(orderId: number): BlockView | null {
    const b = this.s.blocks.get(orderId);
    return b === undefined ? null : blockView(b);
  }

  /** The owner's live orders: by product (in the order added), bids, asks, then stops. O(live orders). */
  openOrders(owner: number): EngineOrderView[] {
    return this.s.productList.flatMap((p) => ordersOf(p, owner).map(orderView));
  }

  openBlocks(owner: number): BlockView[] {
    return [...this.s.blocks.values()].filter((b) => b.owner === owner).map(blockView);
  }

  products(): ProductState[] {
    return this.s.productList.map((p) => ({ spec: copySpec(p.spec), closed: p.closed, lastPrice: p.lastPrice }));
  }

  product(productId: string): ProductState | null {
    const p = this.s.products.get(productId);
    return p === undefined ? null : { spec: copySpec(p.spec), closed: p.closed, lastPrice: p.lastPrice };
  }

  /** Orders and block orders resting in the books: what a snapshot has to write. */
  get restingOrders(): number {
    return this.s.orders.size + this.s.blocks.size;
  }

  get halted(): boolean {
    return this.s.halted;
  }

  isKilled(owner: number): boolean {
    return this.s.killed.has(owner);
  }

  /** Seq of the last command applied. */
  get lastSeq(): number {
    return this.s.lastSeq;
  }

  /** The engine clock: the largest command ts seen. */
  get now(): number {
    return this.s.now;
  }

  snapshot(): EngineSnapshot {
    return takeSnapshot(this.s);
  }

  /** Rebuilds an engine that continues exactly where the snapshotted one was. */
  static restore(snapshot: EngineSnapshot): MatchingEngine {
    const engine = new MatchingEngine();
    restoreInto(engine.s, snapshot);
    return engine;
  }
}
