/**
 * Integer id → object, open addressing with linear probing and backward-shift deletion (no
 * tombstones). A resting order costs a lookup, an insert and a delete; with a built-in Map those
 * were a third of the time of a busy book, here they are a few array reads.
 *
 * Ids are any safe integers; an empty slot holds EMPTY, which no integer equals. Iteration order is
 * NOT meaningful; nothing that emits events uses it.
 */
const EMPTY = 0.5;

export class IdIndex<T> {
  private keys = new Float64Array(1024).fill(EMPTY);
  private vals: (T | undefined)[] = new Array<T | undefined>(1024).fill(undefined);
  private mask = 1023;
  private count = 0;

  get size(): number {
    return this.count;
  }

  private slot(id: number): number {
    // Mix both 32-bit halves so ids that differ only above 2^32 spread too.
    const h = Math.imul((id | 0) ^ ((id / 4294967296) | 0), 0x9e3779b1);
    return (h ^ (h >>> 15)) & this.mask;
  }

  get(id: number): T | undefined {
    const keys = this.keys;
    let i = this.slot(id);
    for (;;) {
      const k = keys[i]!;
      if (k === id) return this.vals[i];
      if (k === EMPTY) return undefined;
      i = (i + 1) & this.mask;
    }
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, value: T): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const keys = this.keys;
    let i = this.slot(id);
    for (;;) {
      const k = keys[i]!;
      if (k === id) {
        this.vals[i] = value;
        return;
      }
      if (k === EMPTY) break;
      i = (i + 1) & this.mask;
    }
    keys[i] = id;
    this.vals[i] = value;
    this.count++;
  }

  delete(id: number): boolean {
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.slot(id);
    for (;;) {
      const k = keys[i]!;
      if (k === id) break;
      if (k === EMPTY) return false;
      i = (i + 1) & mask;
    }
    // Shift back every following entry that may no longer be reachable across the hole.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j]!;
      if (k === EMPTY) break;
      const home = this.slot(k);
      // Entry j must stay unless its home lies cyclically outside (i, j].
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      keys[i] = k;
      vals[i] = vals[j];
      i = j;
    }
    keys[i] = EMPTY;
    vals[i] = undefined;
    this.count--;
    return true;
  }

  values(): T[] {
    const out: T[] = [];
    for (let i = 0; i <= this.mask; i++) if (this.keys[i] !== EMPTY) out.push(this.vals[i]!);
    return out;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = (this.mask + 1) * 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.vals = new Array<T | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== EMPTY) this.set(oldKeys[i]!, oldVals[i]!);
  }
}
