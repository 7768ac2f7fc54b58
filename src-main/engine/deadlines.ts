/**
 * Good-for-day deadlines as a binary min-heap on (time, order id). Entries are never removed when an
 * order dies early; a popped entry is simply ignored when its order is gone. Ordering on the id as
 * well makes the expiry order independent of the heap's history, so a restored engine agrees.
 */
export class DeadlineHeap {
  private readonly ats: number[] = [];
  private readonly ids: number[] = [];

  get size(): number {
    return this.ats.length;
  }

  peekAt(): number {
    return this.ats.length === 0 ? Number.POSITIVE_INFINITY : this.ats[0]!;
  }

  push(at: number, id: number): void {
    const ats = this.ats;
    const ids = this.ids;
    let i = ats.length;
    ats.push(at);
    ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(at, id, ats[parent]!, ids[parent]!)) break;
      ats[i] = ats[parent]!;
      ids[i] = ids[parent]!;
      i = parent;
    }
    ats[i] = at;
    ids[i] = id;
  }

  /** Removes the earliest entry and returns its order id. */
  pop(): number {
    const ats = this.ats;
    const ids = this.ids;
    const top = ids[0]!;
    const lastAt = ats.pop()!;
    const lastId = ids.pop()!;
    const n = ats.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(ats[r]!, ids[r]!, ats[l]!, ids[l]!) ? r : l;
      if (!this.less(ats[c]!, ids[c]!, lastAt, lastId)) break;
      ats[i] = ats[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    ats[i] = lastAt;
    ids[i] = lastId;
    return top;
  }

  private less(a: number, aid: number, b: number, bid: number): boolean {
    return a < b || (a === b && aid < bid);
  }
}
