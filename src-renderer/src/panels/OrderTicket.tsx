import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderType, Side, TimeInForce } from '../../../src-shared/schemas';
import { formatMw, formatPrice, parseMw, parsePrice } from '../../../src-shared/units';
import { ApiError, call } from '../api/client';
import { productLabel } from '../format';
import { useNow } from '../hooks/useNow';
import { errorCode } from '../state/session';
import { useTrading } from '../state/trading';

const TYPES: OrderType[] = ['limit', 'market', 'ioc', 'fok', 'post_only'];
const VALIDITIES: TimeInForce[] = ['gtc', 'gfd', 'gtgc'];

export function OrderTicket() {
  const { t, i18n } = useTranslation();
  const products = useTrading((s) => s.products);
  const selectedProductId = useTrading((s) => s.selectedProductId);
  const selectProduct = useTrading((s) => s.selectProduct);
  const [side, setSide] = useState<Side>('buy');
  const [type, setType] = useState<OrderType>('limit');
  const [validity, setValidity] = useState<TimeInForce>('gtc');
  const [priceText, setPriceText] = useState('');
  const [quantityText, setQuantityText] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const priceRef = useRef<HTMLInputElement>(null);

  // Products past gate closure cannot take orders: the list follows the clock.
  const now = useNow(1_000);
  const openProducts = useMemo(() => products.filter((p) => p.gateClosure > now && p.openAt <= now), [products, now]);
  const product = openProducts.find((p) => p.id === selectedProductId);
  const needsPrice = type !== 'market';
  const price = parsePrice(priceText);
  const quantity = parseMw(quantityText);

  const priceError = useMemo(() => {
    if (!needsPrice || priceText === '') return null;
    if (price === null) return t('ticket.errors.price');
    if (product && price % product.tickSize !== 0) return `${t('ticket.errors.price')} (tick ${formatPrice(product.tickSize)})`;
    if (product && (price < product.minPrice || price > product.maxPrice)) {
      return `${formatPrice(product.minPrice)} … ${formatPrice(product.maxPrice)}`;
    }
    return null;
  }, [needsPrice, priceText, price, product, t]);

  const lot = product ? formatMw(product.lotSize) : '0.1';
  const quantityError =
    quantityText === '' ? null : quantity === null || quantity <= 0 || (product && quantity % product.lotSize !== 0) ? t('ticket.errors.quantity', { lot }) : null;

  const canSend = !!product && !busy && !priceError && !quantityError && quantity !== null && (!needsPrice || price !== null);

  async function send(event?: FormEvent) {
    event?.preventDefault();
    if (!product || !canSend || quantity === null) return;
    setBusy(true);
    setMessage(null);
    try {
      const order = await call('orders.place', {
        productId: product.id,
        side,
        type,
        timeInForce: validity,
        quantity,
        ...(needsPrice && price !== null ? { price } : {}),
      });
      setMessage({ kind: 'ok', text: t('ticket.sent', { id: order.id, status: t(`status.${order.status}`) }) });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError && err.error.code === 'REJECTED' ? err.message : err instanceof ApiError && err.error.code === 'BAD_INPUT' ? err.message : t(`errors.${errorCode(err)}`) });
    } finally {
      setBusy(false);
    }
  }

  function clear() {
    setPriceText('');
    setQuantityText('');
    setMessage(null);
  }

  function stepPrice(ticks: number) {
    const tick = product?.tickSize ?? 1;
    const base = price ?? 0;
    setPriceText(formatPrice(base + ticks * tick));
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'F1') {
      event.preventDefault();
      setSide('buy');
      priceRef.current?.focus();
    } else if (event.key === 'F2') {
      event.preventDefault();
      setSide('sell');
      priceRef.current?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      clear();
    }
  }

  return (
    <form className={`ticket ticket-${side}`} onSubmit={send} onKeyDown={onKeyDown} aria-label={t('panels.ticket')}>
      <label className="field">
        <span>{t('ticket.product')}</span>
        <select name="product" value={product?.id ?? ''} onChange={(e) => selectProduct(e.target.value)}>
          {openProducts.length === 0 && <option value="">{t('ticket.noProducts')}</option>}
          {openProducts.map((p) => (
            <option key={p.id} value={p.id}>
              {productLabel(p, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      <div className="side-switch" role="radiogroup" aria-label={t('ticket.side')}>
        {(['buy', 'sell'] as const).map((s) => (
          <button key={s} type="button" role="radio" aria-checked={side === s} className={`side-${s}${side === s ? ' active' : ''}`} onClick={() => setSide(s)}>
            {t(`ticket.${s}`)} <kbd>{s === 'buy' ? 'F1' : 'F2'}</kbd>
          </button>
        ))}
      </div>
      <div className="row">
        <label className="field">
          <span>{t('ticket.type')}</span>
          <select name="type" value={type} onChange={(e) => setType(e.target.value as OrderType)}>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`ticket.types.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('ticket.validity')}</span>
          <select name="validity" value={validity} onChange={(e) => setValidity(e.target.value as TimeInForce)}>
            {VALIDITIES.map((value) => (
              <option key={value} value={value}>
                {t(`ticket.tif.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label className="field">
          <span>{t('ticket.price')}</span>
          <input
            ref={priceRef}
            name="price"
            inputMode="decimal"
            dir="ltr"
            disabled={!needsPrice}
            aria-invalid={!!priceError}
            value={priceText}
            onChange={(e) => setPriceText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
                e.preventDefault();
                stepPrice((e.key === 'ArrowUp' ? 1 : -1) * (e.shiftKey ? 10 : 1));
              }
            }}
          />
        </label>
        <label className="field">
          <span>{t('ticket.quantity')}</span>
          <input
            name="quantity"
            inputMode="decimal"
            dir="ltr"
            aria-invalid={!!quantityError}
            value={quantityText}
            onChange={(e) => setQuantityText(e.target.value)}
          />
        </label>
      </div>
      {(priceError ?? quantityError) && (
        <p className="error" role="alert">
          {priceError ?? quantityError}
        </p>
      )}
      <button type="submit" name="send" className={`primary send-${side}`} disabled={!canSend}>
        {t(`ticket.submit_${side}`)} ⏎
      </button>
      {message && (
        <p className={message.kind === 'ok' ? 'ok' : 'error'} role="status" data-testid="ticket-message">
          {message.text}
        </p>
      )}
    </form>
  );
}
