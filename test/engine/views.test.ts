import { describe, expect, it } from 'vitest';
import { type EngineSnapshot, MatchingEngine } from '../../src-main/engine';
import { Harness, spec, T0 } from './helpers';

describe('book and order views', () => {
  it('aggregates levels best first to the requested depth and marks the owner\u2019s share', () => {
    const h = new Harness();
    h.limit('buy', 4990, 100, 1);
    h.limit('buy', 5000, 200, 1);
    h.limit('buy', 5000, 300, 2);
    h.limit('buy', 4980, 100, 2);
    h.limit('sell', 5010, 100, 2);
    expect(h.engine.book('H1', 2, 1)).toEqual({
      productId: 'H1',
      bids: [
        { price: 5000, quantity: 500, orders: 2, ownQuantity: 200 },
        { price: 4990, quantity: 100, orders: 1, ownQuantity: 100 },
      ],
      asks: [{ price: 5010, quantity: 100, orders: 1, ownQuantity: 0 }],
      lastPrice: null,
      seq: h.seq,
    });
    expect(h.engine.book('NOPE')).toBeNull();
  });

  it('openOrders lists an owner\u2019s live orders, stops included, as plain copies', () => {
    const h = new Harness();
    const [a] = h.limit('buy', 5000, 100, 1, { clientOrderId: 'mine-1' });
    const [s] = h.place({ side: 'sell', orderType: 'stop', stopPrice: 4000, price: null, quantity: 100, owner: 1 });
    h.limit('buy', 5000, 100, 2);
    const open = h.engine.openOrders(1);
    expect(open.map((o) => [o.orderId, o.status])).toEqual([
      [a, 'working'],
      [s, 'pending_trigger'],
    ]);
    expect(open[0]).toMatchObject({ clientOrderId: 'mine-1', productId: 'H1', side: 'buy', orderType: 'limit', tif: 'gtc', price: 5000 });
    open[0]!.remaining = 0;
    expect(h.engine.order(a)!.remaining).toBe(100);
  });

  it('a client order id is free again once its order is gone', () => {
    const h = new Harness();
    const [a] = h.limit('buy', 5000, 100, 1, { clientOrderId: 'x' });
    h.send({ type: 'cancel', orderId: a, owner: 1 });
    expect(h.limit('buy', 5000, 100, 1, { clientOrderId: 'x' })[1][0]!.type).toBe('accepted');
  });

  it('a closed product can be removed', () => {
    const h = new Harness([spec('H1'), spec('H2', {}, 1)]);
    h.ts = spec('H1').gateClosure;
    h.send({ type: 'clock' });
    expect(h.send({ type: 'removeProduct', productId: 'H1' })).toMatchObject([{ type: 'productRemoved', productId: 'H1' }]);
    expect(h.engine.products().map((p) => p.spec.id)).toEqual(['H2']);
  });
});

describe('snapshot and restore', () => {
  it('keeps queues, icebergs, stops, blocks, expiries, kill switches and the halt, and continues identically', () => {
    const h = new Harness([spec('H1'), spec('A1', { mode: 'auction' }, 1), spec('A2', { mode: 'auction' }, 2)]);
    h.limit('sell', 5000, 100, 1);
    h.place({ side: 'sell', orderType: 'iceberg', price: 5000, quantity: 500, peak: 100, owner: 2 });
    h.limit('sell', 5000, 100, 3, { tif: 'gfd', expireAt: T0 + 10_000 });
    h.limit('buy', 4990, 100, 4, { allOrNone: true });
    h.limit('buy', 5000, 100, 5);
    h.place({ side: 'buy', orderType: 'stop', stopPrice: 5010, price: null, quantity: 200, owner: 6 });
    h.place({ side: 'sell', orderType: 'stop_limit', stopPrice: 4990, price: 4980, quantity: 100, owner: 6 });
    h.block({ owner: 7, side: 'buy', legs: [{ productId: 'A1', price: 60, quantity: 100 }, { productId: 'A2', price: 60, quantity: 100 }], tif: 'gfd', expireAt: T0 + 20_000 });
    h.limit('sell', 50, 100, 8, { productId: 'A1' });
    h.send({ type: 'kill', owner: 9 });
    h.send({ type: 'halt' });
    const snap = h.engine.snapshot();
    const copy = JSON.parse(JSON.stringify(snap)) as EngineSnapshot;
    expect(copy).toEqual(snap);
    const restored = MatchingEngine.restore(copy);
    expect(restored.snapshot()).toEqual(snap);
    expect(restored.halted).toBe(true);
    expect(restored.isKilled(9)).toBe(true);
    const rest = [
      { type: 'resume' },
      { type: 'place', orderId: 500, owner: 10, productId: 'H1', side: 'buy', orderType: 'limit', price: 5010, quantity: 800 },
      { type: 'clock', ts: T0 + 15_000 },
      { type: 'place', orderId: 501, owner: 11, productId: 'A2', side: 'sell', orderType: 'limit', price: 55, quantity: 100 },
      { type: 'auction' },
      { type: 'clock', ts: T0 + 30_000 },
      { type: 'place', orderId: 502, owner: 9, productId: 'H1', side: 'buy', orderType: 'limit', price: 5010, quantity: 100 },
    ] as const;
    let seq = h.seq;
    for (const cmd of rest) {
      const full = { ts: T0, ...cmd, seq: ++seq } as Parameters<MatchingEngine['apply']>[0];
      expect(JSON.stringify(restored.apply(full))).toBe(JSON.stringify(h.engine.apply(full)));
    }
    expect(restored.snapshot()).toEqual(h.engine.snapshot());
  });

  it('refuses something that is not a snapshot', () => {
    expect(() => MatchingEngine.restore({} as EngineSnapshot)).toThrow(/not a GridDesk engine snapshot/);
  });
});
