import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookLevel } from '../../../src-shared/schemas';
import { formatMw, formatPrice } from '../../../src-shared/units';
import { ApiError, call } from '../api/client';
import { productLabel } from '../format';
import { useBooks } from '../state/book';
import { useTicket } from '../state/ticket';
import { useTrading } from '../state/trading';

interface RowProps {
  level: BookLevel;
  side: 'bid' | 'ask';
  max: number;
  onPrice(): void;
  onCancelOwn(): void;
}

function LevelRow({ level, side, max, onPrice, onCancelOwn }: RowProps) {
  const { t } = useTranslation();
  const width = max > 0 ? Math.round((level.quantity / max) * 100) : 0;
  const price = formatPrice(level.price);
  return (
    <div className={`ladder-row ladder-${side}${level.ownQuantity > 0 ? ' own' : ''}`} data-price={level.price}>
      <span className="ladder-own num" dir="ltr">
        {level.ownQuantity > 0 && (
          <button type="button" className="ladder-cancel" title={t('ladder.cancelOwn', { price })} aria-label={t('ladder.cancelOwn', { price })} onClick={onCancelOwn}>
            {formatMw(level.ownQuantity)} ✕
          </button>
        )}
      </span>
      <span className="ladder-size num" dir="ltr">
        <span className="ladder-bar" style={{ width: `${width}%` }} />
        <span className="ladder-size-text">{formatMw(level.quantity)}</span>
      </span>
      <button type="button" className="ladder-price num" dir="ltr" title={t(side === 'ask' ? 'ladder.buyAt' : 'ladder.sellAt', { price })} onClick={onPrice}>
        {price}
      </button>
    </div>
  );
}

/** Aggregated depth of the selected product: asks above, bids below, the user's own size marked. */
export function Ladder() {
  const { t, i18n } = useTranslation();
  const productId = useTrading((s) => s.selectedProductId);
  const product = useTrading((s) => s.products.find((p) => p.id === productId));
  const book = useBooks((s) => (productId ? s.books[productId] : undefined));
  const load = useBooks((s) => s.load);

  useEffect(() => {
    if (productId) void load(productId).catch(() => undefined);
  }, [productId, load]);

  // Own size per price comes from the user's own live orders, so one book update serves every user.
  const orders = useTrading((s) => s.orders);
  const ownByPrice = useMemo(() => {
    const map = new Map<string, number>();
    for (const o of orders) {
      if (o.productId !== productId || o.price === null || (o.status !== 'working' && o.status !== 'partially_filled')) continue;
      const key = `${o.side === 'buy' ? 'b' : 'a'}${o.price}`;
      map.set(key, (map.get(key) ?? 0) + o.remaining);
    }
    return map;
  }, [orders, productId]);
  const withOwn = (level: BookLevel, side: 'a' | 'b'): BookLevel => ({ ...level, ownQuantity: ownByPrice.get(`${side}${level.price}`) ?? 0 });
  const prefill = useTicket((s) => s.prefill);
  const [cancelError, setCancelError] = useState<string | null>(null);

  // One click cancels every live order of the user's at that price and side.
  function cancelOwnAt(side: 'buy' | 'sell', price: number) {
    setCancelError(null);
    const targets = orders.filter((o) => o.productId === productId && o.side === side && o.price === price && (o.status === 'working' || o.status === 'partially_filled'));
    Promise.all(targets.map((o) => call('orders.cancel', { orderId: o.id }))).catch((err: unknown) => {
      setCancelError(err instanceof ApiError ? err.message : t('errors.INTERNAL'));
    });
  }

  const max = useMemo(() => Math.max(0, ...(book?.bids ?? []).map((l) => l.quantity), ...(book?.asks ?? []).map((l) => l.quantity)), [book]);
  const asks = useMemo(() => [...(book?.asks ?? [])].reverse(), [book]);

  return (
    <section className="ladder" aria-label={t('panels.ladder')}>
      <header className="ladder-head">
        <span dir="ltr">{product ? productLabel(product, i18n.language) : '—'}</span>
        <span className="muted">
          {t('ladder.last')}: <span dir="ltr">{book?.lastPrice == null ? '—' : formatPrice(book.lastPrice)}</span>
        </span>
      </header>
      <div className="ladder-columns muted">
        <span>{t('ladder.own')}</span>
        <span>{t('ladder.size')}</span>
        <span>{t('ladder.price')}</span>
      </div>
      {cancelError && (
        <p className="error empty" role="alert">
          {cancelError}
        </p>
      )}
      <div className="ladder-body">
        {asks.map((level) => (
          <LevelRow
            key={`a${level.price}`}
            level={withOwn(level, 'a')}
            side="ask"
            max={max}
            onPrice={() => prefill('buy', level.price)}
            onCancelOwn={() => cancelOwnAt('sell', level.price)}
          />
        ))}
        <div className="ladder-spread" role="separator" />
        {(book?.bids ?? []).map((level) => (
          <LevelRow
            key={`b${level.price}`}
            level={withOwn(level, 'b')}
            side="bid"
            max={max}
            onPrice={() => prefill('sell', level.price)}
            onCancelOwn={() => cancelOwnAt('buy', level.price)}
          />
        ))}
        {!book?.bids.length && !book?.asks.length && <p className="muted empty">{t('ladder.empty')}</p>}
      </div>
    </section>
  );
}
