import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookLevel } from '../../../src-shared/schemas';
import { formatMw, formatPrice } from '../../../src-shared/units';
import { productLabel } from '../format';
import { useBooks } from '../state/book';
import { useTrading } from '../state/trading';

function LevelRow({ level, side, max }: { level: BookLevel; side: 'bid' | 'ask'; max: number }) {
  const width = max > 0 ? Math.round((level.quantity / max) * 100) : 0;
  return (
    <div className={`ladder-row ladder-${side}${level.ownQuantity > 0 ? ' own' : ''}`} data-price={level.price}>
      <span className="ladder-own num" dir="ltr">{level.ownQuantity > 0 ? formatMw(level.ownQuantity) : ''}</span>
      <span className="ladder-size num" dir="ltr">
        <span className="ladder-bar" style={{ width: `${width}%` }} />
        <span className="ladder-size-text">{formatMw(level.quantity)}</span>
      </span>
      <span className="ladder-price num" dir="ltr">{formatPrice(level.price)}</span>
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
      <div className="ladder-body">
        {asks.map((level) => (
          <LevelRow key={`a${level.price}`} level={withOwn(level, 'a')} side="ask" max={max} />
        ))}
        <div className="ladder-spread" role="separator" />
        {(book?.bids ?? []).map((level) => (
          <LevelRow key={`b${level.price}`} level={withOwn(level, 'b')} side="bid" max={max} />
        ))}
        {!book?.bids.length && !book?.asks.length && <p className="muted empty">{t('ladder.empty')}</p>}
      </div>
    </section>
  );
}
