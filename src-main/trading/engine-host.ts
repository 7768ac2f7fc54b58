import { fail } from '../../src-shared/domain/errors';
import type { ProductView } from '../../src-shared/domain/schemas';
import type { CallContext, LogFn } from '../api/context';
import type { Clock } from '../core/clock';
import { MatchingEngine, type Command, type EngineEvent } from '../engine';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { BatchFailedError, GroupCommitter } from '../store/group-commit';
import { AuctionSchedule } from './auction-schedule';
import type { BookPublisher } from './book-publisher';
import { EngineJournal, JournalDamagedError } from './engine-journal';
import type { OrdersRepo } from './orders-repo';
import { projectEvents, type Projection } from './projection';

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

export interface EngineHostOptions {
  /**
   * A snapshot of the books every N journaled commands bounds the replay at start. When the last
   * snapshot wrote more orders than N, the next waits that many commands instead: 100,000 resting
   * orders written every 2,000 commands spent most of the terminal's time re-serializing books.
   */
  snapshotEvery: number;
}

/**
 * The matching engine, kept in memory and on disk together. Each command is journaled in the same
 * transaction as its projections (blotter rows, trades): an order the caller sees acknowledged is
 * on disk, and the books rebuild from snapshot + journal after any crash. Calls join one group
 * commit per event-loop turn; the clock's commands commit on their own. Nothing is published until
 * its transaction has committed.
 */
export class EngineHost {
  private current: MatchingEngine;
  private readonly journal: EngineJournal;
  private readonly committer: GroupCommitter;
  private readonly schedule = new AuctionSchedule();
  private commandCount = 0;
  private sinceSnapshot = 0;
  /** Commands between snapshots: see EngineHostOptions.snapshotEvery. */
  private snapshotInterval = 0;
  private lastOrderId = 0;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly orders: OrdersRepo,
    private readonly publisher: (engine: () => MatchingEngine) => BookPublisher,
    private readonly clock: Clock,
    private readonly options: EngineHostOptions,
    /** The products whose auctions the schedule tracks, for rebuilding it. */
    private readonly listedProducts: () => Iterable<ProductView>,
  ) {
    this.journal = new EngineJournal(db, log.terminalId);
    this.current = this.recover();
    this.committer = new GroupCommitter(db, {
      maxBatch: 4_096,
      onBatchStart: () => this.journal.forget(),
      onBatchEnd: () => this.journal.sync(),
      // The whole batch was rolled back, so the books in memory are ahead of the disk: rebuild them.
      onBatchFailure: () => this.rebuild(),
    });
    this.books = publisher(() => this.current);
    this.books.reset();
  }

  private readonly books: BookPublisher;

  get engine(): MatchingEngine {
    return this.current;
  }

  get bookPublisher(): BookPublisher {
    return this.books;
  }

  /** The next order id: ids are taken before the engine decides, so a refused order leaves a gap. */
  takeOrderId(): number {
    return ++this.lastOrderId;
  }

  /**
   * Newest snapshot, then every journaled command after it: the books as they were at the crash. A
   * snapshot that cannot be read falls back to the one kept before it (and, past the last, to the
   * whole journal), since the journal after an older snapshot still holds every command. A journal
   * row that cannot be read or applied stops the start (JournalDamagedError): nothing is written.
   */
  private recover(): MatchingEngine {
    let restored: { engine: MatchingEngine; eventSeq: number; commandCount: number } | null = null;
    for (const row of this.journal.snapshots()) {
      try {
        const snapshot = row.parse();
        restored = { engine: MatchingEngine.restore(snapshot.state as never), eventSeq: snapshot.eventSeq, commandCount: snapshot.commandCount };
        break;
      } catch {
        // Damaged: the older snapshot (or the journal from its start) rebuilds the same books.
      }
    }
    const engine = restored?.engine ?? new MatchingEngine({ stp: 'cancel_resting' });
    let count = restored?.commandCount ?? 0;
    for (const { seq, command } of this.journal.commandsAfter(restored?.eventSeq ?? 0)) {
      try {
        engine.apply(command);
      } catch {
        throw new JournalDamagedError(seq);
      }
      count++;
    }
    this.commandCount = count;
    this.lastOrderId = this.orders.lastOrderId();
    return engine;
  }

  /**
   * One command, inside an open write transaction: the engine decides first, then the command (if it
   * changed anything) and its projections are written. A refusal is an event, never a throw, so a
   * command needs no savepoint of its own; anything thrown here means the write failed, and the
   * caller's transaction is rolled back and the books rebuilt from disk (memory never runs ahead of
   * what is stored).
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
      .takeDue(now)
      // A product has one auction: what it leaves unfilled ends there, with the auction's price.
      .map((productIds) => this.applyOne({ type: 'auction', seq: this.commandCount + 1, ts: now, productIds, final: true }, system).projection);
  }

  private systemWriter(now: number): Writer {
    return { now, actor: 'system', audit: (type, payload, actor) => this.journal.append(now, actor ?? 'system', type, payload) };
  }

  /** A write failed and its transaction was rolled back: memory goes back to what is on disk. */
  private rebuild(): void {
    this.journal.forget();
    this.current = this.recover();
    this.rebuildSchedule(this.clock.now());
  }

  rebuildSchedule(now: number): void {
    this.schedule.clear();
    const auctioned = this.orders.latestAuctionResults();
    for (const product of this.listedProducts()) this.schedule.add(product, auctioned, now);
  }

  /** Whether an auction product still waits for its auction. */
  awaitsAuction(productId: string): boolean {
    return this.schedule.waiting(productId);
  }

  private applyOne(command: Command, writer: Writer): Decision {
    const events = this.current.apply(command);
    // A refused command changed nothing, so replay does not need it.
    if (events.some((e) => e.type !== 'rejected')) {
      this.journal.appendCommand(writer.now, writer.actor, command);
      this.commandCount++;
      this.sinceSnapshot++;
    }
    return { events, projection: projectEvents(events, this.orders, command, writer.audit) };
  }

  private afterCommit(decision: Decision): EngineEvent[] {
    this.books.publish(decision.projection);
    if (this.sinceSnapshot >= Math.max(this.options.snapshotEvery, this.snapshotInterval)) this.snapshot();
    return decision.events;
  }

  /** Clock commands in one transaction of their own: listing a day's products costs one fsync, not hundreds. */
  executeAll(builds: ReadonlyArray<(seq: number) => Command>, now: number): EngineEvent[][] {
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

  execute(build: (seq: number) => Command, now: number): EngineEvent[] {
    return this.executeAll([build], now)[0] ?? [];
  }

  /** For calls: joins the group commit, and answers once the batch is durable. */
  async submit(build: (seq: number) => Command, ctx: CallContext | TradingWriter): Promise<EngineEvent[]> {
    const writer = 'commit' in ctx ? this.callWriter(ctx) : this.portWriter(ctx);
    let decision: Decision;
    try {
      decision = await this.committer.submit(() => this.decide(build, writer));
    } catch (err) {
      if (err instanceof BatchFailedError) {
        fail('INTERNAL', 'The terminal could not store this request in its journal, so it did not take effect. Please try again.', { reason: 'JOURNAL_FAILED' });
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

  /** A change another domain makes through the trading port: journaled under that domain's actor. */
  private portWriter(actor: TradingWriter): Writer {
    return { now: actor.now, actor: actor.username, audit: (type, payload, who) => this.journal.append(actor.now, who ?? actor.username, type, payload) };
  }

  snapshot(): void {
    this.db.transaction(() => this.journal.saveSnapshot(this.log.head(), this.clock.now(), this.commandCount, this.current.snapshot()))();
    this.sinceSnapshot = 0;
    // As many commands as the snapshot wrote orders: its cost per command stays constant, and a
    // replay at start never runs more commands than the books held.
    this.snapshotInterval = this.current.restingOrders;
  }

  close(): void {
    if (this.sinceSnapshot > 0) this.snapshot();
  }
}

/** Who a port call's change is journaled for (the trading port's actor). */
export interface TradingWriter {
  username: string;
  now: number;
}
