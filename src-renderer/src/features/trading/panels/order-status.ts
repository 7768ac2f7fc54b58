import type { OrderView } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../../ui/units';
import { ltr } from '../../../ui/format';
import { reasonText, type Translate } from '../../../ui/errors/error-text';

/**
 * What became of an order, in words: a partial fill that ended (an IOC, a cancel, an auction that
 * filled part) says how much filled, and an ending or a refusal says why, with the reason's
 * parameters (an auction's clearing price), so the blotter keeps what happened, not only a status.
 */
export function orderStatusText(order: OrderView, t: Translate, language = 'en'): string {
  const ended = order.status === 'cancelled' || order.status === 'expired';
  const reason = order.reason === null ? '' : reasonText(order.reason, t, order.reasonParams ?? undefined, language);
  if (ended && order.filled > 0) {
    const filled = formatMw(order.filled);
    const quantity = formatMw(order.quantity);
    const price = order.reasonParams?.priceUnits;
    if (order.reason === 'auction_unfilled' && typeof price === 'number') return t('blotter.partlyThen.auction_unfilled', { filled, quantity, price: ltr(formatPrice(price)) });
    return t(`blotter.partlyThen.${order.status}`, { filled, quantity });
  }
  // An order its auction left unfilled has ended; the reason is its status.
  if (order.reason === 'auction_unfilled') return reason;
  const status = t(`status.${order.status}`);
  if (order.reason === null || order.status === 'working' || order.status === 'partially_filled' || order.status === 'filled') return status;
  return t('blotter.statusWithReason', { status, reason });
}
