import type { Block, Order } from './order';
import type { Product } from './product';
import type { EngineState } from './state';
import type { CancelAllCommand, KillCommand, ReleaseCommand } from './api/commands';
import type { CancelReason, ExpireReason } from './api/events';
import { isInt } from './validation';

/**
 * A product's live orders in the canonical order every bulk action uses (bids best first in queue
 * order, asks likewise, then stops in firing order): it depends only on the book, so a restored
 * engine emits the same events in the same order.
 */
export function ordersOf(p: Product, owner: number | null): Order[] {
  const out: Order[] = [];
  const take = (o: Order): void => {
    if (owner === null || o.owner === owner) out.push(o);
  };
  p.bids.forEach(take);
  p.asks.forEach(take);
  p.stops.forEach(take);
  return out;
}

/** Blocks of `owner` (or anyone) with a leg in `p` (or anywhere), in the order they were accepted. */
export function blocksOf(s: EngineState, owner: number | null, p: Product | null): Block[] {
  const out: Block[] = [];
  for (const b of s.blocks.values()) {
    if (owner !== null && b.owner !== owner) continue;
    if (p !== null && !b.legs.some((l) => l.product === p)) continue;
    out.push(b);
  }
  return out;
}

export function blockQuantity(b: Block): number {
  let sum = 0;
  for (const l of b.legs) sum += l.quantity;
  return sum;
}

export function endOrders(s: EngineState, orders: Order[], kind: 'cancelled' | 'expired', reason: CancelReason | ExpireReason): void {
  for (const o of orders) {
    const { id, owner, remaining } = o;
    const productId = o.product!.id;
    s.removeLive(o);
    if (kind === 'cancelled') s.cancelled(id, owner, productId, reason as CancelReason, remaining);
    else s.expired(id, owner, productId, reason as ExpireReason, remaining);
  }
}

export function endBlocks(s: EngineState, blocks: Block[], kind: 'cancelled' | 'expired', reason: CancelReason | ExpireReason): void {
  for (const b of blocks) {
    s.removeBlock(b);
    if (kind === 'cancelled') s.cancelled(b.id, b.owner, null, reason as CancelReason, blockQuantity(b));
    else s.expired(b.id, b.owner, null, reason as ExpireReason, blockQuantity(b));
  }
}

/** `buy` null takes both sides; true only bids (and buy blocks), false only asks. */
function cancelEverything(s: EngineState, owner: number | null, only: Product | null, reason: CancelReason, buy: boolean | null = null): void {
  const ofSide = <T extends { buy: boolean }>(items: T[]): T[] => (buy === null ? items : items.filter((o) => o.buy === buy));
  for (const p of only === null ? s.productList : [only]) endOrders(s, ofSide(ordersOf(p, owner)), 'cancelled', reason);
  endBlocks(s, ofSide(blocksOf(s, owner, only)), 'cancelled', reason);
}

export function cancelAll(s: EngineState, cmd: CancelAllCommand): void {
  const owner = cmd.owner ?? null;
  const productId = cmd.productId ?? null;
  const side = cmd.side ?? null;
  const reject = (reason: 'BAD_COMMAND' | 'UNKNOWN_PRODUCT'): void =>
    s.reject('cancelAll', null, isInt(owner) ? owner : null, typeof productId === 'string' ? productId : null, reason);
  if ((owner !== null && !isInt(owner)) || (productId !== null && typeof productId !== 'string')) return reject('BAD_COMMAND');
  if (side !== null && side !== 'buy' && side !== 'sell') return reject('BAD_COMMAND');
  if (owner === null && productId === null) return reject('BAD_COMMAND');
  let p: Product | null = null;
  if (productId !== null) {
    p = s.products.get(productId) ?? null;
    if (p === null) return reject('UNKNOWN_PRODUCT');
  }
  cancelEverything(s, owner, p, 'cancel_all', side === null ? null : side === 'buy');
}

export function kill(s: EngineState, cmd: KillCommand): void {
  if (!isInt(cmd.owner)) return s.reject('kill', null, null, null, 'BAD_COMMAND');
  s.killed.add(cmd.owner);
  s.emit({ type: 'killSwitch', seq: s.seq, ts: s.ts, owner: cmd.owner, active: true });
  cancelEverything(s, cmd.owner, null, 'kill');
}

export function release(s: EngineState, cmd: ReleaseCommand): void {
  if (!isInt(cmd.owner)) return s.reject('release', null, null, null, 'BAD_COMMAND');
  s.killed.delete(cmd.owner);
  s.emit({ type: 'killSwitch', seq: s.seq, ts: s.ts, owner: cmd.owner, active: false });
}

export function halt(s: EngineState): void {
  s.halted = true;
  s.emit({ type: 'halted', seq: s.seq, ts: s.ts });
}

export function resume(s: EngineState): void {
  s.halted = false;
  s.emit({ type: 'resumed', seq: s.seq, ts: s.ts });
}
