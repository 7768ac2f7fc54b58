import type { LevelChange } from '../../src-shared/domain/book-delta';
import { ChangedLevels } from './changed-levels';
import { K_MARKET, type Order } from './order';

/** One price level: an intrusive doubly linked FIFO of orders, so unlinking any order is O(1). */
export class Level {
  price = 0;
  /** Displayed quantity: visible part of orders that are not all-or-none. */
  qty = 0;
  /** All orders in the queue, all-or-none included. */
  count = 0;
  /** Orders that count in the displayed quantity (not all-or-none). */
  shown = 0;
  head: Order | null = null;
  tail: Order | null = null;
  /** The ChangedLevels round in which this level was last marked changed; -1 for none. */
  mark = -1;
  /** Where its record is in ChangedLevels, while marked. */
  recordAt = 0;
}

const bestBidFirst = (a: LevelChange, b: LevelChange): number => b.price - a.price;
const bestAskFirst = (a: LevelChange, b: LevelChange): number => a.price - b.price;

/**
 * One side of a book: levels in a sorted array with the BEST price at the END, so the levels that
 * matching consumes and creates most are popped and pushed without moving the rest. A parallel
 * array of plain numbers holds the sort keys, so a search reads one compact array, not the levels.
 */
export class BookSide {
  readonly levels: Level[] = [];
  /** keys[i] is levels[i]'s price for bids, its negation for asks: ascending either way. */
  private readonly keys: number[] = [];
  private readonly spare: Level[] = [];
  /** All-or-none and market orders on this side: lets the auction skip walking the whole book. */
  aonCount = 0;
  marketCount = 0;
  /** Every change to a level's displayed quantity or order count is marked here first. */
  readonly changes: ChangedLevels;

  constructor(readonly isBid: boolean) {
    this.changes = new ChangedLevels(this, isBid ? bestBidFirst : bestAskFirst);
  }

  best(): Level | undefined {
    return this.levels[this.levels.length - 1];
  }

  private key(price: number): number {
    // 0 - price, not -price: a -0 would turn the keys into a double array.
    return this.isBid ? price : 0 - price;
  }

  /** Index of the level at `price`, or -(insertion point) - 1. */
  find(price: number): number {
    const keys = this.keys;
    const key = this.key(price);
    let hi = keys.length - 1;
    // Most activity is near the best price, i.e. near the end: check it first.
    if (hi >= 0) {
      const top = keys[hi]!;
      if (key === top) return hi;
      if (key > top) return -(hi + 1) - 1;
    }
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  levelFor(price: number): Level {
    const i = this.find(price);
    if (i >= 0) return this.levels[i]!;
    const at = -i - 1;
    const level = this.spare.pop() ?? new Level();
    level.price = price;
    level.qty = 0;
    level.count = 0;
    level.shown = 0;
    level.head = null;
    level.tail = null;
    level.mark = -1;
    if (at === this.levels.length) {
      this.levels.push(level);
      this.keys.push(this.key(price));
    } else {
      this.levels.splice(at, 0, level);
      this.keys.splice(at, 0, this.key(price));
    }
    return level;
  }

  /** Appends at the back of the queue of its price (the order's fields must be set). */
  append(o: Order): void {
    const level = this.levelFor(o.price);
    o.level = level;
    o.prev = level.tail;
    o.next = null;
    if (level.tail === null) level.head = o;
    else level.tail.next = o;
    level.tail = o;
    level.count++;
    if (!o.aon) {
      this.changes.touch(level);
      level.qty += o.visible;
      level.shown++;
    } else this.aonCount++;
    if (o.kind === K_MARKET) this.marketCount++;
  }

  /** Takes the order out of its queue; drops the level when it empties. */
  remove(o: Order): void {
    const level = o.level!;
    this.unlink(level, o);
    if (level.count === 0) this.dropLevel(level);
  }

  unlink(level: Level, o: Order): void {
    if (o.prev === null) level.head = o.next;
    else o.prev.next = o.next;
    if (o.next === null) level.tail = o.prev;
    else o.next.prev = o.prev;
    o.prev = null;
    o.next = null;
    o.level = null;
    level.count--;
    if (!o.aon) {
      this.changes.touch(level);
      level.qty -= o.visible;
      level.shown--;
    } else this.aonCount--;
    if (o.kind === K_MARKET) this.marketCount--;
  }

  /** Changes the displayed quantity of a level (a fill, an iceberg refill, a shrink in place). */
  addQty(level: Level, delta: number): void {
    this.changes.touch(level);
    level.qty += delta;
  }

  levelAt(price: number): Level | null {
    const i = this.find(price);
    return i >= 0 ? this.levels[i]! : null;
  }

  /** Re-queues an order at the back of its own level (iceberg refill): it loses time priority. */
  moveToTail(level: Level, o: Order): void {
    if (level.tail === o) return;
    if (o.prev === null) level.head = o.next;
    else o.prev.next = o.next;
    o.next!.prev = o.prev;
    o.prev = level.tail;
    o.next = null;
    level.tail!.next = o;
    level.tail = o;
  }

  dropLevel(level: Level): void {
    const last = this.levels.length - 1;
    if (this.levels[last] === level) this.dropLevelAt(last);
    else {
      const i = this.find(level.price);
      if (i >= 0) this.dropLevelAt(i);
    }
  }

  dropLevelAt(i: number): void {
    const level = this.levels[i]!;
    this.changes.dropped(level);
    if (i === this.levels.length - 1) {
      this.levels.pop();
      this.keys.pop();
    } else {
      this.levels.splice(i, 1);
      this.keys.splice(i, 1);
    }
    if (this.spare.length < 4096) this.spare.push(level);
  }

  /** Every order, best level first, each level in queue order. */
  forEach(fn: (o: Order) => void): void {
    const levels = this.levels;
    for (let i = levels.length - 1; i >= 0; i--) {
      let o = levels[i]!.head;
      while (o !== null) {
        const next = o.next;
        fn(o);
        o = next;
      }
    }
  }

  isEmpty(): boolean {
    return this.levels.length === 0;
  }
}
