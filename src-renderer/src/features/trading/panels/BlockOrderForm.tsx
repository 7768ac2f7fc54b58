import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalProductView } from '../../../../../src-shared/contract/trading';
import type { Side } from '../../../../../src-shared/domain/schemas';
import { parsePrice } from '../../../../../src-shared/domain/units';
import { call } from '../../../transport/client';
import { errorText } from '../../../ui/errors/error-text';
import { productLabel } from '../../../ui/format';
import { consecutiveFrom } from '../consecutive';
import { DeliveryPreview } from '../../delivery/public';

const MAX_QUARTERS = 16;

/**
 * An order on the local market: one quarter (a plain limit order), or a block order with one side,
 * price and quantity on each of N consecutive quarters, filled on all of them or on none.
 */
export function BlockOrderForm({ products }: { products: readonly LocalProductView[] }) {
  const { t, i18n } = useTranslation();
  const [side, setSide] = useState<Side>('buy');
  const [firstId, setFirstId] = useState('');
  const [count, setCount] = useState(4);
  const [price, setPrice] = useState('');
  const [quantity, setQuantity] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const first = products.find((p) => p.id === firstId) ?? products[0];
  const legs = consecutiveFrom(products, first, count);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const units = parsePrice(price);
    const kw = /^\s*\d+\s*$/.test(quantity) ? Number(quantity) : null;
    if (units === null) return setMessage({ kind: 'error', text: t('auction.badPrice') });
    if (kw === null || kw <= 0) return setMessage({ kind: 'error', text: t('auction.badQuantity') });
    if (legs.length === 0) return setMessage({ kind: 'error', text: t('auction.needOne') });
    setBusy(true);
    try {
      if (legs.length === 1) {
        const order = await call('trading.orders.place', { productId: legs[0]!.id, side, type: 'limit', price: units, quantity: kw });
        setMessage({ kind: 'ok', text: t('auction.placedOne', { id: order.id }) });
      } else {
        const block = await call('trading.orders.placeBlock', { side, productIds: legs.map((p) => p.id), price: units, quantity: kw });
        setMessage({ kind: 'ok', text: t('auction.placed', { id: block.id, count: block.legs.length }) });
      }
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auction-block" onSubmit={(e) => void submit(e)} aria-label={t('auction.blockTitle')}>
      <h3>{t('auction.blockTitle')}</h3>
      <div className="auction-block-fields">
        <label className="field">
          <span>{t('auction.side')}</span>
          <select name="side" value={side} onChange={(e) => setSide(e.target.value === 'sell' ? 'sell' : 'buy')}>
            <option value="buy">{t('auction.buy')}</option>
            <option value="sell">{t('auction.sell')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('auction.from')}</span>
          <select name="first" value={first?.id ?? ''} onChange={(e) => setFirstId(e.target.value)}>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {productLabel(p, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('auction.quarters')}</span>
          <input name="count" type="number" min={1} max={MAX_QUARTERS} value={count} onChange={(e) => setCount(Math.min(MAX_QUARTERS, Math.max(1, Number(e.target.value) || 1)))} />
        </label>
        <label className="field">
          <span>{t('auction.price')}</span>
          <input name="price" inputMode="decimal" dir="ltr" value={price} onChange={(e) => setPrice(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('auction.quantity')}</span>
          <input name="quantity" inputMode="numeric" dir="ltr" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
        </label>
      </div>
      <p className="muted">{t('auction.covers', { count: legs.length })}</p>
      <DeliveryPreview products={legs} side={side} quantityKw={/^\s*\d+\s*$/.test(quantity) ? Number(quantity) : null} />
      <button type="submit" className="primary" disabled={busy || products.length === 0}>
        {legs.length > 1 ? t('auction.placeBlock') : t('auction.placeOne')}
      </button>
      {message && (
        <p className={message.kind === 'ok' ? 'ok' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
