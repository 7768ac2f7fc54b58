import { describe, expect, it } from 'vitest';
import { fills, Harness, ofType, spec } from './helpers';

describe('modify', () => {
  it('a quantity decrease keeps time priority', () => {
    const h = new Harness();
    const [first] = h.limit('sell', 5000, 300, 1);
    const [second] = h.limit('sell', 5000, 100, 2);
    const events = h.send({ type: 'modify', orderId: first, owner: 1, quantity: 200 });
    expect(events).toMatchObject([{ type: 'modified', orderId: first, quantity: 200, price: 5000, priorityKept: true }]);
    const [b, trades] = h.limit('buy', 5000, 200, 3);
    expect(fills(trades)).toEqual([[5000, 200, b, first]]);
    expect(h.engine.order(second)!.remaining).toBe(100);
  });

  it('a quantity increase loses time priority', () => {
    const h = new Harness();
    const [first] = h.limit('sell', 5000, 100, 1);
    const [second] = h.limit('sell', 5000, 100, 2);
    expect(h.send({ type: 'modify', orderId: first, owner: 1, quantity: 200 })).toMatchObject([{ type: 'modified', priorityKept: false, quantity: 200 }]);
    const [b, trades] = h.limit('buy', 5000, 100, 3);
    expect(fills(trades)).toEqual([[5000, 100, b, second]]);
  });

  it('a price change loses time priority even when moved back', () => {
    const h = new Harness();
    const [first] = h.limit('sell', 5000, 100, 1);
    const [second] = h.limit('sell', 5000, 100, 2);
    h.send({ type: 'modify', orderId: first, owner: 1, price: 5001 });
    h.send({ type: 'modify', orderId: first, owner: 1, price: 5000 });
    const [b, trades] = h.limit('buy', 5000, 100, 3);
    expect(fills(trades)).toEqual([[5000, 100, b, second]]);
  });

  it('a price change that crosses trades at once, as the incoming order', () => {
    const h = new Harness();
    const [bid] = h.limit('buy', 4990, 200, 1);
    const [ask] = h.limit('sell', 5000, 100, 2);
    const events = h.send({ type: 'modify', orderId: bid, owner: 1, price: 5000 });
    expect(events.map((e) => e.type)).toEqual(['modified', 'trade']);
    expect(ofType(events, 'trade')[0]).toMatchObject({ buyOrderId: bid, sellOrderId: ask, price: 5000, quantity: 100, aggressor: 'buy' });
    expect(h.engine.order(bid)).toMatchObject({ remaining: 100, price: 5000 });
  });

  it('a post-only order moved to a crossing price is rejected and left as it was', () => {
    const h = new Harness();
    const [po] = h.place({ side: 'buy', orderType: 'post_only', price: 4990, quantity: 100, owner: 1 });
    h.limit('sell', 5000, 100, 2);
    expect(h.send({ type: 'modify', orderId: po, owner: 1, price: 5000 })).toMatchObject([{ type: 'rejected', reason: 'WOULD_CROSS' }]);
    expect(h.engine.order(po)!.price).toBe(4990);
  });

  it('reducing an iceberg takes from the hidden part first', () => {
    const h = new Harness();
    const [ice] = h.place({ side: 'sell', orderType: 'iceberg', price: 5000, quantity: 500, peak: 200, owner: 1 });
    h.send({ type: 'modify', orderId: ice, owner: 1, quantity: 300 });
    expect(h.engine.order(ice)).toMatchObject({ remaining: 300, visible: 200 });
    h.send({ type: 'modify', orderId: ice, owner: 1, quantity: 100 });
    expect(h.engine.order(ice)).toMatchObject({ remaining: 100, visible: 100 });
    expect(h.engine.book('H1')!.asks[0]!.quantity).toBe(100);
  });

  it('moving a stop price can trigger the stop at once', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    h.limit('buy', 5000, 100, 2);
    h.limit('sell', 5010, 100, 3);
    const [stop] = h.place({ side: 'buy', orderType: 'stop', stopPrice: 5050, price: null, quantity: 100, owner: 4 });
    const events = h.send({ type: 'modify', orderId: stop, owner: 4, stopPrice: 5000 });
    expect(events.map((e) => e.type)).toEqual(['modified', 'triggered', 'trade']);
  });

  it('a partly filled order keeps what it filled; quantity is the new open quantity', () => {
    const h = new Harness();
    const [ask] = h.limit('sell', 5000, 300, 1);
    h.limit('buy', 5000, 100, 2);
    h.send({ type: 'modify', orderId: ask, owner: 1, quantity: 100 });
    expect(h.engine.order(ask)).toMatchObject({ filled: 100, remaining: 100, quantity: 200 });
  });
});

describe('cancel', () => {
  it('cancels by order id and tells the open quantity', () => {
    const h = new Harness();
    const [o] = h.limit('buy', 5000, 300, 1);
    h.limit('sell', 5000, 100, 2);
    expect(h.send({ type: 'cancel', orderId: o, owner: 1 })).toMatchObject([{ type: 'cancelled', orderId: o, reason: 'user', quantity: 200 }]);
    expect(h.engine.book('H1')!.bids).toEqual([]);
  });

  it('cancel-all per owner takes every product and stops of that owner only', () => {
    const h = new Harness([spec('H1'), spec('H2', {}, 1)]);
    const [a] = h.limit('buy', 5000, 100, 1);
    const [b] = h.limit('sell', 5100, 100, 1, { productId: 'H2' });
    const [c] = h.place({ side: 'sell', orderType: 'stop', stopPrice: 4000, price: null, quantity: 100, owner: 1 });
    const [other] = h.limit('buy', 5000, 100, 2);
    const events = h.send({ type: 'cancelAll', owner: 1 });
    expect(events.map((e) => e.type === 'cancelled' && [e.orderId, e.reason])).toEqual([
      [a, 'cancel_all'],
      [c, 'cancel_all'],
      [b, 'cancel_all'],
    ]);
    expect(h.engine.openOrders(1)).toEqual([]);
    expect(h.engine.order(other)).not.toBeNull();
  });

  it('cancel-all of one side takes the owner\'s orders of that side only', () => {
    const h = new Harness([spec('H1')]);
    const [bid] = h.limit('buy', 5000, 100, 1);
    const [ask] = h.limit('sell', 5200, 100, 1);
    const [theirs] = h.limit('buy', 4900, 100, 2);
    const events = h.send({ type: 'cancelAll', owner: 1, productId: 'H1', side: 'buy' });
    expect(ofType(events, 'cancelled').map((e) => e.orderId)).toEqual([bid]);
    expect(h.engine.order(ask)).not.toBeNull();
    expect(h.engine.order(theirs)).not.toBeNull();
  });

  it('cancel-all per product takes every owner in that product only', () => {
    const h = new Harness([spec('H1'), spec('H2', {}, 1)]);
    h.limit('buy', 5000, 100, 1);
    h.limit('buy', 5000, 100, 2);
    const [keep] = h.limit('buy', 5000, 100, 1, { productId: 'H2' });
    expect(ofType(h.send({ type: 'cancelAll', productId: 'H1' }), 'cancelled')).toHaveLength(2);
    expect(h.engine.openOrders(1).map((o) => o.orderId)).toEqual([keep]);
  });
});
