import type { ProductView } from '../../../../src-shared/domain/schemas';
import { checkPrice, type TicketError } from './ticket-validate';

/** What the auction form holds, as typed. */
export interface AuctionDraft {
  countText: string;
  priceText: string;
  quantityText: string;
}

export type AuctionField = 'count' | 'price' | 'quantity';

export interface AuctionCheck {
  /** Locale keys under `ticket.errors` (price, shared with the order ticket) or `auction.errors`. */
  errors: Partial<Record<AuctionField, TicketError & { ns: 'ticket' | 'auction' }>>;
  /** The checked values, present only when nothing is wrong. */
  order: { count: number; price: number; quantity: number } | null;
}

const WHOLE = /^\s*\d+\s*$/;

/**
 * The auction form's rules, checked as the user types so nothing out of range is sent or silently
 * changed: a whole number of quarters between 1 and the quarters left (`maxCount`), the ticket's
 * price rules (format, tick, band), and a whole number of kW on the product's lot up to its maximum.
 */
export function validateAuctionOrder(draft: AuctionDraft, product: ProductView | undefined, maxCount: number): AuctionCheck {
  const errors: AuctionCheck['errors'] = {};
  const count = WHOLE.test(draft.countText) ? Number(draft.countText) : null;
  if (count === null || count < 1 || count > maxCount) errors.count = { ns: 'auction', key: 'count', values: { max: String(maxCount) } };

  const price = checkPrice(draft.priceText, product);
  if (price.error) errors.price = { ns: 'ticket', ...price.error };

  const quantity = WHOLE.test(draft.quantityText) ? Number(draft.quantityText) : null;
  const lot = product?.lotSize ?? 1;
  if (quantity === null || quantity <= 0 || quantity % lot !== 0) errors.quantity = { ns: 'auction', key: 'quantity', values: { lot: String(lot) } };
  else if (product && quantity > product.maxQuantity) errors.quantity = { ns: 'auction', key: 'maxQuantity', values: { max: String(product.maxQuantity) } };

  const ok = Object.keys(errors).length === 0 && count !== null && price.value !== null && quantity !== null;
  return { errors, order: ok ? { count, price: price.value!, quantity } : null };
}
