import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { GroupCommitter } from '../store/group-commit';

/**
 * One refused request, as the audit trail keeps it. `source` is whom the throttle counts it
 * against (see `refusalSource`); `type` is 'refused' for the router's own entries, or a domain's
 * own kind ('delivery.refused') when the domain has more to say than the error code.
 */
export interface Refusal {
  source: string;
  actor: string | null;
  type: string;
  payload: Record<string, unknown>;
}

export interface RefusalPolicy {
  /** Refusals of one source written per window; the rest are counted into one summary row. */
  perSourcePerWindow: number;
  /** Refusals of all sources written per window, so many sources cannot flood the log together. */
  allSourcesPerWindow: number;
  windowMs: number;
  /** How long written refusals wait for others before their one transaction (and fsync). */
  flushDelayMs: number;
  /** Sources tracked at once; beyond this every new source counts as one ('overflow'). */
  maxSources: number;
}

export const DEFAULT_REFUSAL_POLICY: RefusalPolicy = {
  perSourcePerWindow: 50,
  allSourcesPerWindow: 1_000,
  windowMs: 10_000,
  flushDelayMs: 100,
  maxSources: 10_000,
};

/** The event type of the row that stands for the refusals a throttled source did not get written. */
export const REFUSALS_SUPPRESSED = 'audit.refusals_suppressed';

const OVERFLOW_SOURCE = 'overflow';

interface SourceWindow {
  source: string;
  start: number;
  written: number;
  suppressed: number;
  firstSuppressed: number;
  lastSuppressed: number;
  /** Suppressed refusals by kind ('refused:FORBIDDEN', 'auth.login_refused', …), for the summary. */
  kinds: Map<string, number>;
}

function kindOf(refusal: Refusal): string {
  const code = refusal.payload['code'];
  return typeof code === 'string' ? `${refusal.type}:${code}` : refusal.type;
}

/**
 * Where every refusal goes: written, but never with a transaction and fsync of its own on the path
 * of the refused call. Entries join one group commit that waits `flushDelayMs` for others, so a burst
 * of 2,000 refused calls costs a handful of transactions instead of 2,000 fsyncs that hold up every
 * other client. Each source (a user, a remote address) gets `perSourcePerWindow` rows per window and kind;
 * what it sends beyond that is counted and written as one `audit.refusals_suppressed` row when its
 * window ends, at the next flush, or when the terminal stops.
 *
 * `record` never throws and never waits: a refusal's answer does not depend on its audit row.
 */
export class RefusalLog {
  private readonly committer: GroupCommitter;
  private readonly policy: RefusalPolicy;
  private readonly windows = new Map<string, SourceWindow>();
  private allWindow = { start: Number.NEGATIVE_INFINITY, written: 0 };
  private closed = false;

  private lastFailure: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    policy: Partial<RefusalPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_REFUSAL_POLICY, ...policy };
    // Never committed on reaching a size: a refusal is often recorded inside another write's open
    // transaction (a pre-trade check in the trading batch), which its rows must not join. The
    // throttle bounds what can be pending: allSourcesPerWindow rows and a summary per source.
    this.committer = new GroupCommitter(db, { maxBatch: Number.MAX_SAFE_INTEGER, delayMs: this.policy.flushDelayMs });
  }

  record(now: number, refusal: Refusal): void {
    if (this.closed) return;
    const window = this.windowOf(refusal.source, refusal.type, now);
    if (now - this.allWindow.start >= this.policy.windowMs) this.allWindow = { start: now, written: 0 };
    if (window.written < this.policy.perSourcePerWindow && this.allWindow.written < this.policy.allSourcesPerWindow) {
      window.written++;
      this.allWindow.written++;
      this.write(now, refusal.actor, refusal.type, refusal.payload);
      return;
    }
    if (window.suppressed === 0) window.firstSuppressed = now;
    window.suppressed++;
    window.lastSuppressed = now;
    const kind = kindOf(refusal);
    window.kinds.set(kind, (window.kinds.get(kind) ?? 0) + 1);
  }

  /**
   * Summaries for windows that have ended, and forgets them; the core runs this on its clock tick.
   * With `all`, also for windows still open (a reader of the trail, a checkpoint, the terminal
   * stopping): everything known is then written, and the window goes on counting from zero.
   */
  sweep(now: number, all = false): void {
    for (const [key, window] of this.windows) {
      const ended = now - window.start >= this.policy.windowMs;
      if (window.suppressed > 0 && (ended || all)) this.summarise(now, window);
      if (ended) this.windows.delete(key);
    }
  }

  /** Writes every refusal recorded so far, and the summaries of every throttled source, now. */
  flush(now: number): void {
    this.sweep(now, true);
    // Inside someone else's transaction the rows would join it; the timer commits them instead.
    if (!this.db.inTransaction) this.committer.flush();
  }

  /** Batches the terminal has committed for refusals (a burst should cost few of them). */
  get committedBatches(): number {
    return this.committer.committedBatches;
  }

  close(now: number): void {
    this.flush(now);
    this.closed = true;
  }

  /**
   * A source's window for one kind of entry: the router's generic refusals ('refused') are counted
   * apart from a domain's own ('auth.login_refused'), so a flood of one kind (rate-limited sign-ins)
   * cannot use up the rows that say which passwords were actually checked.
   */
  private windowOf(source: string, type: string, now: number): SourceWindow {
    let key = `${source}\u0000${type}`;
    let window = this.windows.get(key);
    if (window && now - window.start >= this.policy.windowMs) {
      if (window.suppressed > 0) this.summarise(now, window);
      this.windows.delete(key);
      window = undefined;
    }
    if (window) return window;
    if (this.windows.size >= this.policy.maxSources) {
      key = OVERFLOW_SOURCE;
      window = this.windows.get(key);
      if (window) return window;
    }
    window = { source: key === OVERFLOW_SOURCE ? OVERFLOW_SOURCE : source, start: now, written: 0, suppressed: 0, firstSuppressed: 0, lastSuppressed: 0, kinds: new Map() };
    this.windows.set(key, window);
    return window;
  }

  private summarise(now: number, window: SourceWindow): void {
    this.write(now, null, REFUSALS_SUPPRESSED, {
      source: window.source,
      suppressed: window.suppressed,
      from: window.firstSuppressed,
      to: window.lastSuppressed,
      kinds: Object.fromEntries(window.kinds),
    });
    window.suppressed = 0;
    window.kinds = new Map();
  }

  private write(now: number, actor: string | null, type: string, payload: Record<string, unknown>): void {
    this.committer
      .submit(() => this.log.append(now, actor, type, payload))
      // The refused caller has had its answer; a lost audit row is the operator's to hear about.
      .catch((err: unknown) => {
        // Every row of a failed batch hears the same error: tell the operator once per batch.
        if (err === this.lastFailure) return;
        this.lastFailure = err;
        console.error('[griddesk] refusals could not be written to the audit trail:', err);
      });
  }
}

/**
 * Whom a refusal is counted against: the signed-in user, else the remote address the request came
 * from, else the local window (or the core itself).
 */
export function refusalSource(caller: { userId: number } | null, connection: { remoteAddress?: string | null; trustedLocal: boolean }): string {
  if (caller) return `user:${caller.userId}`;
  if (connection.remoteAddress) return `address:${connection.remoteAddress}`;
  return connection.trustedLocal ? 'local' : 'anonymous';
}
