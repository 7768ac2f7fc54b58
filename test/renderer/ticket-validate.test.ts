import { describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import type { TicketDraft } from '../../src-renderer/src/features/trading/ticket';
import { needsConfirmation, validateTicket } from '../../src-renderer/src/features/trading/ticket-validate';

const product: ProductView = {
  id: 'DE-H-20261123T1100Z', area: 'DE', kind: 'hour', blockName: '', deliveryStart: 2_000_000, deliveryEnd: 5_600_000,
  openAt: 0, gateClosure: 1_700_000, tickSize: 5, lotSize: 100, minPrice: -50_000, maxPrice: 400_000, maxQuantity: 500_000, mode: 'continuous',
};
const draft: TicketDraft = { side: 'buy', type: 'limit', validity: 'gtc', priceText: '-12.35', quantityText: '1.5', stopText: '', peakText: '', allOrNone: false };
const now = 1_000_000;

describe('ticket validation', () => {
  it('a valid negative limit price becomes the call input in integer units', () => {
    expect(validateTicket(draft, product, now).order).toEqual({
      productId: product.id, side: 'buy', type: 'limit', timeInForce: 'gtc', quantity: 1500, allOrNone: false, price: -1235,
    });
  });

  it('names the tick when the price is off the grid', () => {
    expect(validateTicket({ ...draft, priceText: '10.01' }, product, now).errors.price).toEqual({ key: 'tick', values: { tick: '0.05' } });
  });

  it('names the band when the price is outside it', () => {
    expect(validateTicket({ ...draft, priceText: '-600' }, product, now).errors.price?.key).toBe('band');
  });

  it('refuses a quantity off the lot', () => {
    expect(validateTicket({ ...draft, quantityText: '1.55' }, product, now).errors.quantity?.key).toBe('quantity');
  });

  it('refuses a product past its gate closure', () => {
    const check = validateTicket(draft, product, product.gateClosure);
    expect(check.errors.product?.key).toBe('gateClosed');
    expect(check.order).toBeNull();
  });

  it('a stop order needs a stop price but no limit price', () => {
    const check = validateTicket({ ...draft, type: 'stop', priceText: '' }, product, now);
    expect(check.errors).toEqual({ stopPrice: { key: 'stopRequired' } });
  });

  it('an iceberg peak cannot exceed the quantity', () => {
    expect(validateTicket({ ...draft, type: 'iceberg', peakText: '2' }, product, now).errors.displayQuantity?.key).toBe('peakAboveQuantity');
  });

  it('asks for confirmation from the threshold up, never without one', () => {
    const order = validateTicket(draft, product, now).order!;
    expect([needsConfirmation(order, 1500), needsConfirmation(order, 1600), needsConfirmation(order, null)]).toEqual([true, false, false]);
  });
});
