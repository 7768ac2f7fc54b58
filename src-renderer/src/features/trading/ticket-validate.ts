import type { CallInput } from '../../../../src-shared/contract';
import type { OrderType, ProductView } from '../../../../src-shared/domain/schemas';
import { formatMw, formatPrice, parseMw, parsePrice } from '../../ui/units';
import type { TicketDraft } from './ticket';

/** An error is a locale key under `ticket.errors` plus its values, so both languages say it. */
export interface TicketError {
  key: string;
  values?: Record<string, string>;
}

export type TicketField = 'product' | 'price' | 'stopPrice' | 'quantity' | 'displayQuantity' | 'allOrNone';

export interface TicketCheck {
  errors: Partial<Record<TicketField, TicketError>>;
  /** The call input, present only when nothing is wrong. */
  order: CallInput<'trading.orders.place'> | null;
}

const PRICE_OPTIONAL: ReadonlySet<OrderType> = new Set(['market', 'stop']);
const NEEDS_STOP: ReadonlySet<OrderType> = new Set(['stop', 'stop_limit']);

export function priceRequired(type: OrderType): boolean {
  return !PRICE_OPTIONAL.has(type);
}
export function stopRequired(type: OrderType): boolean {
  return NEEDS_STOP.has(type);
}

/** The price rules of the order ticket (format, tick, band), shared with the auction form. */
export function checkPrice(text: string, product: ProductView | undefined): { value: number | null; error?: TicketError } {
  const value = parsePrice(text);
  if (value === null) return { value, error: { key: 'price' } };
  if (!product) return { value };
  if (value % product.tickSize !== 0) return { value, error: { key: 'tick', values: { tick: formatPrice(product.tickSize) } } };
  if (value < product.minPrice || value > product.maxPrice) {
    return { value, error: { key: 'band', values: { min: formatPrice(product.minPrice), max: formatPrice(product.maxPrice) } } };
  }
  return { value };
}

function checkQuantity(text: string, product: ProductView | undefined, key: 'quantity' | 'peak'): { value: number | null; error?: TicketError } {
  const value = parseMw(text);
  const lot = product ? formatMw(product.lotSize) : '0.1';
  if (value === null || value <= 0 || (product && value % product.lotSize !== 0)) return { value, error: { key, values: { lot } } };
  if (product && value > product.maxQuantity) return { value, error: { key: 'maxQuantity', values: { max: formatMw(product.maxQuantity) } } };
  return { value };
}

/**
 * The engine's own rules (tick, lot, band, maximum, gate closure), checked as the user types so a
 * mistake is named before anything is sent. The engine checks again: this is for speed, not trust.
 */
export function validateTicket(draft: TicketDraft, product: ProductView | undefined, now: number): TicketCheck {
  const errors: TicketCheck['errors'] = {};
  if (!product) errors.product = { key: 'noProduct' };
  else if (now >= product.gateClosure) errors.product = { key: 'gateClosed' };
  else if (now < product.openAt) errors.product = { key: 'notOpen' };

  let price: number | null = null;
  if (draft.priceText.trim() !== '') {
    const result = checkPrice(draft.priceText, product);
    price = result.value;
    if (result.error) errors.price = result.error;
  } else if (priceRequired(draft.type)) {
    errors.price = { key: 'priceRequired' };
  }

  let stopPrice: number | null = null;
  if (stopRequired(draft.type)) {
    const result = draft.stopText.trim() === '' ? { value: null, error: { key: 'stopRequired' } } : checkPrice(draft.stopText, product);
    stopPrice = result.value;
    if (result.error) errors.stopPrice = result.error;
  }

  const quantity = draft.quantityText.trim() === '' ? { value: null, error: { key: 'quantityRequired' } } : checkQuantity(draft.quantityText, product, 'quantity');
  if (quantity.error) errors.quantity = quantity.error;

  let peak: number | null = null;
  if (draft.type === 'iceberg') {
    const result = draft.peakText.trim() === '' ? { value: null, error: { key: 'peakRequired' } } : checkQuantity(draft.peakText, product, 'peak');
    peak = result.value;
    if (result.error) errors.displayQuantity = result.error;
    else if (peak !== null && quantity.value !== null && peak > quantity.value) errors.displayQuantity = { key: 'peakAboveQuantity' };
  }
  if (draft.allOrNone && draft.type !== 'limit') errors.allOrNone = { key: 'allOrNoneLimitOnly' };
  if (product?.mode === 'auction' && draft.type !== 'limit' && draft.type !== 'market') errors.product = { key: 'auctionTypes' };

  if (Object.keys(errors).length > 0 || !product || quantity.value === null) return { errors, order: null };
  return {
    errors,
    order: {
      productId: product.id,
      side: draft.side,
      type: draft.type,
      timeInForce: draft.validity,
      quantity: quantity.value,
      allOrNone: draft.allOrNone,
      ...(price !== null ? { price } : {}),
      ...(stopPrice !== null ? { stopPrice } : {}),
      ...(peak !== null ? { displayQuantity: peak } : {}),
    },
  };
}

/** Orders at or above the user's own size threshold ask for a second confirmation before they go out. */
export function needsConfirmation(order: CallInput<'trading.orders.place'>, thresholdKw: number | null): boolean {
  return thresholdKw !== null && thresholdKw > 0 && order.quantity >= thresholdKw;
}
