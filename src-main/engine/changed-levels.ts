import type { LevelChange } from '../../src-shared/domain/book-delta';
import type { Level } from './book';

/** Record slots (three numbers a record) a side may fill without being taken before they are compacted. */
const COMPACT_AT = 3 * 4096;
/** In a record's price slot: the record was dropped. Prices are integers, so no price equals it. */
const GONE = 0.5;
/** Scratch for keeping the first record of each price; cleared after every use. */
const seen = new Set<number>();

/** What the tracker needs of its book side. */
export interface LevelLookup {
  levelAt(price: number): Level | null;
}

/**
 * The changed depth of one book side, tracked the way liquibook's DepthOrderBook does it: before a
 * level's displayed quantity or order count first changes in a round, touch() records its price
 * and the quantity and order count it showed, as flat number triples, so the matching path
 * allocates nothing. Taking the changes compares each recorded price with what it shows now and
 * starts a new round, which unmarks every level at once.
 *
 * A price recurs when its level emptied and came back as a new Level: its first record holds the
 * baseline. A level that appeared and went again within the round changed nothing, so its record
 * is dropped with it; that keeps the records of a busy book near the number of levels it changed.
 */
export class ChangedLevels {
  private records: number[] = [];
  /** Levels whose `mark` equals it are marked in this round. */
  round = 0;
  private compactAt = COMPACT_AT;

  constructor(
    private readonly side: LevelLookup,
    private readonly bestFirst: (a: LevelChange, b: LevelChange) => number,
  ) {}

  /** Marks the level changed in this round, remembering what it showed before: call before changing it. */
  touch(level: Level): void {
    // Small enough to be inlined into the matching loop; the first touch in a round is the rare case.
    if (level.mark !== this.round) this.mark(level);
  }

  private mark(level: Level): void {
    // Compacting first: the level touched now still shows its baseline and would be unmarked.
    if (this.records.length >= this.compactAt) this.compact();
    level.mark = this.round;
    level.recordAt = this.records.length;
    this.records.push(level.price, level.qty, level.shown);
  }

  /** The level has emptied and leaves the book. */
  dropped(level: Level): void {
    if (level.mark === this.round) this.forget(level);
  }

  private forget(level: Level): void {
    const records = this.records;
    const at = level.recordAt;
    // A baseline of nothing, and nothing now: no change (an earlier record of the price, if any, stays).
    if (records[at + 1] !== 0 || records[at + 2] !== 0) return;
    records[at] = GONE;
    // pop(), not a shorter length: setting the length is a runtime call, popping is inlined.
    while (records.length > 0 && records[records.length - 3] === GONE) {
      records.pop();
      records.pop();
      records.pop();
    }
  }

  /** The levels that show something else than when last taken, best first; quantity 0 = gone. */
  take(): LevelChange[] {
    const out: LevelChange[] = [];
    const records = this.records;
    for (let k = 0; k < records.length; k += 3) {
      const price = records[k]!;
      if (price === GONE || seen.has(price)) continue;
      seen.add(price);
      const level = this.side.levelAt(price);
      const orders = level === null ? 0 : level.shown;
      // All-or-none orders do not show, so a level of only those shows nothing.
      const quantity = orders === 0 ? 0 : level!.qty;
      if (quantity !== records[k + 1] || orders !== records[k + 2]) out.push({ price, quantity, orders });
    }
    seen.clear();
    this.discard();
    return out.sort(this.bestFirst);
  }

  /** Starts a new round with nothing pending (a restored book is its own baseline). */
  discard(): void {
    this.records.length = 0;
    this.round++;
    this.compactAt = COMPACT_AT;
  }

  /**
   * The pending records of a side that is going away, for the product that may be added again
   * under its id: what was last taken of its levels is still what a taker knows of them.
   */
  carry(): number[] {
    this.compact();
    const carried = this.records;
    this.records = [];
    this.discard();
    return carried;
  }

  /** Takes over the records carried from a removed side of the same product id (this side is new). */
  adopt(carried: readonly number[]): void {
    for (const x of carried) this.records.push(x);
  }

  /**
   * Keeps one record per price, and only for prices that show something else than their baseline:
   * a level back at its baseline is unmarked, as if untouched. Bounds the records of a book whose
   * changes nobody takes by its changed levels, not by its history.
   */
  private compact(): void {
    const records = this.records;
    let n = 0;
    for (let k = 0; k < records.length; k += 3) {
      const price = records[k]!;
      if (price === GONE || seen.has(price)) continue;
      seen.add(price);
      const quantity = records[k + 1]!;
      const orders = records[k + 2]!;
      const level = this.side.levelAt(price);
      const nowOrders = level === null ? 0 : level.shown;
      const nowQuantity = nowOrders === 0 ? 0 : level!.qty;
      if (nowQuantity === quantity && nowOrders === orders) {
        if (level !== null) level.mark = -1;
        continue;
      }
      // The live level at this price now answers for the price's one record.
      if (level !== null && level.mark === this.round) level.recordAt = n;
      records[n] = price;
      records[n + 1] = quantity;
      records[n + 2] = orders;
      n += 3;
    }
    seen.clear();
    records.length = n;
    this.compactAt = Math.max(COMPACT_AT, 2 * n);
  }
}
