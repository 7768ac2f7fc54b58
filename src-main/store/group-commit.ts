import type { Db } from './database';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Every caller of a batch that could not be stored hears this; nothing of the batch took effect. */
export class BatchFailedError extends Error {
  constructor(
    readonly size: number,
    override readonly cause: unknown,
  ) {
    super(`A batch of ${size} changes could not be stored (${cause instanceof Error ? cause.message : String(cause)}); none of them took effect.`);
    this.name = 'BatchFailedError';
  }
}

export interface GroupCommitOptions {
  /** A batch is committed at once when it reaches this many items (else at the next event-loop turn). */
  maxBatch: number;
  /**
   * 0: a batch is committed at the next event-loop turn. More: it waits this many ms for others to
   * join, for work whose callers need not wait on the disk (refusals): a burst costs one fsync per
   * interval instead of one per turn.
   */
  delayMs: number;
  /** Runs inside the batch's transaction before the first item (e.g. to reset cached sequence numbers). */
  onBatchStart: () => void;
  /** Runs inside the batch's transaction after the last item, before COMMIT (e.g. to write buffered rows). */
  onBatchEnd: () => void;
  /** A whole batch failed and was rolled back; called before its callers hear of it (e.g. to rebuild state). */
  onBatchFailure: (error: unknown) => void;
}

const DEFAULTS: GroupCommitOptions = { maxBatch: 4_096, delayMs: 0, onBatchStart: () => {}, onBatchEnd: () => {}, onBatchFailure: () => {} };

/**
 * Group commit: work submitted in the same turn of the event loop runs in one SQLite transaction,
 * and every caller is answered only after that transaction (and its fsync) is done. Many orders
 * arriving together cost one disk flush, and nothing is acknowledged before it is durable.
 *
 * There is no savepoint per item (it cost more than half the throughput): work must decide before it
 * writes, so that a refusal writes nothing and is returned as a value, not thrown. Anything thrown is
 * treated as a failed write: the whole batch is rolled back and every caller in it is rejected with a
 * BatchFailedError, after onBatchFailure has had the chance to rebuild in-memory state from disk.
 */
export class GroupCommitter {
  private pending: Pending[] = [];
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private batches = 0;
  private readonly options: GroupCommitOptions;

  constructor(
    private readonly db: Db,
    options: Partial<GroupCommitOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length >= this.options.maxBatch) this.flush();
      else if (!this.scheduled) this.schedule();
    });
  }

  private schedule(): void {
    this.scheduled = true;
    if (this.options.delayMs === 0) {
      setImmediate(() => this.flush());
      return;
    }
    this.timer = setTimeout(() => this.flush(), this.options.delayMs);
    // A pending batch must not keep a stopping process alive; its owner flushes it on close.
    this.timer.unref();
  }

  /** Commits everything submitted so far; returns how many items were in the batch. */
  flush(): number {
    this.scheduled = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.length === 0) return 0;
    this.pending = [];
    const values = new Array<unknown>(batch.length);
    try {
      this.db.transaction(() => {
        this.options.onBatchStart();
        for (let i = 0; i < batch.length; i++) values[i] = batch[i]!.work();
        this.options.onBatchEnd();
      })();
    } catch (error) {
      try {
        this.options.onBatchFailure(error);
      } catch (rebuildError) {
        // The callers must still hear that their batch is lost, whatever the rebuild did.
        console.error('[griddesk] rebuilding after a failed batch failed too:', rebuildError);
      }
      const failure = new BatchFailedError(batch.length, error);
      for (const item of batch) item.reject(failure);
      return batch.length;
    }
    this.batches++;
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(values[i]);
    return batch.length;
  }

  get committedBatches(): number {
    return this.batches;
  }
}
