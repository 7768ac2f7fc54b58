import type { OrderView } from '../../../../../src-shared/domain/schemas';
import { formatMw } from '../../../../../src-shared/domain/units';
import { reasonText, type Translate } from '../../../ui/errors/error-text';

/**
 * What became of an order, in words: a partial fill that ended (an IOC, a cancel) says how much
 * filled, and a refusal says why, so the blotter keeps what happened, not only a status.
 */
export function orderStatusText(order: OrderView, t: Translate): string {
  const ended = order.status === 'cancelled' || order.status === 'expired';
  if (ended && order.filled > 0) {
    return t(`blotter.partlyThen.${order.status}`, { filled: formatMw(order.filled), quantity: formatMw(order.quantity) });
  }
  const status = t(`status.${order.status}`);
  if (order.reason === null || order.status === 'working' || order.status === 'partially_filled' || order.status === 'filled') return status;
  return t('blotter.statusWithReason', { status, reason: reasonText(order.reason, t) });
}
