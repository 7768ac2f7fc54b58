import { DateTime } from 'luxon';
import type { OrderView, ProductView } from '../../src-shared/schemas';
import { fail } from '../../src-shared/errors';
import type { CallContext, LogFn, PartialHandlers } from '../api/context';
import type { EventBus } from '../api/event-bus';
import type { Clock } from '../core/clock';
import { MatchingEngine, type Command, type EngineEvent, type PlaceCommand } from '../engine';
import { DELIVERY_ZONE, productsOfDay, tradingDays } from '../market/products';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { ENGINE_COMMAND, EngineJournal } from './engine-journal';
import { OrdersRepo } from './orders-repo';
import { projectEvents, type Projection } from './projection';
import { GroupCommitter } from '../store/group-commit';

interface Decision {
  events: EngineEvent[];
  projection: Projection;
}

export interface TradingOptions {
  /** A snapshot of the books every N journaled commands bounds the replay at start. */
  snapshotEvery: number;
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
  private nextOrderId = 1;
  private readonly options: TradingOptions;
  private readonly committer: GroupCommitter;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    options: Partial<TradingOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.journal = new EngineJournal(db);
    this.orders = new OrdersRepo(db);
    this.engine = this.recover();
    // If a whole batch fails to commit, the books in memory are ahead of the disk: rebuild them.
    this.committer = new GroupCommitter(db, 4_096, () => {
      this.engine = this.recover();
    });
    this.onClock();
  }

  /** Newest snapshot, then every journaled command after it: the books as they were at the crash. */
  private recover(): MatchingEngine {
    const snapshot = this.journal.latestSnapshot();
    const engine = snapshot ? MatchingEngine.restore(snapshot.state as never) : new MatchingEngine({ stp: 'cancel_resting' });
    let count = snapshot?.commandCount ?? 0;
    for (const { command } of this.journal.commandsAfter(snapshot?.eventSeq ?? 0)) {
      engine.apply(command as Command);
      count++;
    }
    this.commandCount = count;
    this.nextOrderId = this.orders.lastOrderId() + 1;
    return engine;
  }

  /**
   * One command: the engine decides, and its events and the command are written in the caller's
   * transaction. If the write fails the in-memory books are rebuilt from disk, so memory never runs
   * ahead of what is stored. Nothing is published here: only after the commit.
   */
  private decide(build: (seq: number) => Command, ctx: { now: number; commit: CallContext['commit'] }): Decision {
    const command = build(this.commandCount + 1);
    try {
      return ctx.commit((log: LogFn) => {
        const events = this.engine.apply(command);
        // A refused command changed nothing, so replay does not need it.
        if (events.some((e) => e.type !== 'rejected')) {
          log(ENGINE_COMMAND, command);
          this.commandCount++;
          this.sinceSnapshot++;
        }
        return { events, projection: projectEvents(events, this.orders, command, log) };
      });
    } catch (err) {
      this.engine = this.recover();
      throw err;
    }
  }

  private afterCommit(decision: Decision): EngineEvent[] {
    this.publish(decision.projection);
    if (this.sinceSnapshot >= this.options.snapshotEvery) this.snapshot();
    return decision.events;
  }

  /** For the clock: commits at once. */
  private execute(build: (seq: number) => Command, ctx: { now: number; commit: CallContext['commit'] }): EngineEvent[] {
    return this.afterCommit(this.decide(build, ctx));
  }

  /** For calls: joins the group commit, and answers once the batch is durable. */
  private async submit(build: (seq: number) => Command, ctx: { now: number; commit: CallContext['commit'] }): Promise<EngineEvent[]> {
    return this.afterCommit(await this.committer.submit(() => this.decide(build, ctx)));
  }

  private systemCommit(now: number): { now: number; commit: CallContext['commit'] } {
    return {
      now,
      commit: (change) => this.db.transaction(() => change((type, payload, actor) => this.log.append(now, actor ?? 'system', type, payload)))(),
    };
  }

  private publish(projection: Projection): void {
    for (const order of projection.orders) this.bus.publish('orders', order, { userIds: [order.ownerId] });
    for (const trade of projection.trades) {
      this.bus.publish('trades', { ...trade.view, ownSide: 'buy' }, { userIds: [trade.buyerId] });
      this.bus.publish('trades', { ...trade.view, ownSide: 'sell' }, { userIds: [trade.sellerId] });
    }
    for (const productId of projection.products) {
      if (this.engine.product(productId)) {
        const book = this.engine.book(productId, 20);
        if (book) this.bus.publish('book', book, 'all');
      }
    }
  }

  snapshot(): void {
    this.db.transaction(() => this.journal.saveSnapshot(this.log.head(), this.clock.now(), this.commandCount, this.engine.snapshot()))();
    this.sinceSnapshot = 0;
  }

  /** Time passes: today's and tomorrow's products exist, gates close, good-for-day orders expire. */
  onClock(): void {
    const now = this.clock.now();
    const ctx = this.systemCommit(now);
    for (const day of tradingDays(now)) {
      if (this.listedDays.has(day)) continue;
      this.listedDays.add(day);
      for (const product of productsOfDay(day)) {
        this.products.set(product.id, product);
        if (product.deliveryEnd <= now || this.engine.product(product.id)) continue;
        this.execute((seq) => ({ type: 'addProduct', seq, ts: now, product: { ...product, referencePrice: null } }), ctx);
      }
    }
    this.execute((seq) => ({ type: 'clock', seq, ts: now }), ctx);
    for (const [id, product] of this.products) {
      // A day after delivery a product can no longer change: drop it from memory and snapshots.
      if (product.deliveryEnd + 86_400_000 > now) continue;
      if (this.engine.product(id)) this.execute((seq) => ({ type: 'removeProduct', seq, ts: now, productId: id }), ctx);
      this.products.delete(id);
    }
  }

  close(): void {
    if (this.sinceSnapshot > 0) this.snapshot();
  }

  private endOfDeliveryDay(now: number): number {
    return DateTime.fromMillis(now, { zone: DELIVERY_ZONE }).endOf('day').toMillis() + 1;
  }

  handlers(): PartialHandlers<
    | 'products.list'
    | 'book.get'
    | 'orders.place'
    | 'orders.cancel'
    | 'orders.modify'
    | 'orders.cancelAll'
    | 'orders.list'
    | 'trades.list'
    | 'market.halt'
    | 'market.resume'
    | 'market.status'
    | 'risk.killSwitch'
  > {
    return {
      'products.list': (_input, ctx) => {
        const days = new Set(tradingDays(ctx.now));
        return [...this.products.values()].filter((p) => days.has(DateTime.fromMillis(p.deliveryStart, { zone: DELIVERY_ZONE }).toISODate() ?? ''));
      },

      'book.get': (input, ctx) => {
        const book = this.engine.book(input.productId, input.depth, ctx.caller?.userId ?? null);
        if (!book) fail('NOT_FOUND', `There is no product ${input.productId}.`, { field: 'productId' });
        return book;
      },

      'orders.place': async (input, ctx) => {
        const owner = ctx.caller?.userId ?? 0;
        if (input.clientOrderId && this.orders.clientIdTaken(owner, input.clientOrderId)) {
          fail('REJECTED', `You already used the client order id "${input.clientOrderId}".`, { field: 'clientOrderId', reason: 'DUPLICATE_CLIENT_ID' });
        }
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
        const order = this.orders.get(orderId);
        if (!order) fail('INTERNAL', 'The order was accepted but could not be read back.');
        return order;
      },

      'orders.cancel': async (input, ctx) => {
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

      'orders.modify': async (input, ctx) => {
        const owner = ctx.caller?.userId ?? 0;
        const existing = this.orders.get(input.orderId);
        if (!existing || existing.ownerId !== owner) fail('NOT_FOUND', `You have no order ${input.orderId}.`, { field: 'orderId' });
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
        return this.orders.get(input.orderId) as OrderView;
      },

      'orders.cancelAll': async (input, ctx) => {
        const owner = ctx.caller?.userId ?? 0;
        const events = await this.submit((seq) => ({ type: 'cancelAll', seq, ts: ctx.now, owner, productId: input.productId ?? null }), ctx);
        return { cancelled: events.filter((e) => e.type === 'cancelled').length };
      },

      'market.halt': async (_input, ctx) => {
        await this.submit((seq) => ({ type: 'halt', seq, ts: ctx.now }), ctx);
        this.bus.publish('market.halted', { halted: true }, 'all');
        return { halted: this.engine.halted };
      },

      'market.resume': async (_input, ctx) => {
        await this.submit((seq) => ({ type: 'resume', seq, ts: ctx.now }), ctx);
        this.bus.publish('market.halted', { halted: false }, 'all');
        return { halted: this.engine.halted };
      },

      'market.status': (_input, ctx) => ({ halted: this.engine.halted, killSwitch: this.engine.isKilled(ctx.caller?.userId ?? 0) }),

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

      'orders.list': (input, ctx) => {
        const all = input.scope === 'all' && (ctx.caller?.role === 'admin' || ctx.caller?.role === 'risk_manager');
        return this.orders.list(all ? null : (ctx.caller?.userId ?? 0), input.limit);
      },

      'trades.list': (input, ctx) => this.orders.trades(ctx.caller?.userId ?? 0, input.limit),
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
