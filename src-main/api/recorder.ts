import type { EventName, Events } from '../../src-shared/contract';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import type { Change, LogFn, PublishFn } from './context';
import type { Audience, EventBus } from './event-bus';
import { RefusalLog, type Refusal, type RefusalPolicy } from './refusals';

interface Pending {
  name: EventName;
  payload: Events[EventName];
  audience: Audience;
}

/**
 * The one way state changes are written: the change, its entries in the event log and nothing else
 * in one SQLite transaction, and the events it announces published only after that transaction has
 * committed. The router's `ctx.commit` and every background job (device ingest, the simulator's
 * set-up, clock-driven work) go through here, so "a change is on disk with its record before
 * anyone hears of it" holds in one place.
 */
export class Recorder {
  private readonly refusals: RefusalLog;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly bus: EventBus,
    refusalPolicy: Partial<RefusalPolicy> = {},
  ) {
    this.refusals = new RefusalLog(db, log, refusalPolicy);
  }

  get terminalId(): string {
    return this.log.terminalId;
  }

  /**
   * Runs `change` in a write transaction (or inside the one already open, whose commit then decides).
   * `onLogged` counts entries, for the router's "every state-changing call leaves a trace" rule.
   */
  commit<T>(now: number, actor: string | null, change: Change<T>, onLogged?: () => void): T {
    const pending: Pending[] = [];
    const log: LogFn = (type, payload, who) => {
      onLogged?.();
      this.log.append(now, who ?? actor, type, payload);
    };
    const publish: PublishFn = (name, payload, audience) => {
      pending.push({ name, payload, audience });
    };
    const nested = this.db.inTransaction;
    const result = this.db.transaction(() => change(log, publish))();
    // Inside a transaction someone else opened (a group commit), that one's commit decides: its
    // owner publishes what it changed, after that commit, so nothing may be queued here.
    if (nested && pending.length > 0) throw new Error('Events cannot be published from inside a transaction this commit did not open.');
    this.flush(pending);
    return result;
  }

  /** Appends to the write transaction that is open now (a group commit's); throws outside one. */
  append(now: number, actor: string | null, type: string, payload: unknown): void {
    this.log.append(now, actor, type, payload);
  }

  /**
   * Records a refusal in the audit trail without a transaction of its own: it is batched with other
   * refusals and throttled per source (see RefusalLog). Safe to call anywhere, inside an open
   * transaction too, since its row is written by the refusals' own commit, which a rollback here
   * does not undo. Never throws. The router records every refused call by itself; a domain calls
   * this (or `ctx.refused`) only for a refusal that is not a failed call, or to say more than the
   * error code does.
   */
  refusal(now: number, refusal: Refusal): void {
    this.refusals.record(now, refusal);
  }

  /**
   * Writes the refusals recorded so far, and the summaries of throttled sources, now: before the
   * trail is read or checked, at a checkpoint and when the terminal stops.
   */
  flushRefusals(now: number): void {
    this.refusals.flush(now);
  }

  /** Ends the windows of sources that have been quiet long enough (their summaries are written). */
  sweepRefusals(now: number): void {
    this.refusals.sweep(now);
  }

  get refusalBatches(): number {
    return this.refusals.committedBatches;
  }

  closeRefusals(now: number): void {
    this.refusals.close(now);
  }

  private flush(pending: readonly Pending[]): void {
    for (const event of pending) this.bus.publish(event.name, event.payload, event.audience);
  }
}
