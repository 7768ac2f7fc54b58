import { describe, expect, it } from 'vitest';
import { type Command, type ReasonCode, REASON_TEXT } from '../../src-main/engine';
import { Harness, spec, T0 } from './helpers';

type Cmd = Parameters<Harness['send']>[0];

function harness(): Harness {
  return new Harness([
    spec('H1'),
    spec('H2', {}, 1),
    spec('T5', { tickSize: 5, minPrice: -999_995, maxPrice: 999_995 }, 2),
    spec('A1', { mode: 'auction' }, 3),
    spec('A2', { mode: 'auction' }, 4),
    spec('LATER', { openAt: T0 + 3_600_000 }, 5),
  ]);
}

const limit = (over: Record<string, unknown> = {}): Cmd =>
  ({ type: 'place', orderId: 100, owner: 1, productId: 'H1', side: 'buy', orderType: 'limit', price: 5000, quantity: 100, ...over }) as Cmd;

/** For each reason: what to set up, then the command that must be rejected with it. */
const CASES: Record<ReasonCode, { setup?: (h: Harness) => void; cmd: Cmd }> = {
  UNKNOWN_COMMAND: { cmd: { type: 'explode' } as unknown as Cmd },
  BAD_COMMAND: { cmd: limit({ side: 'up' }) },
  UNKNOWN_PRODUCT: { cmd: limit({ productId: 'NOPE' }) },
  DUPLICATE_PRODUCT: { cmd: { type: 'addProduct', product: spec('H1') } },
  BAD_PRODUCT: { cmd: { type: 'addProduct', product: spec('BAD', { tickSize: 0 }, 6) } },
  NOT_OPEN: { cmd: limit({ productId: 'LATER' }) },
  GATE_CLOSED: {
    setup: (h) => {
      h.ts = spec('H1').gateClosure;
      h.send({ type: 'clock' });
    },
    cmd: limit(),
  },
  NOT_CLOSED: { cmd: { type: 'removeProduct', productId: 'H1' } },
  NOT_AUCTION: { cmd: { type: 'auction', productIds: ['H1'] } },
  TYPE_NOT_ALLOWED: { cmd: limit({ productId: 'A1', orderType: 'iceberg', peak: 100 }) },
  BAD_QUANTITY: { cmd: limit({ quantity: 0 }) },
  BAD_LOT: { cmd: limit({ quantity: 150 }) },
  ABOVE_MAX_QUANTITY: { cmd: limit({ quantity: 600_000 }) },
  MISSING_PRICE: { cmd: limit({ price: null }) },
  BAD_PRICE: { cmd: limit({ price: 5000.5 }) },
  OFF_TICK: { cmd: limit({ productId: 'T5', price: 5001 }) },
  OUT_OF_BAND: { cmd: limit({ price: 1_000_000 }) },
  MISSING_STOP_PRICE: { cmd: limit({ orderType: 'stop_limit' }) },
  BAD_PEAK: { cmd: limit({ orderType: 'iceberg', quantity: 500, peak: 150 }) },
  BAD_EXPIRY: { cmd: limit({ tif: 'gfd', expireAt: T0 }) },
  BAD_BLOCK: { cmd: { type: 'placeBlock', orderId: 100, owner: 1, side: 'buy', legs: [{ productId: 'H1', price: 5000, quantity: 100 }] } },
  DUPLICATE_ORDER_ID: { setup: (h) => h.send(limit({ orderId: 100, owner: 2, side: 'sell', price: 6000 })), cmd: limit() },
  DUPLICATE_CLIENT_ID: { setup: (h) => h.send(limit({ orderId: 99, clientOrderId: 'abc' })), cmd: limit({ clientOrderId: 'abc' }) },
  NOT_OWNER: { setup: (h) => h.send(limit({ orderId: 99 })), cmd: { type: 'cancel', orderId: 99, owner: 2 } },
  NOT_LIVE: { cmd: { type: 'cancel', orderId: 12345, owner: 1 } },
  NOT_MODIFIABLE: {
    setup: (h) =>
      h.send({
        type: 'placeBlock',
        orderId: 99,
        owner: 1,
        side: 'buy',
        legs: [
          { productId: 'A1', price: 5000, quantity: 100 },
          { productId: 'A2', price: 5000, quantity: 100 },
        ],
      }),
    cmd: { type: 'modify', orderId: 99, owner: 1, quantity: 200 },
  },
  NO_CHANGE: { setup: (h) => h.send(limit({ orderId: 99 })), cmd: { type: 'modify', orderId: 99, owner: 1, price: 5000, quantity: 100 } },
  HALTED: { setup: (h) => h.send({ type: 'halt' }), cmd: limit() },
  KILL_SWITCH: { setup: (h) => h.send({ type: 'kill', owner: 1 }), cmd: limit() },
  WOULD_CROSS: { setup: (h) => h.send(limit({ orderId: 99, owner: 2, side: 'sell' })), cmd: limit({ orderType: 'post_only' }) },
  FOK_UNFILLED: { setup: (h) => h.send(limit({ orderId: 99, owner: 2, side: 'sell' })), cmd: limit({ orderType: 'fok', quantity: 200 }) },
  BLOCK_UNFILLED: {
    setup: (h) => h.send(limit({ orderId: 99, owner: 2, side: 'sell' })),
    cmd: {
      type: 'placeBlock',
      orderId: 100,
      owner: 1,
      side: 'buy',
      legs: [
        { productId: 'H1', price: 5000, quantity: 100 },
        { productId: 'H2', price: 5000, quantity: 100 },
      ],
    },
  },
};

/** Engine state apart from the command counter, which every command moves. */
function state(h: Harness): string {
  const { lastSeq: _seq, ...rest } = h.engine.snapshot();
  return JSON.stringify(rest);
}

describe('rejections', () => {
  it('every reason code has plain words', () => {
    for (const text of Object.values(REASON_TEXT)) expect(text).toMatch(/^[A-Z].+\.$/);
  });

  for (const [reason, { setup, cmd }] of Object.entries(CASES)) {
    it(`${reason}: rejected with that code and a message, nothing changed`, () => {
      const h = harness();
      h.send(limit({ orderId: 1, owner: 3, side: 'sell', price: 7000, productId: 'H2' }));
      setup?.(h);
      const before = state(h);
      const events = h.send(cmd);
      expect(events).toEqual([
        expect.objectContaining({ type: 'rejected', reason, message: REASON_TEXT[reason as ReasonCode], seq: h.seq }),
      ]);
      expect(state(h)).toBe(before);
    });
  }

  it('a command that is not an object is refused, not thrown', () => {
    const h = harness();
    expect(h.engine.apply(null as unknown as Command)).toMatchObject([{ type: 'rejected', reason: 'UNKNOWN_COMMAND' }]);
  });
});
