/** The audit screen's wording of payloads: the screens' units and names, never cents, kW or ids. */
import { describe, expect, it } from 'vitest';
import { detailsText, eventTypeText, type DetailsContext } from '../../src-renderer/src/features/audit/audit-details';
import { shippedLocales } from './locale-files';

const { en } = shippedLocales();
/** The English locale's string at a key, with {{params}} filled in; the key itself when missing (as i18next's defaultValue). */
function t(key: string, options: Record<string, unknown> = {}): string {
  const value = key.split('.').reduce<unknown>((tree, part) => (tree as Record<string, unknown> | undefined)?.[part], en);
  const text = typeof value === 'string' ? value : String(options['defaultValue'] ?? key);
  return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(options[name]));
}
const ctx: DetailsContext = { t, language: 'en', userName: (id) => (id === 7 ? 'tom' : undefined) };

describe('audit details', () => {
  it('shows an order in €/MWh, MW and its delivery period, not price units and kW', () => {
    const text = detailsText({ orderId: 12, productId: 'DE-H-20261123T0900Z', side: 'buy', price: 4520, quantity: 1500 }, ctx);
    expect(text).toBe('Order: 12 · Product: H 10:00–11:00 · Mon 23 Nov · Side: Buy · Price: 45.20 €/MWh · Quantity: 1.5 MW');
  });

  it('names users and shows money in €', () => {
    expect(detailsText({ userId: 7, amountMoney: 250_000_000, reference: 'TX-1' }, ctx)).toBe('User: tom · Amount: 2,500.00 € · Reference: TX-1');
  });

  it('words roles as the Users panel does', () => {
    expect(detailsText({ userId: 7, from: 'trader', to: 'risk_manager' }, ctx)).toBe('User: tom · From: Trader · To: Risk manager');
  });

  it('words limits before and after by their unit', () => {
    expect(detailsText({ before: {}, after: { maxOrderKw: 5_000, maxDailyLossMoney: 100_000, maxDayPositionKwh: 2_500 } }, ctx)).toBe('Before: — · After: (Max order MW: 5 MW · Max daily loss €: 1.00 € · Max open MWh per day: 2.5 MWh)');
  });

  it('words event types and keeps the code of one the locales do not know', () => {
    expect(eventTypeText('order.accepted', t)).toBe('Order accepted');
    expect(eventTypeText('something.new', t)).toBe('something.new');
  });
});
