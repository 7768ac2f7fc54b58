import { describe, expect, it } from 'vitest';
import { fills, Harness, ofType, spec, T0 } from './helpers';

describe('continuous matching', () => {
  it('fills best price first, then earlier orders first at the same price, each at the resting price', () => {
    const h = new Harness();
    const [a] = h.limit('sell', 5010, 100, 1);
    const [b] = h.limit('sell', 5000, 100, 2);
    const [c] = h.limit('sell', 5000, 100, 3);
    const [buy, events] = h.limit('buy', 5020, 300, 4);
    expect(fills(events)).toEqual([
      [5000, 100, buy, b],
      [5000, 100, buy, c],
      [5010, 100, buy, a],
    ]);
  });

  it('partially fills and rests the remainder at its limit', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    const [buy, events] = h.limit('buy', 5000, 300, 2);
    expect(fills(events)).toEqual([[5000, 100, buy, 1]]);
    expect(h.engine.order(buy)).toMatchObject({ remaining: 200, filled: 100, status: 'partially_filled' });
    expect(h.engine.book('H1')!.bids).toEqual([{ price: 5000, quantity: 200, orders: 1, ownQuantity: 0 }]);
  });

  it('does not trade when the prices do not cross', () => {
    const h = new Harness();
    h.limit('sell', 5001, 100, 1);
    const [, events] = h.limit('buy', 5000, 100, 2);
    expect(fills(events)).toEqual([]);
  });

  it('trades at negative and zero prices like any other price', () => {
    const h = new Harness();
    const [s1] = h.limit('sell', -2500, 100, 1);
    const [s2] = h.limit('sell', 0, 100, 2);
    const [b, events] = h.limit('buy', 0, 300, 3);
    expect(fills(events)).toEqual([
      [-2500, 100, b, s1],
      [0, 100, b, s2],
    ]);
    expect(h.engine.book('H1')!.bids[0]).toMatchObject({ price: 0, quantity: 100 });
    expect(h.engine.product('H1')!.lastPrice).toBe(0);
  });

  it('a market order sweeps the book and never trades beyond its protection price', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    h.limit('sell', 5050, 100, 2);
    const [m, events] = h.place({ side: 'buy', orderType: 'market', price: 5040, quantity: 300, owner: 3 });
    expect(fills(events)).toEqual([[5000, 100, m, 1]]);
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: m, reason: 'market_remainder', quantity: 200 }]);
    expect(h.engine.order(m)).toBeNull();
  });

  it('a market order without a protection price is protected by the band edge', () => {
    const h = new Harness();
    h.limit('buy', -900_000, 100, 1);
    const [m, events] = h.place({ side: 'sell', orderType: 'market', price: null, quantity: 100, owner: 2 });
    expect(ofType(events, 'accepted')[0]!.price).toBe(-999_999);
    expect(fills(events)).toEqual([[-900_000, 100, 1, m]]);
  });

  it('immediate-or-cancel trades what it can and cancels the rest', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    const [ioc, events] = h.place({ side: 'buy', orderType: 'ioc', price: 5000, quantity: 300, owner: 2 });
    expect(fills(events)).toEqual([[5000, 100, ioc, 1]]);
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: ioc, reason: 'ioc_remainder', quantity: 200 }]);
    expect(h.engine.book('H1')!.bids).toEqual([]);
  });

  it('fill-or-kill fills completely or is rejected with nothing traded', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    h.limit('sell', 5010, 100, 2);
    const before = h.engine.snapshot().products;
    const [, rejected] = h.place({ side: 'buy', orderType: 'fok', price: 5010, quantity: 300, owner: 3 });
    expect(rejected).toMatchObject([{ type: 'rejected', reason: 'FOK_UNFILLED' }]);
    expect(h.engine.snapshot().products).toEqual(before);
    const [fok, filled] = h.place({ side: 'buy', orderType: 'fok', price: 5010, quantity: 200, owner: 3 });
    expect(fills(filled)).toEqual([
      [5000, 100, fok, 1],
      [5010, 100, fok, 2],
    ]);
  });

  it('post-only rests when it would not trade and is rejected when it would', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    const [, crossing] = h.place({ side: 'buy', orderType: 'post_only', price: 5000, quantity: 100, owner: 2 });
    expect(crossing).toMatchObject([{ type: 'rejected', reason: 'WOULD_CROSS' }]);
    const [po] = h.place({ side: 'buy', orderType: 'post_only', price: 4999, quantity: 100, owner: 2 });
    expect(h.engine.order(po)).toMatchObject({ remaining: 100, price: 4999 });
  });

  it('an iceberg shows only its peak and re-queues behind later orders when the peak is consumed', () => {
    const h = new Harness();
    const [ice] = h.place({ side: 'sell', orderType: 'iceberg', price: 5000, quantity: 500, peak: 200, owner: 1 });
    const [later] = h.limit('sell', 5000, 100, 2);
    expect(h.engine.book('H1')!.asks).toEqual([{ price: 5000, quantity: 300, orders: 2, ownQuantity: 0 }]);
    const [b, events] = h.limit('buy', 5000, 400, 3);
    // 200 from the peak, then the later order (now ahead of the refilled peak), then 100 of the new peak.
    expect(fills(events)).toEqual([
      [5000, 200, b, ice],
      [5000, 100, b, later],
      [5000, 100, b, ice],
    ]);
    expect(h.engine.order(ice)).toMatchObject({ remaining: 200, visible: 100, filled: 300 });
    expect(h.engine.book('H1')!.asks).toEqual([{ price: 5000, quantity: 100, orders: 1, ownQuantity: 0 }]);
  });

  it('an incoming iceberg trades its whole quantity, then shows its peak', () => {
    const h = new Harness();
    h.limit('sell', 5000, 300, 1);
    const [ice] = h.place({ side: 'buy', orderType: 'iceberg', price: 5000, quantity: 800, peak: 200, owner: 2 });
    expect(h.engine.order(ice)).toMatchObject({ remaining: 500, visible: 200 });
    expect(h.engine.book('H1')!.bids[0]!.quantity).toBe(200);
  });
});

describe('all-or-none', () => {
  it('rests when it cannot fill completely at once, and is hidden from the displayed book', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    const [aon, events] = h.limit('buy', 5000, 300, 2, { allOrNone: true });
    expect(fills(events)).toEqual([]);
    expect(h.engine.order(aon)).toMatchObject({ remaining: 300, allOrNone: true });
    expect(h.engine.book('H1')!.bids).toEqual([]);
  });

  it('fills completely on entry when enough liquidity is there', () => {
    const h = new Harness();
    h.limit('sell', 5000, 200, 1);
    h.limit('sell', 5001, 100, 1);
    const [aon, events] = h.limit('buy', 5001, 300, 2, { allOrNone: true });
    expect(fills(events)).toEqual([
      [5000, 200, aon, 1],
      [5001, 100, aon, 2],
    ]);
  });

  it('a resting all-or-none order is passed over by orders too small to take all of it, and filled whole by one that can', () => {
    const h = new Harness();
    const [aon] = h.limit('sell', 5000, 300, 1, { allOrNone: true });
    const [behind] = h.limit('sell', 5000, 100, 2);
    const [small, e1] = h.limit('buy', 5000, 200, 3);
    expect(fills(e1)).toEqual([[5000, 100, small, behind]]);
    const [big, e2] = h.limit('buy', 5000, 300, 4);
    expect(fills(e2)).toEqual([[5000, 300, big, aon]]);
    // The small buy's 100 stayed: it could not take the 300.
    expect(h.engine.order(small)!.remaining).toBe(100);
  });
});

describe('stop orders', () => {
  it('a buy stop waits, then triggers on a trade at or above its stop price and runs as a market order', () => {
    const h = new Harness();
    const [stop, placed] = h.place({ side: 'buy', orderType: 'stop', stopPrice: 5010, price: null, quantity: 100, owner: 1 });
    expect(ofType(placed, 'accepted')[0]).toMatchObject({ stopPrice: 5010, orderType: 'stop' });
    expect(h.engine.order(stop)!.status).toBe('pending_trigger');
    h.limit('sell', 5020, 100, 2);
    h.limit('sell', 5010, 100, 3);
    const [, events] = h.limit('buy', 5010, 100, 4);
    expect(events.map((e) => e.type)).toEqual(['accepted', 'trade', 'triggered', 'trade']);
    expect(ofType(events, 'triggered')[0]).toMatchObject({ orderId: stop, stopPrice: 5010, lastPrice: 5010 });
    expect(fills(events)[1]).toEqual([5020, 100, stop, 2]);
  });

  it('a sell stop-limit triggers on a trade at or below its stop price and rests at its limit', () => {
    const h = new Harness();
    const [stop] = h.place({ side: 'sell', orderType: 'stop_limit', stopPrice: 4990, price: 4980, quantity: 200, owner: 1 });
    h.limit('buy', 4990, 100, 2);
    h.limit('sell', 4990, 100, 3);
    // The trade at 4990 fired the stop; nothing bids at 4980 or better any more, so it rests.
    expect(h.engine.order(stop)).toMatchObject({ status: 'working', price: 4980, remaining: 200 });
    expect(h.engine.book('H1')!.asks[0]).toMatchObject({ price: 4980, quantity: 200 });
  });

  it('stops triggered by a stop cascade, lowest buy stop first', () => {
    const h = new Harness();
    const [s1] = h.place({ side: 'buy', orderType: 'stop', stopPrice: 5000, price: null, quantity: 100, owner: 1 });
    const [s2] = h.place({ side: 'buy', orderType: 'stop', stopPrice: 5005, price: null, quantity: 100, owner: 2 });
    h.limit('sell', 5000, 100, 3);
    h.limit('sell', 5005, 100, 4);
    h.limit('sell', 5010, 100, 5);
    const [, events] = h.limit('buy', 5000, 100, 6);
    expect(ofType(events, 'triggered').map((e) => e.orderId)).toEqual([s1, s2]);
    expect(fills(events).map(([price]) => price)).toEqual([5000, 5005, 5010]);
  });

  it('a stop whose price has already been reached triggers at once', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    h.limit('buy', 5000, 100, 2);
    h.limit('sell', 5003, 100, 3);
    const [stop, events] = h.place({ side: 'buy', orderType: 'stop', stopPrice: 4990, price: null, quantity: 100, owner: 4 });
    expect(events.map((e) => e.type)).toEqual(['accepted', 'triggered', 'trade']);
    expect(fills(events)).toEqual([[5003, 100, stop, 3]]);
  });
});

describe('time in force', () => {
  it('good-for-day expires at its expiry time and the owner is told', () => {
    const h = new Harness();
    const [gfd] = h.limit('buy', 5000, 100, 1, { tif: 'gfd', expireAt: T0 + 60_000 });
    h.ts = T0 + 59_999;
    expect(h.send({ type: 'clock' })).toEqual([]);
    h.ts = T0 + 60_000;
    expect(h.send({ type: 'clock' })).toMatchObject([{ type: 'expired', orderId: gfd, owner: 1, reason: 'end_of_day', quantity: 100 }]);
    expect(h.engine.order(gfd)).toBeNull();
  });

  it('expiry happens before the command that carries the later time', () => {
    const h = new Harness();
    const [gfd] = h.limit('sell', 5000, 100, 1, { tif: 'gfd', expireAt: T0 + 1000 });
    h.ts = T0 + 5000;
    const [, events] = h.limit('buy', 5000, 100, 2);
    expect(events.map((e) => e.type)).toEqual(['expired', 'accepted']);
    expect(ofType(events, 'expired')[0]!.orderId).toBe(gfd);
  });

  it('at gate closure every resting order and stop of the product expires and trading stops', () => {
    const h = new Harness([spec('H1'), spec('H2', {}, 1)]);
    const [gtc] = h.limit('buy', 5000, 100, 1);
    const [gtgc] = h.limit('sell', 5100, 100, 2, { tif: 'gtgc' });
    const [stop] = h.place({ side: 'buy', orderType: 'stop', stopPrice: 5200, quantity: 100, owner: 3 });
    const [other] = h.limit('buy', 5000, 100, 1, { productId: 'H2' });
    const gate = spec('H1').gateClosure;
    h.ts = gate;
    const events = h.send({ type: 'clock' });
    expect(events).toMatchObject([
      { type: 'gateClosed', productId: 'H1' },
      { type: 'expired', orderId: gtc, reason: 'gate_closure' },
      { type: 'expired', orderId: gtgc, reason: 'gate_closure' },
      { type: 'expired', orderId: stop, reason: 'gate_closure' },
    ]);
    expect(h.engine.order(other)).not.toBeNull();
    const [, late] = h.limit('buy', 5000, 100, 1);
    expect(late).toMatchObject([{ type: 'rejected', reason: 'GATE_CLOSED' }]);
    expect(h.engine.product('H1')!.closed).toBe(true);
    expect(h.engine.product('H2')!.closed).toBe(false);
  });
});
