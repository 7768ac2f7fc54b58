/**
 * GridDesk's matching engine: pure and deterministic, commands in, events out.
 *
 *   const engine = new MatchingEngine({ stp: 'cancel_resting' });
 *   engine.apply({ type: 'addProduct', seq, ts, product });
 *   const events = engine.apply({ type: 'place', seq, ts, orderId, owner, productId, side, orderType, price, quantity });
 *   engine.apply(command, (event) => journal.push(event)); // or stream events to a sink
 *   engine.book(productId, 10, owner); engine.order(orderId); engine.openOrders(owner);
 *   const state = engine.snapshot(); const again = MatchingEngine.restore(state);
 *
 * Module map: api/ (the contract: commands, events, views, snapshot; Side, OrderType, TimeInForce
 * and BookView are the shared ones of src-shared/domain/schemas), reasons (rejection words),
 * engine (façade), orders (place, modify, cancel), matching (continuous), stops, blocks, auction
 * + auction-price (clearing) + auction-allocator (pro rata), controls (halt, kill, cancel-all),
 * lifecycle (products, clock, gate closure), book (levels and FIFO queues), changed-levels (depth
 * changes since last taken),
 * order (pooled orders, block legs), id-index, deadlines, state, views, snapshot, validation.
 */
export { MatchingEngine } from './engine';
export { REASON_TEXT } from './reasons';
export { AUCTION_RULE } from './auction-price';
export { SNAPSHOT_FORMAT } from './snapshot';
export type * from './api/commands';
export type * from './api/events';
export type * from './api/views';
export type * from './api/snapshot';
