import { describe, expect, it } from 'vitest';
import { fills, Harness, ofType, spec } from './helpers';

describe('self-trade prevention', () => {
  it('cancel_resting (the default) cancels the own resting order and keeps matching', () => {
    const h = new Harness();
    const [own] = h.limit('sell', 5000, 100, 1);
    const [other] = h.limit('sell', 5000, 100, 2);
    const [b, events] = h.limit('buy', 5000, 100, 1);
    expect(events.map((e) => e.type)).toEqual(['accepted', 'cancelled', 'trade']);
    expect(ofType(events, 'cancelled')[0]).toMatchObject({ orderId: own, reason: 'stp', quantity: 100 });
    expect(fills(events)).toEqual([[5000, 100, b, other]]);
  });

  it('cancel_incoming cancels the rest of the incoming order and leaves the own resting order', () => {
    const h = new Harness();
    const [other] = h.limit('sell', 5000, 100, 2);
    const [own] = h.limit('sell', 5000, 100, 1);
    const [b, events] = h.limit('buy', 5000, 300, 1, { stp: 'cancel_incoming' });
    expect(fills(events)).toEqual([[5000, 100, b, other]]);
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: b, reason: 'stp', quantity: 200 }]);
    expect(h.engine.order(own)).not.toBeNull();
  });

  it('cancel_both cancels the own resting order and the incoming order', () => {
    const h = new Harness();
    const [own] = h.limit('sell', 5000, 100, 1);
    const [b, events] = h.limit('buy', 5000, 100, 1, { stp: 'cancel_both' });
    expect(ofType(events, 'cancelled').map((e) => e.orderId)).toEqual([own, b]);
    expect(fills(events)).toEqual([]);
    expect(h.engine.book('H1')).toMatchObject({ bids: [], asks: [] });
  });

  it('the engine-wide default can be set', () => {
    const h = new Harness([spec('H1')], { stp: 'cancel_incoming' });
    const [own] = h.limit('sell', 5000, 100, 1);
    const [b, events] = h.limit('buy', 5000, 100, 1);
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: b, reason: 'stp' }]);
    expect(h.engine.order(own)).not.toBeNull();
  });

  it('fill-or-kill counts own liquidity as unavailable under cancel_incoming', () => {
    const h = new Harness();
    h.limit('sell', 5000, 100, 1);
    h.limit('sell', 5000, 100, 2);
    const [, events] = h.place({ side: 'buy', orderType: 'fok', price: 5000, quantity: 200, owner: 1, stp: 'cancel_incoming' });
    expect(events).toMatchObject([{ type: 'rejected', reason: 'FOK_UNFILLED' }]);
  });
});

describe('market halt', () => {
  it('refuses new orders and changes while halted, allows cancels, and trades again after resume', () => {
    const h = new Harness();
    const [resting] = h.limit('sell', 5000, 200, 1);
    expect(h.send({ type: 'halt' })).toMatchObject([{ type: 'halted' }]);
    expect(h.engine.halted).toBe(true);
    expect(h.limit('buy', 5000, 100, 2)[1]).toMatchObject([{ type: 'rejected', reason: 'HALTED' }]);
    expect(h.send({ type: 'modify', orderId: resting, owner: 1, quantity: 100 })).toMatchObject([{ type: 'rejected', reason: 'HALTED' }]);
    expect(h.send({ type: 'auction' })).toMatchObject([{ type: 'rejected', reason: 'HALTED' }]);
    expect(h.send({ type: 'resume' })).toMatchObject([{ type: 'resumed' }]);
    const [b, events] = h.limit('buy', 5000, 100, 2);
    expect(fills(events)).toEqual([[5000, 100, b, resting]]);
    h.send({ type: 'halt' });
    expect(h.send({ type: 'cancel', orderId: resting, owner: 1 })).toMatchObject([{ type: 'cancelled', reason: 'user' }]);
  });
});

describe('kill switch', () => {
  it('cancels everything of the owner at once and refuses the owner until released', () => {
    const h = new Harness([spec('H1'), spec('H2', {}, 1)]);
    const [a] = h.limit('buy', 5000, 100, 7);
    const [b] = h.limit('sell', 5100, 100, 7, { productId: 'H2' });
    const [other] = h.limit('sell', 5200, 100, 8);
    const events = h.send({ type: 'kill', owner: 7 });
    expect(events).toMatchObject([
      { type: 'killSwitch', owner: 7, active: true },
      { type: 'cancelled', orderId: a, reason: 'kill' },
      { type: 'cancelled', orderId: b, reason: 'kill' },
    ]);
    expect(h.engine.isKilled(7)).toBe(true);
    expect(h.limit('buy', 5000, 100, 7)[1]).toMatchObject([{ type: 'rejected', reason: 'KILL_SWITCH' }]);
    expect(h.engine.order(other)).not.toBeNull();
    expect(h.limit('buy', 5000, 100, 8)[1][0]!.type).toBe('accepted');
    expect(h.send({ type: 'release', owner: 7 })).toMatchObject([{ type: 'killSwitch', owner: 7, active: false }]);
    expect(h.limit('buy', 5000, 100, 7)[1][0]!.type).toBe('accepted');
  });
});
