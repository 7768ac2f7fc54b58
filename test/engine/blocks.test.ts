import { describe, expect, it } from 'vitest';
import { fills, Harness, ofType, spec } from './helpers';

function hours(): Harness {
  return new Harness([spec('H0', {}, 0), spec('H1', {}, 1), spec('H2', {}, 2), spec('A3', { mode: 'auction' }, 3)]);
}

const legs = (...ls: [string, number, number][]) => ls.map(([productId, price, quantity]) => ({ productId, price, quantity }));

describe('block orders in continuous trading', () => {
  it('execute on every leg at once against resting orders, each trade at the resting price', () => {
    const h = hours();
    const [s0] = h.limit('sell', 5000, 100, 1, { productId: 'H0' });
    const [s1a] = h.limit('sell', 5010, 100, 2, { productId: 'H1' });
    const [s1b] = h.limit('sell', 5020, 100, 3, { productId: 'H1' });
    const [block, events] = h.block({ owner: 9, side: 'buy', legs: legs(['H0', 5050, 100], ['H1', 5050, 200]) });
    expect(events[0]).toMatchObject({ type: 'blockAccepted', orderId: block, legs: legs(['H0', 5050, 100], ['H1', 5050, 200]) });
    expect(fills(events)).toEqual([
      [5000, 100, block, s0],
      [5010, 100, block, s1a],
      [5020, 100, block, s1b],
    ]);
    expect(ofType(events, 'trade').map((t) => t.buyLeg)).toEqual([0, 1, 1]);
    expect(h.engine.block(block)).toBeNull();
  });

  it('is rejected with nothing traded when any leg cannot fill completely', () => {
    const h = hours();
    h.limit('sell', 5000, 100, 1, { productId: 'H0' });
    h.limit('sell', 5010, 100, 2, { productId: 'H1' });
    const before = JSON.stringify(h.engine.snapshot().products);
    const [, events] = h.block({ owner: 9, side: 'buy', legs: legs(['H0', 5050, 100], ['H1', 5005, 100]) });
    expect(events).toMatchObject([{ type: 'rejected', reason: 'BLOCK_UNFILLED' }]);
    expect(JSON.stringify(h.engine.snapshot().products)).toBe(before);
  });

  it('needs consecutive delivery periods in one trading mode', () => {
    const h = hours();
    expect(h.block({ owner: 9, side: 'sell', legs: legs(['H0', 1, 100], ['H2', 1, 100]) })[1]).toMatchObject([{ reason: 'BAD_BLOCK' }]);
    expect(h.block({ owner: 9, side: 'sell', legs: legs(['H1', 1, 100], ['H0', 1, 100]) })[1]).toMatchObject([{ reason: 'BAD_BLOCK' }]);
    expect(h.block({ owner: 9, side: 'sell', legs: legs(['H2', 1, 100], ['A3', 1, 100]) })[1]).toMatchObject([{ reason: 'BAD_BLOCK' }]);
    expect(h.block({ owner: 9, side: 'sell', legs: legs(['H0', 1, 150], ['H1', 1, 100]) })[1]).toMatchObject([{ reason: 'BAD_LOT' }]);
  });

  it('expires with its earliest leg at gate closure when waiting for an auction', () => {
    const h = new Harness([spec('A0', { mode: 'auction' }, 0), spec('A1', { mode: 'auction' }, 1)]);
    const [block] = h.block({ owner: 9, side: 'buy', legs: legs(['A0', 50, 100], ['A1', 50, 100]) });
    h.ts = spec('A0').gateClosure;
    expect(h.send({ type: 'clock' })).toMatchObject([
      { type: 'gateClosed', productId: 'A0' },
      { type: 'expired', orderId: block, productId: null, reason: 'gate_closure', quantity: 200 },
    ]);
  });
});
