import type { Lot } from './fifo-position';

/** Consumed lots kept at the front of a buffer before it is compacted. */
const COMPACT_AFTER = 1_024;

/**
 * The open lots of a position, oldest first, as an immutable queue. Successive positions share one
 * append-only buffer, each seeing its own window of it, so adding a lot or closing the oldest ones
 * costs O(1) instead of a copy of every open lot: a desk (or the simulator) that keeps adding to
 * one position all day would otherwise pay for all its earlier fills on every new one.
 *
 * Only the newest queue of a buffer appends in place; a second append to an older one (a what-if on
 * a past position) copies its window first, so no queue ever sees another's lots.
 */
export class LotQueue {
  static readonly empty = new LotQueue([], 0, 0, null);

  private constructor(
    private readonly buffer: Lot[],
    private readonly start: number,
    private readonly end: number,
    /** Replaces buffer[start] when the oldest lot was closed in part. */
    private readonly head: Lot | null,
  ) {}

  static of(lots: readonly Lot[]): LotQueue {
    return new LotQueue([...lots], 0, lots.length, null);
  }

  get length(): number {
    return this.end - this.start;
  }

  at(index: number): Lot | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return index === 0 && this.head !== null ? this.head : this.buffer[this.start + index];
  }

  push(lot: Lot): LotQueue {
    // Every position starts from the one shared empty queue: its buffer is never appended to.
    if (this.length === 0) return new LotQueue([lot], 0, 1, null);
    // Consumed lots are dropped from memory once they outnumber the open ones (amortized O(1)).
    if (this.end === this.buffer.length && this.start < Math.max(COMPACT_AFTER, this.length)) {
      this.buffer.push(lot);
      return new LotQueue(this.buffer, this.start, this.end + 1, this.head);
    }
    const copy = this.toArray();
    copy.push(lot);
    return new LotQueue(copy, 0, copy.length, null);
  }

  /** Without its `count` oldest lots, and with `partial` (if any) in place of the new oldest one. */
  dropOldest(count: number, partial: Lot | null): LotQueue {
    const start = Math.min(this.end, this.start + count);
    if (partial !== null && start === this.end) throw new RangeError('a partial lot needs a lot to replace');
    return new LotQueue(this.buffer, start, this.end, partial ?? (count === 0 ? this.head : null));
  }

  toArray(): Lot[] {
    const out: Lot[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i)!);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<Lot> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}
