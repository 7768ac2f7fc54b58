import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice, parseMw, parsePrice } from '../../../ui/units';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

/**
 * Changes a working order's price or open quantity in place, telling the engine's rule first: a
 * reduction keeps the order's place in the queue, a new price or a larger quantity sends it to the back.
 */
export function ModifyOrder({ order, onDone }: { order: OrderView; onDone(): void }) {
  const { t } = useTranslation();
  const [priceText, setPriceText] = useState(order.price === null ? '' : formatPrice(order.price));
  const [quantityText, setQuantityText] = useState(formatMw(order.remaining));
  const [error, setError] = useState<unknown>(null);
  const price = priceText.trim() === '' ? null : parsePrice(priceText);
  const quantity = parseMw(quantityText);
  const priceChanged = price !== null && price !== order.price;
  const quantityChanged = quantity !== null && quantity !== order.remaining;
  const keepsPriority = !priceChanged && quantityChanged && quantity < order.remaining;
  const valid = quantity !== null && quantity > 0 && (order.price === null || price !== null) && (priceChanged || quantityChanged);

  function save(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    setError(null);
    call('trading.orders.modify', { orderId: order.id, ...(priceChanged ? { price: price! } : {}), ...(quantityChanged ? { quantity: quantity! } : {}) })
      .then(onDone)
      .catch(setError);
  }

  return (
    <form className="modify-order row" aria-label={t('blotter.modify.title', { id: order.id })} onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <strong>{t('blotter.modify.title', { id: order.id })}</strong>
      {order.price !== null && (
        <label className="field">
          <span>{t('blotter.price')}</span>
          <input name="modifyPrice" inputMode="decimal" dir="ltr" value={priceText} onChange={(e) => setPriceText(e.target.value)} />
        </label>
      )}
      <label className="field">
        <span>{t('blotter.modify.open')}</span>
        <input name="modifyQuantity" inputMode="decimal" dir="ltr" autoFocus onFocus={(e) => e.target.select()} value={quantityText} onChange={(e) => setQuantityText(e.target.value)} />
      </label>
      <span className="muted" data-testid="modify-rule">
        {valid ? t(keepsPriority ? 'blotter.modify.keepsPriority' : 'blotter.modify.losesPriority') : t('blotter.modify.rule')}
      </span>
      <button type="submit" className="primary" disabled={!valid}>
        {t('blotter.modify.save')}
      </button>
      <button type="button" className="ghost" onClick={onDone}>
        {t('blotter.modify.back')}
      </button>
      <ErrorBanner error={error} className="empty" />
    </form>
  );
}
