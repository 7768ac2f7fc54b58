import { create } from 'zustand';
import type { OrderType, Side, TimeInForce } from '../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../ui/units';
import { useTrading } from './trading';

export interface TicketDraft {
  side: Side;
  type: OrderType;
  validity: TimeInForce;
  priceText: string;
  quantityText: string;
  stopText: string;
  peakText: string;
  allOrNone: boolean;
}

interface TicketState extends TicketDraft {
  /** Bumped on every prefill so the ticket can move focus to the quantity field. */
  prefillCount: number;
  edit(change: Partial<TicketDraft>): void;
  /** A click in the ladder: lift an ask (buy) or hit a bid (sell) at that price (the quantity kept, to be typed over). */
  prefill(side: Side, price: number, quantity?: number): void;
  clear(): void;
}

const EMPTY: TicketDraft = {
  side: 'buy',
  type: 'limit',
  validity: 'gtc',
  priceText: '',
  quantityText: '',
  stopText: '',
  peakText: '',
  allOrNone: false,
};

/** The ticket's draft lives outside the panel so the ladder, watchlist and chart can fill it in. */
export const useTicket = create<TicketState>((set) => ({
  ...EMPTY,
  prefillCount: 0,
  edit(change) {
    set(change);
  },
  prefill(side, price, quantity) {
    set((state) => ({
      side,
      priceText: formatPrice(price),
      quantityText: quantity === undefined ? state.quantityText : formatMw(quantity),
      type: state.type === 'market' || state.type === 'stop' ? 'limit' : state.type,
      prefillCount: state.prefillCount + 1,
    }));
  },
  clear() {
    set((state) => ({ priceText: '', quantityText: '', stopText: '', peakText: '', allOrNone: false, side: state.side, type: state.type, validity: state.validity }));
  },
}));

/** What another panel (ladder, watchlist, matrix, chart) asks of the ticket: a side and price, maybe a product and quantity (kW). */
export interface TicketPrefill {
  productId?: string;
  side: Side;
  price: number;
  quantity?: number;
}

/**
 * Fills the ticket in and moves the cursor to its quantity with the text selected, so what the user
 * types next replaces the old quantity instead of being appended to it.
 */
export function prefillTicket({ productId, side, price, quantity }: TicketPrefill): void {
  if (productId !== undefined) useTrading.getState().selectProduct(productId);
  useTicket.getState().prefill(side, price, quantity);
}
