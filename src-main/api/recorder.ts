import type { EventName, Events } from '../../src-shared/contract';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import type { Change, LogFn, PublishFn } from './context';
import type { Audience, EventBus } from './event-bus';

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
  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly bus: EventBus,
  ) {}

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

  private flush(pending: readonly Pending[]): void {
    for (const event of pending) this.bus.publish(event.name, event.payload, event.audience);
  }
}
