import type { RefusalView } from '../../../../../src-shared/contract/trading';
import type { OrderStatus, OrderType, OrderView, Side, TimeInForce } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../../ui/units';
import { callErrorText, type Translate } from '../../../ui/errors/error-text';
import { orderStatusText } from './order-status';

/**
 * One row of the orders blotter: an order the market took (`order`), or one the terminal refused
 * (`refusal`), with the fields both have side by side so one table sorts, filters and exports them.
 */
export interface BlotterRow {
  key: string;
  order: OrderView | null;
  refusal: RefusalView | null;
  createdAt: number;
  updatedAt: number;
  productId: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  price: number | null;
  stopPrice: number | null;
  /** All products together, for a block. */
  quantity: number;
  filled: number;
  remaining: number;
  status: OrderStatus | 'refused';
  displayQuantity: number | null;
  visible: number | null;
  allOrNone: boolean;
  block: { legs: number; lastProductId: string } | null;
  /** The market's order id; null for a refusal (it never became an order). */
  orderId: number | null;
}

export function rowOfOrder(order: OrderView): BlotterRow {
  return {
    key: `o${order.id}`,
    order,
    refusal: null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    productId: order.productId,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    price: order.price,
    stopPrice: order.stopPrice,
    quantity: order.quantity,
    filled: order.filled,
    remaining: order.remaining,
    status: order.status,
    displayQuantity: order.displayQuantity,
    visible: order.visible,
    allOrNone: order.allOrNone,
    block: order.block,
    orderId: order.id,
  };
}

export function rowOfRefusal(refusal: RefusalView): BlotterRow {
  const block = refusal.legs > 0 && refusal.lastProductId !== null ? { legs: refusal.legs, lastProductId: refusal.lastProductId } : null;
  return {
    key: `r${refusal.id}`,
    order: null,
    refusal,
    createdAt: refusal.createdAt,
    updatedAt: refusal.createdAt,
    productId: refusal.productId,
    side: refusal.side,
    type: refusal.type,
    timeInForce: refusal.timeInForce,
    price: refusal.price,
    stopPrice: refusal.stopPrice,
    quantity: block ? refusal.quantity * block.legs : refusal.quantity,
    filled: 0,
    remaining: 0,
    status: 'refused',
    displayQuantity: refusal.displayQuantity,
    visible: null,
    allOrNone: refusal.allOrNone,
    block,
    orderId: null,
  };
}

/** Orders and refusals in one list, newest first (the table sorts it again as the user asks). */
export function blotterRows(orders: readonly OrderView[], refusals: readonly RefusalView[]): BlotterRow[] {
  const rows = [...orders.map(rowOfOrder), ...refusals.map(rowOfRefusal)];
  return rows.sort((a, b) => b.createdAt - a.createdAt || (a.key < b.key ? 1 : -1));
}

const LIVE: ReadonlySet<BlotterRow['status']> = new Set(['working', 'partially_filled', 'pending_trigger']);

export function isLive(row: BlotterRow): boolean {
  return LIVE.has(row.status);
}

/** What became of the row, in the user's language: a refusal says why, from its code and parameters. */
export function rowStatusText(row: BlotterRow, t: Translate, language: string): string {
  if (row.order) return orderStatusText(row.order, t, language);
  const refusal = row.refusal!;
  const reason = callErrorText({ code: refusal.code, message: '', ...(refusal.reason === null ? {} : { reason: refusal.reason }), ...(refusal.params === null ? {} : { params: refusal.params }), ...(refusal.field === null ? {} : { field: refusal.field }) }, t, language);
  return t('blotter.refusedBecause', { reason });
}

/**
 * The order's particulars beyond price and quantity, in the screen's units: a stop's trigger and
 * whether it fired, an iceberg's peak, what shows now and what is hidden, all-or-none, a block's span.
 */
export function rowDetailParts(row: BlotterRow, t: Translate, productName: (id: string) => string): string[] {
  const parts: string[] = [];
  if (row.block) {
    parts.push(t('blotter.part.block', { legs: row.block.legs, each: formatMw(row.quantity / row.block.legs), last: productName(row.block.lastProductId) }));
  } else if (row.allOrNone) {
    parts.push(t('blotter.part.allOrNone'));
  }
  if (row.stopPrice !== null) {
    const state = row.status === 'pending_trigger' ? 'waiting' : row.status === 'refused' ? 'none' : 'triggered';
    parts.push(t(`blotter.part.stop.${state}`, { price: formatPrice(row.stopPrice) }));
  }
  if (row.displayQuantity !== null) {
    parts.push(t('blotter.part.peak', { peak: formatMw(row.displayQuantity) }));
    if (row.visible !== null && row.remaining > 0) {
      parts.push(t('blotter.part.shownHidden', { shown: formatMw(row.visible), hidden: formatMw(Math.max(0, row.remaining - row.visible)) }));
    }
  }
  return parts;
}
