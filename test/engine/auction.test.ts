import { describe, expect, it } from 'vitest';
import { AUCTION_RULE } from '../../src-main/engine';
import { clearingPrice, proRataShare } from '../../src-main/engine/auction-price';
import { fills, Harness, ofType, spec } from './helpers';

function auctionHarness(over: Parameters<typeof spec>[1] = {}): Harness {
  return new Harness([spec('A1', { mode: 'auction', ...over }, 0), spec('A2', { mode: 'auction' }, 1)]);
}

const sell = (h: Harness, price: number, quantity: number, owner: number, extra = {}) =>
  h.limit('sell', price, quantity, owner, { productId: 'A1', ...extra })[0];
const buy = (h: Harness, price: number, quantity: number, owner: number, extra = {}) =>
  h.limit('buy', price, quantity, owner, { productId: 'A1', ...extra })[0];

describe('uniform-price auction', () => {
  it('collects orders in the call phase without trading, even when they cross', () => {
    const h = auctionHarness();
    buy(h, 5100, 100, 1);
    const [, events] = h.limit('sell', 5000, 100, 2, { productId: 'A1' });
    expect(fills(events)).toEqual([]);
    expect(h.engine.book('A1')).toMatchObject({ bids: [{ price: 5100 }], asks: [{ price: 5000 }] });
  });

  it('hand-worked: equal volume at 51 and 52, the smaller surplus picks 51', () => {
    // Buys 400 @ 52, 100 @ 50; sells 300 @ 49, 200 @ 51, 100 @ 52.
    //   price   demand  supply  volume  surplus
    //   49      500     300     300
    //   50      500     300     300
    //   51      400     500     400     100   <- chosen
    //   52      400     600     400     200
    const h = auctionHarness();
    const b52 = buy(h, 52, 400, 1);
    buy(h, 50, 100, 2);
    const s49 = sell(h, 49, 300, 3);
    const s51 = sell(h, 51, 200, 4);
    const s52 = sell(h, 52, 100, 5);
    const events = h.send({ type: 'auction', productIds: ['A1'] });
    expect(ofType(events, 'auction')[0]).toMatchObject({
      productId: 'A1',
      price: 51,
      volume: 400,
      buyVolume: 400,
      sellVolume: 500,
      imbalance: -100,
      decidedBy: 'imbalance',
      rule: AUCTION_RULE,
    });
    // Every trade at the one price; the sell at 51 is marginal and fills 100 of 200.
    expect(fills(events)).toEqual([
      [51, 300, b52, s49],
      [51, 100, b52, s51],
    ]);
    expect(h.engine.order(s51)!.remaining).toBe(100);
    expect(h.engine.order(s52)!.remaining).toBe(100);
    expect(h.engine.order(b52)).toBeNull();
    expect(h.engine.product('A1')!.lastPrice).toBe(51);
  });

  it('a final auction ends what it did not fill (expired, auction_unfilled); the book is left empty', () => {
    const h = auctionHarness();
    const b52 = buy(h, 52, 400, 1);
    const b50 = buy(h, 50, 100, 2);
    sell(h, 49, 300, 3);
    const s51 = sell(h, 51, 200, 4);
    const s52 = sell(h, 52, 100, 5);
    const events = h.send({ type: 'auction', productIds: ['A1'], final: true });
    expect(fills(events)).toEqual([
      [51, 300, b52, expect.any(Number)],
      [51, 100, b52, s51],
    ]);
    const ended = ofType(events, 'expired');
    expect(ended.map((e) => [e.orderId, e.reason, e.quantity])).toEqual([
      [b50, 'auction_unfilled', 100],
      [s51, 'auction_unfilled', 100],
      [s52, 'auction_unfilled', 100],
    ]);
    for (const id of [b50, s51, s52]) expect(h.engine.order(id)).toBeNull();
    expect(h.engine.book('A1')).toMatchObject({ bids: [], asks: [] });
  });

  it('hand-worked: a flat optimum 45..55 is resolved by the reference price', () => {
    // Buy 100 @ 55, sell 100 @ 45: every price from 45 to 55 matches 100 with no surplus.
    const run = (referencePrices: Record<string, number> | null, referencePrice: number | null = null) => {
      const h = auctionHarness({ referencePrice });
      buy(h, 55, 100, 1);
      sell(h, 45, 100, 2);
      return ofType(h.send({ type: 'auction', productIds: ['A1'], referencePrices }), 'auction')[0]!;
    };
    expect(run({ A1: 50 })).toMatchObject({ price: 50, referencePrice: 50, decidedBy: 'reference' });
    expect(run({ A1: 70 })).toMatchObject({ price: 55, decidedBy: 'reference' });
    expect(run(null, 47)).toMatchObject({ price: 47, referencePrice: 47, decidedBy: 'reference' });
    expect(run(null)).toMatchObject({ price: 45, referencePrice: null, decidedBy: 'lowest' });
  });

  it('the last trade price is the reference once the product has traded', () => {
    const h = auctionHarness();
    buy(h, 53, 100, 1);
    sell(h, 53, 100, 2);
    h.send({ type: 'auction' });
    buy(h, 60, 100, 1);
    sell(h, 40, 100, 2);
    expect(ofType(h.send({ type: 'auction' }), 'auction')[0]).toMatchObject({ price: 53, referencePrice: 53, decidedBy: 'reference' });
  });

  it('hand-worked: pro rata at the marginal price, rounded down to lots, leftover lot by time priority', () => {
    // Sell 1000 @ 49. Buys: 200 @ 52, then at 50 in time order 300, 300, 500.
    // At 50 the buy at 52 fills 200; 800 is left for 1100 at the marginal price 50:
    //   300 × 800/1100 = 218 → 200,  300 → 200,  500 × 800/1100 = 363 → 300;  700 given,
    //   the leftover 100 goes to the earliest, so 300 / 200 / 300.
    const h = auctionHarness();
    const s = sell(h, 49, 1000, 9);
    const b0 = buy(h, 52, 200, 1);
    const b1 = buy(h, 50, 300, 2);
    const b2 = buy(h, 50, 300, 3);
    const b3 = buy(h, 50, 500, 4);
    const events = h.send({ type: 'auction', referencePrices: { A1: 50 } });
    expect(ofType(events, 'auction')[0]).toMatchObject({ price: 50, volume: 1000 });
    expect(fills(events)).toEqual([
      [50, 200, b0, s],
      [50, 300, b1, s],
      [50, 200, b2, s],
      [50, 300, b3, s],
    ]);
    expect(h.engine.order(b1)).toBeNull();
    expect([b2, b3].map((id) => h.engine.order(id)!.remaining)).toEqual([100, 200]);
  });

  it('clears at a negative price like any other', () => {
    // Buys 200 @ -10, 100 @ -30; sells 100 @ -50, 200 @ -20: 200 matches from -20 to -10, all with a
    // surplus of 100 and no reference price, so the lowest, -20.
    const h = auctionHarness();
    const b1 = buy(h, -10, 200, 1);
    buy(h, -30, 100, 2);
    const s1 = sell(h, -50, 100, 3);
    const s2 = sell(h, -20, 200, 4);
    const events = h.send({ type: 'auction' });
    expect(ofType(events, 'auction')[0]).toMatchObject({ productId: 'A1', price: -20, volume: 200, decidedBy: 'lowest' });
    expect(fills(events)).toEqual([
      [-20, 100, b1, s1],
      [-20, 100, b1, s2],
    ]);
  });

  it('reports no price when nothing crosses, and leaves the call book as it was', () => {
    const h = auctionHarness();
    buy(h, 40, 100, 1);
    sell(h, 60, 100, 2);
    const events = h.send({ type: 'auction', productIds: ['A1'] });
    expect(events).toMatchObject([{ type: 'auction', price: null, volume: 0, decidedBy: 'none' }]);
    expect(h.engine.openOrders(1)).toHaveLength(1);
  });

  it('market orders take part at their protection price and their remainder is cancelled', () => {
    const h = auctionHarness();
    sell(h, 50, 100, 1);
    const [m] = h.place({ side: 'buy', orderType: 'market', price: null, quantity: 300, owner: 2, productId: 'A1' });
    const events = h.send({ type: 'auction' });
    expect(ofType(events, 'auction')[0]).toMatchObject({ volume: 100 });
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: m, reason: 'market_remainder', quantity: 200 }]);
  });

  it('an all-or-none order is not cut pro rata: it is left out and the rest re-clears', () => {
    const h = auctionHarness();
    sell(h, 50, 300, 9);
    const aon = buy(h, 50, 400, 1, { allOrNone: true });
    const plain = buy(h, 50, 200, 2);
    const events = h.send({ type: 'auction', referencePrices: { A1: 50 } });
    expect(ofType(events, 'auction')[0]).toMatchObject({ volume: 200, rejectedBlocks: [aon], acceptedBlocks: [], iterations: 2 });
    expect(h.engine.order(aon)!.remaining).toBe(400);
    expect(h.engine.order(plain)).toBeNull();
  });

  it('only products in auction mode take auction-only order types', () => {
    const h = auctionHarness();
    const [, events] = h.place({ side: 'buy', orderType: 'ioc', price: 50, quantity: 100, owner: 1, productId: 'A1' });
    expect(events).toMatchObject([{ type: 'rejected', reason: 'TYPE_NOT_ALLOWED' }]);
  });
});

describe('block orders in auctions', () => {
  const legs = (p1: number, p2: number) => [
    { productId: 'A1', price: p1, quantity: 100 },
    { productId: 'A2', price: p2, quantity: 100 },
  ];

  it('is accepted when every leg fills at the clearing prices, trading each leg whole', () => {
    const h = auctionHarness();
    const [block] = h.block({ owner: 1, side: 'buy', legs: legs(60, 60) });
    const s1 = sell(h, 50, 100, 2);
    const [s2] = h.limit('sell', 55, 100, 3, { productId: 'A2' });
    const events = h.send({ type: 'auction', referencePrices: { A1: 50, A2: 55 } });
    expect(ofType(events, 'auction').map((e) => [e.productId, e.price, e.acceptedBlocks])).toEqual([
      ['A1', 50, [block]],
      ['A2', 55, [block]],
    ]);
    expect(ofType(events, 'trade').map((t) => [t.productId, t.buyOrderId, t.buyLeg, t.sellOrderId, t.buyRemaining])).toEqual([
      ['A1', block, 0, s1, 0],
      ['A2', block, 1, s2, 0],
    ]);
    expect(h.engine.block(block)).toBeNull();
  });

  it('is rejected when out of the money at the clearing prices, and ends with that reason', () => {
    const h = auctionHarness();
    const [block] = h.block({ owner: 1, side: 'buy', legs: legs(60, 60) });
    sell(h, 50, 100, 2);
    h.limit('sell', 75, 100, 3, { productId: 'A2' });
    const events = h.send({ type: 'auction' });
    // With it: 50 and 75, 12.5 over its price on average; without it nothing crosses.
    expect(ofType(events, 'auction').map((e) => [e.productId, e.price, e.rejectedBlocks])).toEqual([
      ['A1', null, [block]],
      ['A2', null, [block]],
    ]);
    expect(fills(events)).toEqual([]);
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: block, reason: 'block_rejected', quantity: 200 }]);
    expect(h.engine.block(block)).toBeNull();
  });

  it('is cancelled by its owner as one order', () => {
    const h = auctionHarness();
    const [block] = h.block({ owner: 1, side: 'sell', legs: legs(40, 40) });
    expect(h.send({ type: 'cancel', orderId: block, owner: 1 })).toMatchObject([{ type: 'cancelled', orderId: block, productId: null, quantity: 200 }]);
  });
});

describe('clearing price and pro-rata arithmetic', () => {
  it('picks the lower of two prices equally close to the reference', () => {
    const ladder = { prices: [40, 60], buyAt: [0, 100], sellAt: [100, 0] };
    expect(clearingPrice(ladder, 10, 52)).toMatchObject({ price: 50, decidedBy: 'reference' });
    expect(clearingPrice(ladder, 10, 55)).toMatchObject({ price: 50, decidedBy: 'lowest' });
    expect(clearingPrice({ prices: [40, 70], buyAt: [0, 100], sellAt: [100, 0] }, 10, 55)).toMatchObject({ price: 50, decidedBy: 'lowest' });
  });

  it('a single best price is decided by volume alone', () => {
    expect(clearingPrice({ prices: [49, 50, 51], buyAt: [0, 300, 0], sellAt: [100, 200, 500] }, 1, null)).toMatchObject({
      price: 50,
      volume: 300,
      decidedBy: 'volume',
    });
  });

  it('pro-rata shares stay exact where rest × quantity passes 2^53', () => {
    const rest = 99_999_999_999_900;
    const qty = 999_999_900;
    const total = 300_000_000_000_000;
    const exact = ((BigInt(rest) * BigInt(qty)) / BigInt(total) / 100n) * 100n;
    expect(BigInt(proRataShare(rest, qty, total, 100))).toBe(exact);
    expect(proRataShare(800, 300, 1100, 100)).toBe(200);
    expect(proRataShare(800, 500, 1100, 100)).toBe(300);
  });
});
