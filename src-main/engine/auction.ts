import { Allocator } from './auction-allocator';
import { AUCTION_RULE, type Clearing, clearingPrice, type Ladder } from './auction-price';
import { type Block, BlockLegState, K_MARKET, legOrder, type Order } from './order';
import { blockQuantity, endOrders, ordersOf } from './controls';
import type { Product } from './product';
import type { EngineState } from './state';
import type { AuctionCommand } from './api/commands';
import { isInt } from './validation';

/**
 * An all-or-none participant: a block order (one leg per product) or a single all-or-none order.
 * Accepted only if every leg fills completely at its product's clearing price.
 */
interface Unit {
  id: number;
  block: Block | null;
  legs: UnitLeg[];
  active: boolean;
}

interface UnitLeg {
  unit: Unit;
  product: Product;
  buy: boolean;
  /** Where the leg sits in the ladder: a block leg is price-taking (the band's edge), an all-or-none order at its limit. */
  price: number;
  /** The price the participant asked for, against which a block is judged in or out of the money. */
  limit: number;
  qty: number;
  /** The all-or-none order itself, or a scratch order standing for the block leg during this auction. */
  order: Order;
  isBlockLeg: boolean;
}

interface Run {
  p: Product;
  reference: number | null;
  legs: UnitLeg[];
  clearing: Clearing;
  /** Per side: the price where the cumulative volume reaches the clearing volume, and whether that level fills whole. */
  buyMarginal: number;
  buyMarginalFull: boolean;
  sellMarginal: number;
  sellMarginalFull: boolean;
  ladder: Ladder;
  /** All-or-none orders of this product accepted in the final round. */
  activeAon: Set<Order>;
}

type AuctionReject = 'HALTED' | 'BAD_COMMAND' | 'UNKNOWN_PRODUCT' | 'NOT_AUCTION' | 'GATE_CLOSED';

function targets(s: EngineState, cmd: AuctionCommand): Product[] | [AuctionReject, string | null] {
  const ids = cmd.productIds ?? null;
  if (ids === null) return s.productList.filter((p) => p.auction && !p.closed);
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) return ['BAD_COMMAND', null];
  const products: Product[] = [];
  for (const id of ids) {
    const p = s.products.get(id);
    if (p === undefined) return ['UNKNOWN_PRODUCT', id];
    if (!p.auction) return ['NOT_AUCTION', id];
    if (p.closed || s.now >= p.gateClosure) return ['GATE_CLOSED', id];
    if (!products.includes(p)) products.push(p);
  }
  return products.sort((a, b) => a.index - b.index);
}

/**
 * Runs one uniform-price auction over the given products (see AUCTION_RULE). Per product it emits
 * the result, then the trades, then cancels what is left of market orders.
 */
export function runAuction(s: EngineState, cmd: AuctionCommand): void {
  if (s.halted) return s.reject('auction', null, null, null, 'HALTED');
  const refs = cmd.referencePrices ?? null;
  if (refs !== null && (typeof refs !== 'object' || Object.values(refs).some((v) => !isInt(v)))) {
    return s.reject('auction', null, null, null, 'BAD_COMMAND');
  }
  const products = targets(s, cmd);
  if (typeof products[0] === 'string') return s.reject('auction', null, null, products[1] as string | null, products[0]);

  const units = collectUnits(s, products as Product[]);
  const runs: Run[] = (products as Product[]).map((p) => ({
    p,
    reference: refs?.[p.id] ?? p.lastPrice ?? p.spec.referencePrice ?? null,
    legs: units.flatMap((u) => u.legs.filter((l) => l.product === p)),
    clearing: { price: null, volume: 0, demand: 0, supply: 0, decidedBy: 'none' },
    buyMarginal: 0,
    buyMarginalFull: false,
    sellMarginal: 0,
    sellMarginalFull: false,
    ladder: { prices: [], buyAt: [], sellAt: [] },
    activeAon: new Set<Order>(),
  }));
  const runOf = new Map(runs.map((r) => [r.p, r]));

  const iterations = accept(units, runs, runOf);

  for (const run of runs) {
    const { p, clearing } = run;
    const mine = units.filter((u) => u.legs.some((l) => l.product === p));
    s.emit({
      type: 'auction',
      seq: s.seq,
      ts: s.ts,
      productId: p.id,
      price: clearing.price,
      volume: clearing.volume,
      buyVolume: clearing.demand,
      sellVolume: clearing.supply,
      imbalance: clearing.demand - clearing.supply,
      referencePrice: run.reference,
      decidedBy: clearing.decidedBy,
      rule: AUCTION_RULE,
      acceptedBlocks: mine.filter((u) => u.active).map((u) => u.id),
      rejectedBlocks: mine.filter((u) => !u.active).map((u) => u.id),
      iterations,
    });
    if (clearing.price !== null) {
      for (const l of run.legs) if (!l.isBlockLeg && l.unit.active) run.activeAon.add(l.order);
      fill(s, run);
      p.lastPrice = clearing.price;
    }
    cancelMarketRemainders(s, p);
    if (cmd.final === true) endOrders(s, ordersOf(p, null), 'expired', 'auction_unfilled');
  }
  // A block has one auction: accepted it has traded, rejected it ends here with the reason.
  for (const u of units) {
    if (u.block === null) continue;
    s.removeBlock(u.block);
    if (!u.active) s.cancelled(u.block.id, u.block.owner, null, 'block_rejected', blockQuantity(u.block));
    for (const l of u.legs) s.pool.release(l.order);
  }
}

/**
 * Decides which units trade (see BLOCK_RULE in auction-price.ts) and leaves every run cleared with
 * exactly the accepted ones. Returns how many clearings it took.
 */
function accept(units: Unit[], runs: Run[], runOf: Map<Product, Run>): number {
  let iterations = 0;
  const blocks = units.filter((u) => u.block !== null);
  // All-or-none single orders: drop each that would not fill completely, clear again, until none is
  // dropped. The active set only shrinks, so this ends after at most (units + 1) clearings.
  const settle = (): void => {
    for (;;) {
      iterations++;
      for (const run of runs) clear(run);
      let dropped = false;
      for (const u of units) {
        if (u.active && u.block === null && !fillsWhole(u, runOf)) {
          u.active = false;
          dropped = true;
        }
      }
      if (!dropped) return;
    }
  };
  const acceptable = (u: Unit): boolean => fillsWhole(u, runOf) && surplus(u, runOf) >= 0;
  settle();
  // No paradoxically accepted block: reject the most out-of-the-money one and clear again.
  for (;;) {
    const worst = blocks.filter((u) => u.active && !acceptable(u)).sort((a, b) => money(a, runOf) - money(b, runOf) || b.block!.prio - a.block!.prio)[0];
    if (worst === undefined) break;
    worst.active = false;
    settle();
  }
  // Paradoxically rejected blocks (in the money at the final prices): re-admit each, best first,
  // and keep it only if every accepted block stays in the money.
  const retry = blocks.filter((u) => !u.active && money(u, runOf) > 0).sort((a, b) => money(b, runOf) - money(a, runOf) || a.block!.prio - b.block!.prio);
  for (const u of retry) {
    const before = units.map((x) => x.active);
    u.active = true;
    settle();
    if (blocks.every((x) => !x.active || acceptable(x))) continue;
    units.forEach((x, i) => (x.active = before[i]!));
    settle();
  }
  return iterations;
}

function fillsWhole(u: Unit, runOf: Map<Product, Run>): boolean {
  return u.legs.every((l) => legFills(l, runOf.get(l.product)!));
}

/** A block's surplus at the clearing prices: Σ quantity × (limit − price) for a buy, the other way for a sell. */
function surplus(u: Unit, runOf: Map<Product, Run>): number {
  let total = 0;
  for (const l of u.legs) {
    const P = runOf.get(l.product)!.clearing.price;
    if (P === null) return Number.NEGATIVE_INFINITY;
    total += l.qty * (l.buy ? l.limit - P : P - l.limit);
  }
  return total;
}

/** Surplus, with a block that would not fill whole counted as the furthest out of the money. */
function money(u: Unit, runOf: Map<Product, Run>): number {
  return fillsWhole(u, runOf) ? surplus(u, runOf) : Number.NEGATIVE_INFINITY;
}

function collectUnits(s: EngineState, products: Product[]): Unit[] {
  const units: Unit[] = [];
  for (const b of s.blocks.values()) {
    if (!b.legs.every((l) => products.includes(l.product))) continue;
    const unit: Unit = { id: b.id, block: b, legs: [], active: true };
    for (const l of b.legs) {
      // Price-taking in the ladder (an accepted block trades whole whatever the price); judged
      // against its own price by its surplus. No self-trade prevention; it keeps its time priority.
      const edge = b.buy ? l.product.spec.maxPrice : l.product.spec.minPrice;
      const o = legOrder(s.pool, b.id, b.owner, b.buy, new BlockLegState(l.product, l.index, edge, l.quantity), s.defaultStp, b.prio, b.ts);
      unit.legs.push({ unit, product: l.product, buy: b.buy, price: edge, limit: l.price, qty: l.quantity, order: o, isBlockLeg: true });
    }
    units.push(unit);
  }
  for (const p of products) {
    const add = (o: Order): void => {
      if (!o.aon) return;
      const unit: Unit = { id: o.id, block: null, legs: [], active: true };
      unit.legs.push({ unit, product: p, buy: o.buy, price: o.price, limit: o.price, qty: o.remaining, order: o, isBlockLeg: false });
      units.push(unit);
    };
    if (p.bids.aonCount > 0) p.bids.forEach(add);
    if (p.asks.aonCount > 0) p.asks.forEach(add);
  }
  return units;
}

/** Builds the ladder from the regular orders (level totals) plus the active units' legs, and clears it. */
function clear(run: Run): void {
  const { p } = run;
  const prices: number[] = [];
  const buyAt: number[] = [];
  const sellAt: number[] = [];
  const put = (price: number, buy: number, sell: number): void => {
    const last = prices.length - 1;
    if (last >= 0 && prices[last] === price) {
      buyAt[last] = buyAt[last]! + buy;
      sellAt[last] = sellAt[last]! + sell;
    } else {
      prices.push(price);
      buyAt.push(buy);
      sellAt.push(sell);
    }
  };
  // Bid levels ascend towards the end, ask levels descend: walk both upwards with the legs merged in.
  const bids = p.bids.levels;
  const asks = p.asks.levels;
  const legs = run.legs.filter((l) => l.unit.active).sort((a, b) => a.price - b.price);
  let i = 0;
  let j = asks.length - 1;
  let k = 0;
  for (;;) {
    const bp = i < bids.length ? bids[i]!.price : Number.POSITIVE_INFINITY;
    const ap = j >= 0 ? asks[j]!.price : Number.POSITIVE_INFINITY;
    const lp = k < legs.length ? legs[k]!.price : Number.POSITIVE_INFINITY;
    const price = Math.min(bp, ap, lp);
    if (price === Number.POSITIVE_INFINITY) break;
    if (bp === price) put(price, bids[i++]!.qty, 0);
    else if (ap === price) put(price, 0, asks[j--]!.qty);
    else {
      const leg = legs[k++]!;
      put(price, leg.buy ? leg.qty : 0, leg.buy ? 0 : leg.qty);
    }
  }
  // Levels holding only all-or-none orders add zero rows: harmless to the curve.
  run.ladder = { prices, buyAt, sellAt };
  const c = clearingPrice(run.ladder, p.tick, run.reference);
  run.clearing = c;
  if (c.price === null) return;
  const P = c.price;
  const V = c.volume;
  let cum = 0;
  for (let x = prices.length - 1; x >= 0 && prices[x]! >= P; x--) {
    const q = buyAt[x]!;
    if (q === 0) continue;
    if (cum + q >= V) {
      run.buyMarginal = prices[x]!;
      run.buyMarginalFull = cum + q === V;
      break;
    }
    cum += q;
  }
  cum = 0;
  for (let x = 0; x < prices.length && prices[x]! <= P; x++) {
    const q = sellAt[x]!;
    if (q === 0) continue;
    if (cum + q >= V) {
      run.sellMarginal = prices[x]!;
      run.sellMarginalFull = cum + q === V;
      break;
    }
    cum += q;
  }
}

function legFills(l: UnitLeg, run: Run): boolean {
  if (run.clearing.price === null) return false;
  if (l.buy) return l.price > run.buyMarginal || (l.price === run.buyMarginal && run.buyMarginalFull);
  return l.price < run.sellMarginal || (l.price === run.sellMarginal && run.sellMarginalFull);
}

function acceptedBlockLegs(run: Run, buy: boolean): Order[] {
  return run.legs.filter((l) => l.isBlockLeg && l.unit.active && l.buy === buy).map((l) => l.order);
}

/** Pairs buyers with sellers at the one price, in fill order on both sides, booking each order as it completes. */
function fill(s: EngineState, run: Run): void {
  const { p, clearing } = run;
  const P = clearing.price!;
  const buys = new Allocator(p, run.ladder, acceptedBlockLegs(run, true), run.activeAon, true, P, clearing.volume);
  const sells = new Allocator(p, run.ladder, acceptedBlockLegs(run, false), run.activeAon, false, P, clearing.volume);
  const productId = p.id;
  let b = buys.take();
  let x = sells.take();
  while (b !== null && x !== null) {
    const q = b.alloc < x.alloc ? b.alloc : x.alloc;
    b.alloc -= q;
    b.remaining -= q;
    b.filled += q;
    x.alloc -= q;
    x.remaining -= q;
    x.filled += q;
    s.trade(productId, P, q, b.id, x.id, b.owner, x.owner, b.leg, x.leg, b.remaining, x.remaining, null);
    if (b.alloc === 0) {
      settle(s, p, b);
      b = buys.take();
    }
    if (x.alloc === 0) {
      settle(s, p, x);
      x = sells.take();
    }
  }
}

/** A filled order leaves the book; a partly filled one keeps its place. Block legs are not in the book. */
function settle(s: EngineState, p: Product, o: Order): void {
  if (o.leg >= 0) return;
  if (o.remaining === 0) {
    (o.buy ? p.bids : p.asks).remove(o);
    s.retire(o);
  } else {
    if (!o.aon) (o.buy ? p.bids : p.asks).addQty(o.level!, o.remaining - o.visible);
    o.visible = o.remaining;
  }
}

/** Market orders take part in one auction only: what did not execute is cancelled. */
function cancelMarketRemainders(s: EngineState, p: Product): void {
  const victims: Order[] = [];
  const pick = (o: Order): void => {
    if (o.kind === K_MARKET) victims.push(o);
  };
  if (p.bids.marketCount > 0) p.bids.forEach(pick);
  if (p.asks.marketCount > 0) p.asks.forEach(pick);
  for (const o of victims) {
    const { id, owner, remaining } = o;
    s.removeLive(o);
    s.cancelled(id, owner, p.id, 'market_remainder', remaining);
  }
}
