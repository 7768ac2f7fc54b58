import { DateTime } from 'luxon';
import type { OrderView, ProductView } from '../../src-shared/domain/schemas';
import { fail } from '../../src-shared/domain/errors';
import type { CallContext, LogFn, PartialHandlers } from '../api/context';
import type { EventBus } from '../api/event-bus';
import type { Clock } from '../core/clock';
import { MatchingEngine, type Command, type EngineEvent, type PlaceCommand } from '../engine';
import { auctionTimeOf, DELIVERY_ZONE, engineSpecOf, localProductsOfDay, productsOfDay, tradingDays } from '../market/products';
import { AuctionSchedule } from './auction-schedule';
import { assertOpen, blockProducts } from './block-legs';
import type { BlockOrderView, LocalProductView } from '../../src-shared/contract/trading';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { EngineJournal } from './engine-journal';
import { OrdersRepo } from './orders-repo';
import { projectEvents, type Projection } from './projection';
import { BookDeltas } from './book-deltas';
import { BatchFailedError, GroupCommitter } from '../store/group-commit';


interface Decision {
  events: EngineEvent[];
  projection: Projection;
}

/** Who a command is journaled and audited for, and when. */
interface Writer {
  now: number;
  actor: string | null;
  /** Audit entries; must append in the write transaction that is open when it is called. */
  audit: LogFn;
}

export interface TradingOptions {
  /**
   * A snapshot of the books every N journaled commands bounds the replay at start. When the last
   * snapshot wrote more orders than N, the next waits that many commands instead: 100,000 resting
   * orders written every 2,000 commands spent most of the terminal's time re-serializing books.
   */
  snapshotEvery: number;
  /**
   * Pre-trade checks (limits, desk kill, site batteries): throws a REJECTED failure before the engine
   * decides. May return what to run once the order is stored (a warning only for orders that went through).
   */
  preTrade?: (
    // `replaces`: a modify's order, whose open quantity the new one replaces rather than adds to.
    order: { owner: number; productId: string; side: OrderView['side']; type: OrderView['type']; price: number | null; stopPrice: number | null; quantity: number; replaces?: number },
    ctx: { now: number },
  ) => void | (() => void);
}

const DEFAULT_OPTIONS: TradingOptions = { snapshotEvery: 2_000 };

/**
 * Orders from the contract into the matching engine and back out as blotter rows, trades and book
 * updates. Each command is journaled in the same transaction as its projections: an order the caller
 * sees acknowledged is on disk, and the books rebuild from snapshot + journal after any crash.
 */
export class TradingService {
  private engine: MatchingEngine;
  private readonly journal: EngineJournal;
  private readonly orders: OrdersRepo;
  private readonly products = new Map<string, ProductView>();
  private readonly listedDays = new Set<string>();
  private commandCount = 0;
  private sinceSnapshot = 0;
  /** Commands between snapshots: see TradingOptions.snapshotEvery. */
  private snapshotInterval = 0;
  private nextOrderId = 1;
  private readonly options: TradingOptions;
  private readonly committer: GroupCommitter;
  private readonly deltas = new BookDeltas();
  /** Books changed by commits whose deltas are not published yet: one delta per book per batch. */
  private readonly changedBooks = new Set<string>();
  private booksScheduled = false;
  private readonly schedule = new AuctionSchedule();
  /** Each listed product's Berlin delivery day, so listing by day needs no date arithmetic per call. */
  private readonly productDay = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    options: Partial<TradingOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.journal = new EngineJournal(db, log.terminalId);
    this.orders = new OrdersRepo(db);
    this.engine = this.recover();
    this.deltas.reset(this.engine);
    this.committer = new GroupCommitter(db, {
      maxBatch: 4_096,
      onBatchStart: () => this.journal.forget(),
      onBatchEnd: () => this.journal.sync(),
      // The whole batch was rolled back, so the books in memory are ahead of the disk: rebuild them.
      onBatchFailure: () => this.rebuild(),
    });
    this.onClock();
  }

  /** Newest snapshot, then every journaled command after it: the books as they were at the crash. */
  private recover(): MatchingEngine {
    const snapshot = this.journal.latestSnapshot();
    const engine = snapshot ? MatchingEngine.restore(snapshot.state as never) : new MatchingEngine({ stp: 'cancel_resting' });
    let count = snapshot?.commandCount ?? 0;
    for (const { command } of this.journal.commandsAfter(snapshot?.eventSeq ?? 0)) {
      engine.apply(command);
      count++;
    }
    this.commandCount = count;
    this.nextOrderId = this.orders.lastOrderId() + 1;
    return engine;
  }

  /**
   * One command, inside an open write transaction: the engine decides first, then the command (if it
   * changed anything) and its projections are written. A refusal is an event, never a throw, so a
   * command needs no savepoint of its own; anything thrown here means the write failed, and the
   * caller's transaction is rolled back and the books rebuilt from disk (memory never runs ahead of
   * what is stored). Nothing is published here: only after the commit.
   */
  private decide(build: (seq: number) => Command, writer: Writer): Decision {
    // An auction whose time has come runs before anything later in time reaches the engine.
    const auctions = this.schedule.isDue(writer.now) ? this.runDueAuctions(writer.now) : [];
    const decision = this.applyOne(build(this.commandCount + 1), writer);
    for (const done of auctions) {
      decision.projection.orders.push(...done.orders);
      decision.projection.trades.push(...done.trades);
      for (const id of done.products) decision.projection.products.add(id);
      decision.projection.auctions.push(...done.auctions);
    }
    return decision;
  }

  /** One auction command per group of products that clear together, so one that cannot run does not stop the others. */
  private runDueAuctions(now: number): Projection[] {
    const system = this.systemWriter(now);
    return this.schedule
      .takeDue(now, this.orders.liveBlockLegs())
      .map((productIds) => this.applyOne({ type: 'auction', seq: this.commandCount + 1, ts: now, productIds }, system).projection);
  }

  private systemWriter(now: number): Writer {
    return { now, actor: 'system', audit: (type, payload, actor) => this.journal.append(now, actor ?? 'system', type, payload) };
  }

  /** A write failed and its transaction was rolled back: memory goes back to what is on disk. */
  private rebuild(): void {
    this.journal.forget();
    this.engine = this.recover();
    this.rebuildSchedule(this.clock.now());
  }

  private rebuildSchedule(now: number): void {
    this.schedule.clear();
    const auctioned = this.orders.latestAuctionResults();
    for (const product of this.products.values()) this.schedule.add(product, auctioned, now);
  }

  private applyOne(command: Command, writer: Writer): Decision {
    const events = this.engine.apply(command);
    // A refused command changed nothing, so replay does not need it.
    if (events.some((e) => e.type !== 'rejected')) {
      this.journal.appendCommand(writer.now, writer.actor, command);
      this.commandCount++;
      this.sinceSnapshot++;
    }
    return { events, projection: projectEvents(events, this.orders, command, writer.audit) };
  }

  private afterCommit(decision: Decision): EngineEvent[] {
    this.publish(decision.projection);
    if (this.sinceSnapshot >= Math.max(this.options.snapshotEvery, this.snapshotInterval)) this.snapshot();
    return decision.events;
  }

  /** For the clock: commits at once, in its own transaction. */
  private execute(build: (seq: number) => Command, now: number): EngineEvent[] {
    return this.executeAll([build], now)[0] ?? [];
  }

  /** Several clock commands in one transaction: listing a day's products costs one fsync, not hundreds. */
  private executeAll(builds: ReadonlyArray<(seq: number) => Command>, now: number): EngineEvent[][] {
    if (builds.length === 0) return [];
    const writer = this.systemWriter(now);
    let decisions: Decision[];
    try {
      decisions = this.db.transaction(() => {
        this.journal.forget();
        const made = builds.map((build) => this.decide(build, writer));
        this.journal.sync();
        return made;
      })();
    } catch (err) {
      this.rebuild();
      throw err;
    }
    return decisions.map((decision) => this.afterCommit(decision));
  }

  /** For calls: joins the group commit, and answers once the batch is durable. */
  private async submit(build: (seq: number) => Command, ctx: CallContext): Promise<EngineEvent[]> {
    const writer = this.callWriter(ctx);
    let decision: Decision;
    try {
      decision = await this.committer.submit(() => this.decide(build, writer));
    } catch (err) {
      if (err instanceof BatchFailedError) {
        fail('INTERNAL', 'The terminal could not store this request in its journal, so it did not take effect. Please try again.');
      }
      throw err;
    }
    return this.afterCommit(decision);
  }

  /**
   * The call's audit goes through the router's log function (the router counts a call as audited
   * when it is used), called inside the group commit's transaction: the function appends to whatever
   * write transaction is open, so the call needs no transaction or savepoint of its own. Taking it
   * opens and ends an empty transaction, which writes nothing. Rows the journal buffered are written
   * first, because the log numbers its rows from the last one on disk.
   */
  private callWriter(ctx: CallContext): Writer {
    const routerLog = ctx.commit((log: LogFn) => log);
    return {
      now: ctx.now,
      actor: ctx.caller?.username ?? null,
      audit: (type, payload, actor) => {
        this.journal.sync();
        routerLog(type, payload, actor);
        this.journal.forget();
      },
    };
  }

  private publish(projection: Projection): void {
    for (const order of projection.orders) this.bus.publish('trading.order', order, { userIds: [order.ownerId] });
    for (const trade of projection.trades) {
      this.bus.publish('trading.trade', { ...trade.view, ownSide: 'buy' }, { userIds: [trade.buyerId] });
      this.bus.publish('trading.trade', { ...trade.view, ownSide: 'sell' }, { userIds: [trade.sellerId] });
    }
    for (const result of projection.auctions) this.bus.publish('trading.auction.result', result, 'all');
    for (const productId of projection.products) this.changedBooks.add(productId);
    if (this.changedBooks.size > 0 && !this.booksScheduled) {
      this.booksScheduled = true;
      // After every command of the batch has been answered: a book changed by many of them is sent once.
      queueMicrotask(() => this.publishBooks());
    }
  }

  private publishBooks(): void {
    this.booksScheduled = false;
    for (const productId of this.changedBooks) {
      const delta = this.deltas.next(this.engine, productId);
      if (!delta) continue;
      this.bus.publish('trading.book.delta', delta, 'all');
    }
    this.changedBooks.clear();
  }

  snapshot(): void {
    this.db.transaction(() => this.journal.saveSnapshot(this.log.head(), this.clock.now(), this.commandCount, this.engine.snapshot()))();
    this.sinceSnapshot = 0;
    // As many commands as the snapshot wrote orders: its cost per command stays constant, and a
    // replay at start never runs more commands than the books held.
    this.snapshotInterval = this.engine.restingOrders;
  }

  /** Time passes: today's and tomorrow's products exist, gates close, good-for-day orders expire. */
  onClock(): void {
    const now = this.clock.now();
    let listed = false;
    const additions: Array<(seq: number) => Command> = [];
    for (const day of tradingDays(now)) {
      if (this.listedDays.has(day)) continue;
      this.listedDays.add(day);
      listed = true;
      for (const product of [...productsOfDay(day), ...localProductsOfDay(day)]) {
        this.products.set(product.id, product);
        this.productDay.set(product.id, day);
        if (product.deliveryEnd <= now || this.engine.product(product.id)) continue;
        additions.push((seq) => ({ type: 'addProduct', seq, ts: now, product: engineSpecOf(product) }));
      }
    }
    this.executeAll(additions, now);
    if (listed) this.rebuildSchedule(now);
    // Due auctions run first, inside decide: the clock command could otherwise close their books.
    this.execute((seq) => ({ type: 'clock', seq, ts: now }), now);
    for (const [id, product] of this.products) {
      // A day after delivery a product can no longer change: drop it from memory and snapshots.
      if (product.deliveryEnd + 86_400_000 > now) continue;
      if (this.engine.product(id)) this.execute((seq) => ({ type: 'removeProduct', seq, ts: now, productId: id }), now);
      this.products.delete(id);
      this.productDay.delete(id);
    }
  }

  close(): void {
    if (this.sinceSnapshot > 0) this.snapshot();
  }

  /** An auction product takes orders only until its auction ran, which may be early when a block joined it to an earlier one. */
  private assertTakesOrders(product: ProductView, now: number, field: string): void {
    assertOpen(product, now, field);
    if (product.mode === 'auction' && !this.schedule.waiting(product.id)) {
      fail('REJECTED', `The auction of ${product.id} has already run (together with a block order's earlier product); it takes no more orders.`, { field, reason: 'GATE_CLOSED' });
    }
  }

  /** Today's and tomorrow's products. */
  private listed(now: number): ProductView[] {
    const days = new Set(tradingDays(now));
    return [...this.products.values()].filter((p) => days.has(this.productDay.get(p.id) ?? ''));
  }

  private blockView(orderId: number): BlockOrderView {
    const order = this.orders.get(orderId);
    if (!order) fail('INTERNAL', 'The block order was accepted but could not be read back.');
    const legs = this.orders.legs(orderId);
    return {
      id: order.id,
      clientOrderId: order.clientOrderId,
      side: order.side,
      price: legs[0]?.price ?? order.price ?? 0,
      quantity: legs[0]?.quantity ?? 0,
      status: order.status,
      reason: order.reason,
      legs: legs.map((l) => ({ productId: l.productId, quantity: l.quantity, filled: l.filled })),
      createdAt: order.createdAt,
    };
  }

  private endOfDeliveryDay(now: number): number {
    return DateTime.fromMillis(now, { zone: DELIVERY_ZONE }).endOf('day').toMillis() + 1;
  }

  handlers(): PartialHandlers<
    | 'trading.products.list'
    | 'trading.book.get'
    | 'trading.orders.place'
    | 'trading.orders.cancel'
    | 'trading.orders.modify'
    | 'trading.orders.cancelAll'
    | 'trading.orders.list'
    | 'trading.trades.list'
    | 'trading.halt'
    | 'trading.resume'
    | 'trading.status'
    | 'risk.killSwitch'
    | 'trading.orders.placeBlock'
    | 'trading.auction.products'
    | 'trading.auction.results'
  > {
    return {
      'trading.products.list': (_input, ctx) => {
        // The local market's auction products have their own list (auction.products).
        return this.listed(ctx.now).filter((p) => p.mode === 'continuous');
      },

      'trading.auction.products': (_input, ctx) => {
        const results = this.orders.latestAuctionResults();
        return this.listed(ctx.now)
          .filter((p) => p.mode === 'auction')
          .map((p): LocalProductView => ({ ...p, auctionAt: auctionTimeOf(p), lastResult: results.get(p.id) ?? null }));
      },

      'trading.auction.results': (input) => this.orders.auctionResults(input.productId ?? null, input.limit),

      'trading.orders.placeBlock': async (input, ctx) => {
        const owner = ctx.caller?.userId ?? 0;
        if (input.clientOrderId && this.orders.clientIdTaken(owner, input.clientOrderId)) {
          fail('REJECTED', `You already used the client order id "${input.clientOrderId}".`, { field: 'clientOrderId', reason: 'DUPLICATE_CLIENT_ID' });
        }
        const legs = blockProducts(input.productIds, this.products, ctx.now);
        legs.forEach((leg, i) => this.assertTakesOrders(leg, ctx.now, `productIds.${i}`));
        const accepted = legs.map((leg) =>
          this.options.preTrade?.({ owner, productId: leg.id, side: input.side, type: 'limit', price: input.price, stopPrice: null, quantity: input.quantity }, ctx),
        );
        const orderId = this.nextOrderId++;
        const events = await this.submit(
          (seq) => ({
            type: 'placeBlock',
            seq,
            ts: ctx.now,
            orderId,
            owner,
            clientOrderId: input.clientOrderId ?? null,
            side: input.side,
            legs: legs.map((p) => ({ productId: p.id, price: input.price, quantity: input.quantity })),
            tif: 'gtc',
          }),
          ctx,
        );
        const rejected = events.find((e) => e.type === 'rejected');
        if (rejected) fail('REJECTED', rejected.message, { reason: rejected.reason, ...fieldOf(rejected.reason) });
        for (const after of accepted) if (after) after();
        return this.blockView(orderId);
      },

      'trading.book.get': (input, ctx) => {
        const book = this.engine.book(input.productId, input.depth, ctx.caller?.userId ?? null);
        if (!book) fail('NOT_FOUND', `There is no product ${input.productId}.`, { field: 'productId' });
        return book;
      },

      'trading.orders.place': async (input, ctx) => {
        const owner = ctx.caller?.userId ?? 0;
        if (input.clientOrderId && this.orders.clientIdTaken(owner, input.clientOrderId)) {
          fail('REJECTED', `You already used the client order id "${input.clientOrderId}".`, { field: 'clientOrderId', reason: 'DUPLICATE_CLIENT_ID' });
        }
        const product = this.products.get(input.productId);
        if (product) this.assertTakesOrders(product, ctx.now, 'productId');
        const accepted = this.options.preTrade?.({ owner, productId: input.productId, side: input.side, type: input.type, price: input.price ?? null, stopPrice: input.stopPrice ?? null, quantity: input.quantity }, ctx);
        const orderId = this.nextOrderId++;
        const place = (seq: number): PlaceCommand => ({
          type: 'place',
          seq,
          ts: ctx.now,
          orderId,
          owner,
          clientOrderId: input.clientOrderId ?? null,
          productId: input.productId,
          side: input.side,
          orderType: input.type,
          quantity: input.quantity,
          price: input.price ?? null,
          stopPrice: input.stopPrice ?? null,
          tif: input.timeInForce,
          expireAt: input.timeInForce === 'gfd' ? this.endOfDeliveryDay(ctx.now) : null,
          peak: input.displayQuantity ?? null,
          allOrNone: input.allOrNone,
        });
        const events = await this.submit(place, ctx);
        const rejected = events.find((e) => e.type === 'rejected');
        if (rejected) fail('REJECTED', rejected.message, { reason: rejected.reason, ...fieldOf(rejected.reason) });
        if (accepted) accepted();
        const order = this.orders.get(orderId);
        if (!order) fail('INTERNAL', 'The order was accepted but could not be read back.');
        return order;
      },

      'trading.orders.cancel': async (input, ctx) => {
        const owner = ctx.caller?.userId ?? 0;
        const existing = this.orders.get(input.orderId);
        if (!existing || (existing.ownerId !== owner && ctx.caller?.role !== 'admin')) {
          fail('NOT_FOUND', `You have no order ${input.orderId}.`, { field: 'orderId' });
        }
        const events = await this.submit((seq) => ({ type: 'cancel', seq, ts: ctx.now, orderId: input.orderId, owner: existing.ownerId }), ctx);
        const rejected = events.find((e) => e.type === 'rejected');
        if (rejected) fail('REJECTED', rejected.message, { reason: rejected.reason });
        return this.orders.get(input.orderId) as OrderView;
      },

      'trading.orders.modify': async (input, ctx) => {
        const owner = ctx.caller?.userId ?? 0;
        const existing = this.orders.get(input.orderId);
        if (!existing || existing.ownerId !== owner) fail('NOT_FOUND', `You have no order ${input.orderId}.`, { field: 'orderId' });
        // A larger or re-priced order is a new risk decision; shrinking one only ever lowers risk.
        const quantity = input.quantity ?? existing.remaining;
        const accepted =
          quantity > existing.remaining || (input.price !== undefined && input.price !== existing.price)
            ? this.options.preTrade?.(
                { owner, productId: existing.productId, side: existing.side, type: existing.type, price: input.price ?? existing.price, stopPrice: input.stopPrice ?? null, quantity, replaces: existing.id },
                ctx,
              )
            : undefined;
        const events = await this.submit(
          (seq) => ({
            type: 'modify',
            seq,
            ts: ctx.now,
            orderId: input.orderId,
            owner,
            price: input.price ?? null,
            quantity: input.quantity ?? null,
            stopPrice: input.stopPrice ?? null,
          }),
          ctx,
        );
        const rejected = events.find((e) => e.type === 'rejected');
        if (rejected) fail('REJECTED', rejected.message, { reason: rejected.reason, ...fieldOf(rejected.reason) });
        if (accepted) accepted();
        return this.orders.get(input.orderId) as OrderView;
      },

      'trading.orders.cancelAll': async (input, ctx) => {
        const owner = ctx.caller?.userId ?? 0;
        const events = await this.submit((seq) => ({ type: 'cancelAll', seq, ts: ctx.now, owner, productId: input.productId ?? null }), ctx);
        return { cancelled: events.filter((e) => e.type === 'cancelled').length };
      },

      'trading.halt': async (_input, ctx) => {
        await this.submit((seq) => ({ type: 'halt', seq, ts: ctx.now }), ctx);
        this.bus.publish('trading.halted', { halted: true }, 'all');
        return { halted: this.engine.halted };
      },

      'trading.resume': async (_input, ctx) => {
        await this.submit((seq) => ({ type: 'resume', seq, ts: ctx.now }), ctx);
        this.bus.publish('trading.halted', { halted: false }, 'all');
        return { halted: this.engine.halted };
      },

      'trading.status': (_input, ctx) => ({ halted: this.engine.halted, killSwitch: this.engine.isKilled(ctx.caller?.userId ?? 0) }),

      'risk.killSwitch': async (input, ctx) => {
        const caller = ctx.caller;
        const userId = input.userId ?? caller?.userId ?? 0;
        // Anyone may stop their own trading; stopping or releasing someone else is for risk and admin.
        if (userId !== caller?.userId && caller?.role !== 'admin' && caller?.role !== 'risk_manager') {
          fail('FORBIDDEN', 'Only a risk manager or an administrator can use the kill switch for another user.');
        }
        if (!input.active && caller?.role === 'trader') {
          fail('FORBIDDEN', 'A risk manager or an administrator must release a kill switch.');
        }
        const events = await this.submit((seq) => ({ type: input.active ? 'kill' : 'release', seq, ts: ctx.now, owner: userId }), ctx);
        this.bus.publish('risk.killSwitch', { userId, active: input.active }, { userIds: [userId], roles: ['admin', 'risk_manager'] });
        return { userId, active: this.engine.isKilled(userId), cancelled: events.filter((e) => e.type === 'cancelled').length };
      },

      'trading.orders.list': (input, ctx) => {
        const all = input.scope === 'all' && (ctx.caller?.role === 'admin' || ctx.caller?.role === 'risk_manager');
        return this.orders.list(all ? null : (ctx.caller?.userId ?? 0), input.limit);
      },

      'trading.trades.list': (input, ctx) => this.orders.trades(ctx.caller?.userId ?? 0, input.limit),
    };
  }
}

/** Points the user at the ticket field an engine rejection is about. */
function fieldOf(reason: string): { field?: string } {
  if (['OFF_TICK', 'OUT_OF_BAND', 'MISSING_PRICE', 'BAD_PRICE'].includes(reason)) return { field: 'price' };
  if (['BAD_QUANTITY', 'BAD_LOT', 'ABOVE_MAX_QUANTITY'].includes(reason)) return { field: 'quantity' };
  if (['UNKNOWN_PRODUCT', 'NOT_OPEN', 'GATE_CLOSED'].includes(reason)) return { field: 'productId' };
  if (reason === 'MISSING_STOP_PRICE') return { field: 'stopPrice' };
  if (reason === 'BAD_PEAK') return { field: 'displayQuantity' };
  return {};
}
