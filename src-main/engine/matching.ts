import { type Order, STP_CANCEL_INCOMING, STP_CANCEL_RESTING, STP_NONE } from './order';
import type { Product } from './product';
import type { EngineState } from './state';

/**
 * Continuous matching of one incoming order against the opposite side: best price first, FIFO
 * within a price, each trade at the resting order's price. A resting all-or-none order is passed
 * over (it stays) unless the incoming order can take all of it. An iceberg whose peak is consumed
 * shows its next peak at the back of its level's queue.
 *
 * Returns true when self-trade prevention cancelled the incoming order's remainder.
 */
export function execute(s: EngineState, p: Product, taker: Order): boolean {
  const side = taker.buy ? p.asks : p.bids;
  const levels = side.levels;
  const buy = taker.buy;
  const limit = taker.price;
  const productId = p.id;
  let stopped = false;
  let i = levels.length - 1;
  while (i >= 0 && taker.remaining > 0) {
    const level = levels[i]!;
    const price = level.price;
    if (buy ? price > limit : price < limit) break;
    // Marked once as matching reaches it; the fills and refills below then change it directly.
    side.changes.touch(level);
    let o = level.head;
    while (o !== null && taker.remaining > 0) {
      let next = o.next;
      if (o.aon && o.remaining > taker.remaining) {
        o = next;
        continue;
      }
      if (o.owner === taker.owner) {
        const mode = taker.stp;
        if (mode !== STP_CANCEL_INCOMING) {
          const q = o.remaining;
          side.unlink(level, o);
          s.cancelled(o.id, o.owner, productId, 'stp', q);
          s.retire(o);
        }
        if (mode !== STP_CANCEL_RESTING) {
          stopped = true;
          break;
        }
        o = next;
        continue;
      }
      const q = taker.remaining < o.visible ? taker.remaining : o.visible;
      o.visible -= q;
      o.remaining -= q;
      o.filled += q;
      if (!o.aon) level.qty -= q;
      taker.remaining -= q;
      taker.filled += q;
      if (buy) s.trade(productId, price, q, taker.id, o.id, taker.owner, o.owner, taker.leg, -1, taker.remaining, o.remaining, 'buy');
      else s.trade(productId, price, q, o.id, taker.id, o.owner, taker.owner, -1, taker.leg, o.remaining, taker.remaining, 'sell');
      p.lastPrice = price;
      if (o.visible === 0) {
        if (o.remaining > 0) {
          const peak = o.peak < o.remaining ? o.peak : o.remaining;
          o.visible = peak;
          level.qty += peak;
          o.prio = s.nextPrio++;
          // Already last in the queue: it simply comes round again.
          if (next === null) next = o;
          else side.moveToTail(level, o);
        } else {
          side.unlink(level, o);
          s.retire(o);
        }
      }
      o = next;
    }
    if (level.count === 0) side.dropLevelAt(i);
    if (stopped) break;
    i--;
  }
  return stopped;
}

/**
 * How much of `need` would execute right now, without changing anything: the same walk as
 * execute() (all-or-none skips, STP, iceberg refills in round-robin), used by fill-or-kill,
 * all-or-none, block legs and the post-only check (with STP_NONE: own orders count as liquidity).
 */
export function fillable(p: Product, buy: boolean, owner: number, stp: number, limit: number, need: number): number {
  const levels = (buy ? p.asks : p.bids).levels;
  let left = need;
  for (let i = levels.length - 1; i >= 0 && left > 0; i--) {
    const level = levels[i]!;
    if (buy ? level.price > limit : level.price < limit) break;
    let cycle: Order[] | null = null;
    let hidden: number[] | null = null;
    for (let o = level.head; o !== null && left > 0; o = o.next) {
      if (o.aon && o.remaining > left) continue;
      if (o.owner === owner && stp !== STP_NONE) {
        if (stp === STP_CANCEL_RESTING) continue;
        return need - left;
      }
      const q = left < o.visible ? left : o.visible;
      left -= q;
      if (q === o.visible && o.remaining > o.visible) {
        (cycle ??= []).push(o);
        (hidden ??= []).push(o.remaining - o.visible);
      }
    }
    while (left > 0 && cycle !== null && hidden !== null && cycle.length > 0) {
      const nextCycle: Order[] = [];
      const nextHidden: number[] = [];
      for (let k = 0; k < cycle.length && left > 0; k++) {
        const h = hidden[k]!;
        const peak = cycle[k]!.peak;
        const chunk = peak < h ? peak : h;
        const q = left < chunk ? left : chunk;
        left -= q;
        if (q === chunk && h > chunk) {
          nextCycle.push(cycle[k]!);
          nextHidden.push(h - chunk);
        }
      }
      cycle = nextCycle;
      hidden = nextHidden;
    }
  }
  return need - left;
}
