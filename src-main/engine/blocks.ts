import { execute, fillable } from './matching';
import { Block, BlockLegState, legOrder, stpOf, TIF_GFD, tifOf } from './order';
import type { Product } from './product';
import { runStops } from './orders';
import { clientKey, type EngineState } from './state';
import type { BlockLeg, PlaceBlockCommand } from './api/commands';
import type { ReasonCode } from './api/events';
import { checkPrice, checkQuantity, checkTrading, isInt } from './validation';

const MAX_LEGS = 100;

/**
 * A user-defined block: one side, one price and quantity per leg, legs on consecutive delivery
 * periods. Continuous products: every leg must fill now against resting orders (each leg may take
 * several levels, each trade at the resting price) or the whole block is rejected with nothing
 * traded. Auction products: the block waits for the next auction.
 */
export function placeBlock(s: EngineState, cmd: PlaceBlockCommand): void {
  const id = cmd.orderId;
  const owner = cmd.owner;
  let productId: string | null = null;
  const reject = (reason: ReasonCode): void => s.reject('placeBlock', isInt(id) ? id : null, isInt(owner) ? owner : null, productId, reason);
  if (!isInt(id) || !isInt(owner)) return reject('BAD_COMMAND');
  if (s.halted) return reject('HALTED');
  if (s.killed.size > 0 && s.killed.has(owner)) return reject('KILL_SWITCH');
  const side = cmd.side;
  if (side !== 'buy' && side !== 'sell') return reject('BAD_COMMAND');
  const buy = side === 'buy';
  const legsIn = cmd.legs;
  if (!Array.isArray(legsIn) || legsIn.length < 2 || legsIn.length > MAX_LEGS) return reject('BAD_BLOCK');
  const products: Product[] = [];
  for (let i = 0; i < legsIn.length; i++) {
    const leg = legsIn[i] as BlockLeg | undefined;
    if (typeof leg !== 'object' || leg === null) return reject('BAD_BLOCK');
    const p = s.products.get(leg.productId);
    if (p === undefined) {
      productId = typeof leg.productId === 'string' ? leg.productId : null;
      return reject('UNKNOWN_PRODUCT');
    }
    productId = p.id;
    const trading = checkTrading(s, p);
    if (trading !== null) return reject(trading);
    const prev = products[i - 1];
    if (prev !== undefined && (prev.auction !== p.auction || prev.spec.deliveryEnd !== p.spec.deliveryStart)) return reject('BAD_BLOCK');
    const r = checkPrice(p, leg.price) ?? checkQuantity(p, leg.quantity);
    if (r !== null) return reject(r);
    products.push(p);
  }
  productId = null;
  if (s.idTaken(id)) return reject('DUPLICATE_ORDER_ID');
  const clientOrderId = cmd.clientOrderId ?? null;
  if (clientOrderId !== null) {
    if (typeof clientOrderId !== 'string') return reject('BAD_COMMAND');
    if (s.clientIdTaken(owner, clientOrderId)) return reject('DUPLICATE_CLIENT_ID');
  }
  const tif = tifOf(cmd.tif);
  const stp = stpOf(cmd.stp, s.defaultStp);
  if (tif < 0 || stp < 0) return reject('BAD_COMMAND');
  const auction = products[0]!.auction;
  let expireAt = 0;
  if (tif === TIF_GFD && auction) {
    const at = cmd.expireAt;
    if (!isInt(at) || at <= s.now) return reject('BAD_EXPIRY');
    expireAt = at;
  }
  const legs = legsIn.map((l, i) => new BlockLegState(products[i]!, i, l.price, l.quantity));
  if (!auction) {
    for (const leg of legs) {
      if (fillable(leg.product, buy, owner, stp, leg.price, leg.quantity) < leg.quantity) return reject('BLOCK_UNFILLED');
    }
  }
  s.emit({
    type: 'blockAccepted',
    seq: s.seq,
    ts: s.ts,
    orderId: id,
    owner,
    clientOrderId,
    side,
    legs: legs.map((l) => ({ productId: l.product.id, price: l.price, quantity: l.quantity })),
  });
  if (auction) {
    const block = new Block(id, owner, clientOrderId, buy, legs, tif, expireAt, s.ts, s.nextPrio++);
    s.blocks.set(id, block);
    if (id > s.maxId) s.maxId = id;
    if (clientOrderId !== null) s.clientIds.set(clientKey(owner, clientOrderId), id);
    if (tif === TIF_GFD) s.deadlines.push(expireAt, id);
    return;
  }
  for (const leg of legs) {
    // An incoming order has no queue position (prio 0). The dry run above guarantees a complete
    // fill, so STP cannot stop a leg here.
    const o = legOrder(s.pool, id, owner, buy, leg, stp, 0, s.ts);
    execute(s, leg.product, o);
    s.pool.release(o);
  }
  for (const p of products) runStops(s, p);
}
