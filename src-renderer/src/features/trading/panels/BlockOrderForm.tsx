import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalProductView } from '../../../../../src-shared/contract/trading';
import type { Side } from '../../../../../src-shared/domain/schemas';
import { call } from '../../../transport/client';
import { errorText } from '../../../ui/errors/error-text';
import { productLabel } from '../../../ui/format';
import { validateAuctionOrder, type AuctionField } from '../auction-validate';
import { consecutiveFrom } from '../consecutive';
import { DeliveryPreview } from '../../delivery/public';
import { hasRole, useSession } from '../../auth/public';
import { TRADING_ROLES } from '../../../../../src-shared/contract/kit';

/**
 * An order on the local market: one quarter (a plain limit order), or, in the daily auction, a block
 * order with one side, price and quantity on each of N consecutive quarters, filled on all of them
 * or on none. The rolling quarter-hour auctions take single orders only (`blocks` false).
 */
export function BlockOrderForm(props: { products: readonly LocalProductView[]; blocks: boolean; onPlaced?: () => void }) {
  const { t } = useTranslation();
  // A viewer follows the auctions: no form to fill in that the core would only refuse, the reason instead.
  if (!hasRole(useSession((s) => s.user?.role), TRADING_ROLES)) {
    return (
      <p className="muted" data-testid="auction-view-only">
        {t('ticket.viewOnly')}
      </p>
    );
  }
  return <OrderForm {...props} />;
}

function OrderForm({ products, blocks, onPlaced }: { products: readonly LocalProductView[]; blocks: boolean; onPlaced?: () => void }) {
  const { t, i18n } = useTranslation();
  const [side, setSide] = useState<Side>('buy');
  const [firstId, setFirstId] = useState('');
  const [countText, setCountText] = useState('4');
  const [price, setPrice] = useState('');
  const [quantity, setQuantity] = useState('');
  const [touched, setTouched] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const first = products.find((p) => p.id === firstId) ?? products[0];
  // How many consecutive quarters are left from the first one: the most a block can cover.
  const maxCount = blocks ? consecutiveFrom(products, first, products.length).length : 1;
  const check = validateAuctionOrder({ countText: blocks ? countText : '1', priceText: price, quantityText: quantity }, first, Math.max(1, maxCount));
  const legs = check.errors.count ? [] : consecutiveFrom(products, first, blocks ? Number(countText) : 1);
  const shown = (field: AuctionField): string | null => {
    const error = check.errors[field];
    if (!error || (!touched && field !== 'count')) return null;
    return t(`${error.ns}.errors.${error.key}`, error.values);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    setMessage(null);
    const order = check.order;
    if (order === null) return;
    if (legs.length === 0) return setMessage({ kind: 'error', text: t('auction.needOne') });
    setBusy(true);
    try {
      if (legs.length === 1) {
        const placed = await call('trading.orders.place', { productId: legs[0]!.id, side, type: 'limit', price: order.price, quantity: order.quantity });
        setMessage({ kind: 'ok', text: t('auction.placedOne', { id: placed.id }) });
      } else {
        const block = await call('trading.orders.placeBlock', { side, productIds: legs.map((p) => p.id), price: order.price, quantity: order.quantity });
        setMessage({ kind: 'ok', text: t('auction.placed', { id: block.id, count: block.legs.length }) });
      }
      onPlaced?.();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }

  const field = (name: AuctionField, label: string, input: ReactElement) => {
    const error = shown(name);
    return (
      <label className="field">
        <span>{label}</span>
        {input}
        {error && (
          <span className="error field-error" id={`auction-${name}-error`} role="alert">
            {error}
          </span>
        )}
      </label>
    );
  };
  const described = (name: AuctionField) => (shown(name) ? { 'aria-invalid': true, 'aria-describedby': `auction-${name}-error` } : {});

  return (
    <form className="auction-block" onSubmit={(e) => void submit(e)} aria-label={t('auction.blockTitle')} noValidate>
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
        {blocks &&
          field('count', t('auction.quarters'), <input name="count" inputMode="numeric" dir="ltr" value={countText} onChange={(e) => setCountText(e.target.value)} {...described('count')} />)}
        {field('price', t('auction.price'), <input name="price" inputMode="decimal" dir="ltr" value={price} onChange={(e) => setPrice(e.target.value)} {...described('price')} />)}
        {field('quantity', t('auction.quantity'), <input name="quantity" inputMode="numeric" dir="ltr" value={quantity} onChange={(e) => setQuantity(e.target.value)} {...described('quantity')} />)}
      </div>
      <p className="muted">{blocks ? t('auction.covers', { count: legs.length }) : t('auction.singleOnly')}</p>
      <DeliveryPreview products={legs} side={side} quantityKw={check.errors.quantity ? null : Number(quantity)} />
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
