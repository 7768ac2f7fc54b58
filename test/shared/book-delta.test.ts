import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { afterEach, describe, expect, it } from 'vitest';
import { applyBookDelta, localBook, topOfBook, type BookDelta, type LocalBook } from '../../src-shared/domain/book-delta';
import type { BookView } from '../../src-shared/domain/schemas';
import { type Command, MatchingEngine } from '../../src-main/engine';
import { BookDeltas } from '../../src-main/trading/book-deltas';
import { spec, T0 } from '../engine/helpers';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';

const VIEW = 5;
const SNAPSHOT = 8;

/** What a book shows to everyone: levels and last price (seq differs: a snapshot carries the engine's latest). */
function shown(book: BookView | 'refetch'): Omit<BookView, 'seq'> {
  if (book === 'refetch') throw new Error('expected a book');
  const strip = (levels: BookView['bids']) => levels.map((l) => ({ ...l, ownQuantity: 0 }));
  return { productId: book.productId, lastPrice: book.lastPrice, bids: strip(book.bids), asks: strip(book.asks) };
}

/** A seeded flow of limit, market and cancel orders of several owners around one price, on two products. */
function* flow(seed: number, n: number): Generator<Command> {
  const rng = xoroshiro128plus(seed);
  const int = (k: number): number => (rng.next() >>> 0) % k;
  const live: Array<{ id: number; owner: number }> = [];
  for (let i = 1; i <= n; i++) {
    const productId = int(4) === 0 ? 'Q2' : 'Q1';
    const r = int(10);
    // Stretches of mostly cancels thin the book out, so cut-off sides run short too.
    const cancels = i % 2_000 > 1_000 ? 9 : 3;
    if (r < cancels && live.length > 0) {
      const [target] = live.splice(int(live.length), 1);
      yield { type: 'cancel', seq: i, ts: T0, orderId: target!.id, owner: target!.owner };
      continue;
    }
    const owner = 1 + int(5);
    const side = int(2) === 0 ? 'buy' : 'sell';
    const orderType = r === 9 ? 'market' : r === 8 ? 'iceberg' : 'limit';
    const price = 5_000 + (side === 'buy' ? -1 : 1) * (int(25) - 3) * 10;
    const quantity = 100 * (1 + int(8));
    live.push({ id: i, owner });
    yield { type: 'place', seq: i, ts: T0, orderId: i, owner, productId, side, orderType, price, quantity, peak: orderType === 'iceberg' ? 100 : null };
  }
}

describe('book deltas', () => {
  it('applied to a snapshot, give the same top of book as a fresh snapshot after every step of a random flow', () => {
    const engine = new MatchingEngine();
    engine.apply({ type: 'addProduct', seq: 0, ts: T0, product: spec('Q1') });
    const deltas = new BookDeltas();
    deltas.reset(engine);
    let book: LocalBook = localBook(engine.book('Q1', SNAPSHOT)!, SNAPSHOT);
    let added = false;
    let refetches = 0;
    let gone = 0;
    let applied = 0;
    for (const command of flow(7, 6_000)) {
      if (!added && command.seq > 1_000) {
        // A product listed mid-flow: its deltas start from the empty book.
        engine.apply({ type: 'addProduct', seq: command.seq, ts: T0, product: spec('Q2', {}, 1) });
        added = true;
      }
      engine.apply(command);
      for (const productId of ['Q1', 'Q2']) {
        const delta = deltas.next(engine, productId);
        if (!delta || productId !== 'Q1') continue;
        gone += [...delta.bids, ...delta.asks].filter((l) => l.quantity === 0).length;
        const next = applyBookDelta(book, delta);
        expect(next).not.toBe('gap');
        book = next as LocalBook;
        applied++;
      }
      // Now and then a receiver starts from a fresh snapshot, whose deep sides are cut off at SNAPSHOT levels.
      if (command.seq % 700 === 0) book = localBook(engine.book('Q1', SNAPSHOT)!, SNAPSHOT);
      let top = topOfBook(book, VIEW);
      if (top === 'refetch') {
        refetches++;
        book = localBook(engine.book('Q1', SNAPSHOT)!, SNAPSHOT);
        top = topOfBook(book, VIEW);
      }
      expect(shown(top)).toEqual(shown(engine.book('Q1', VIEW)!));
      expect(book.seq).toBeLessThanOrEqual(engine.lastSeq);
    }
    // The flow exercised what it should: many deltas, levels going away, and cut-off sides running short.
    expect(applied).toBeGreaterThan(3_000);
    expect(gone).toBeGreaterThan(200);
    expect(refetches).toBeGreaterThan(0);
  });

  it('skips a delta the snapshot already holds and reports a missed one as a gap', () => {
    const engine = new MatchingEngine();
    engine.apply({ type: 'addProduct', seq: 0, ts: T0, product: spec('Q1') });
    const deltas = new BookDeltas();
    deltas.reset(engine);
    const place = (seq: number, price: number): void => {
      engine.apply({ type: 'place', seq, ts: T0, orderId: seq, owner: 1, productId: 'Q1', side: 'buy', orderType: 'limit', price, quantity: 100 });
    };
    place(1, 4_000);
    const first = deltas.next(engine, 'Q1')!;
    const snapshot = localBook(engine.book('Q1', SNAPSHOT)!, SNAPSHOT);
    expect(applyBookDelta(snapshot, first)).toBe(snapshot);
    place(2, 4_100);
    const missed = deltas.next(engine, 'Q1')!;
    place(3, 4_200);
    const after = deltas.next(engine, 'Q1')!;
    expect(after.prevSeq).toBe(missed.seq);
    expect(applyBookDelta(snapshot, after)).toBe('gap');
    const caughtUp = applyBookDelta(applyBookDelta(snapshot, missed) as LocalBook, after) as LocalBook;
    expect(caughtUp.bids.map((l) => l.price)).toEqual([4_200, 4_100, 4_000]);
  });
});

let harness: Harness;
afterEach(() => harness?.close());

describe('book.delta through the core', () => {
  it('reaches every signed-in user after the commit, and on top of book.get equals the next book.get', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const tom = await withUser(harness, admin, 'tom', 'trader');
    const viewer = await withUser(harness, admin, 'vera', 'viewer');
    const products = await admin.ok('trading.products.list', {});
    const product = products.find((p) => p.kind === 'hour' && p.gateClosure > harness.clock.now() + 3_600_000)!;
    let book = localBook(await viewer.ok('trading.book.get', { productId: product.id, depth: 50 }), 50);
    await admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 6_000, quantity: 1_000 });
    await admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 6_100, quantity: 500 });
    await Promise.all([
      tom.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 6_000, quantity: 1_000 }),
      tom.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 5_900, quantity: 300 }),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    const received = viewer.eventsOf('trading.book.delta') as BookDelta[];
    expect(received.length).toBeGreaterThanOrEqual(3);
    for (const delta of received) book = applyBookDelta(book, delta) as LocalBook;
    expect(shown(topOfBook(book, 20))).toEqual(shown(await viewer.ok('trading.book.get', { productId: product.id, depth: 20 })));
    // The level traded away is announced as gone.
    expect(received.flatMap((d) => d.asks)).toContainEqual({ price: 6_000, quantity: 0, orders: 0 });
  });
});
