import type { OrderView } from '../../src-shared/domain/schemas';
import type { MatchingEngine } from '../engine';

/**
 * A blotter row with what only the engine knows of a live order: how much of an iceberg shows in the
 * book now (the table holds its peak, not the slice the last trades left).
 */
export function withEngineState(order: OrderView, engine: MatchingEngine): OrderView {
  if (order.type !== 'iceberg' || order.remaining === 0) return order;
  const live = engine.order(order.id);
  return live ? { ...order, visible: live.visible } : order;
}
