import type { Db } from './database';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: work submitted in the same turn of the event loop runs in one SQLite transaction,
 * each item in its own savepoint, and every caller is answered only after that transaction (and its
 * fsync) is done. Many orders arriving together cost one disk flush, and nothing is acknowledged
 * before it is durable.
 */
export class GroupCommitter {
  private pending: Pending[] = [];
  private scheduled = false;
  private batches = 0;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 4_096,
    /** Called when a whole batch failed to commit, before its callers hear of it. */
    private readonly onBatchFailure: (error: unknown) => void = () => {},
  ) {}

  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything submitted so far; returns how many items were in the batch. */
  flush(): number {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return 0;
    this.pending = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          try {
            // A nested transaction is a savepoint: one failing item rolls back alone.
            outcomes.push({ ok: true, value: this.db.transaction(item.work)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      this.onBatchFailure(error);
      for (const item of batch) item.reject(error);
      return batch.length;
    }
    this.batches++;
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
    return batch.length;
  }

  get committedBatches(): number {
    return this.batches;
  }
}
