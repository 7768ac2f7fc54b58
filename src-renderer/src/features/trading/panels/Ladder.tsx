import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useFastT } from '../../../ui/i18n/fast-t';
import { phrase } from '../../../ui/i18n/phrase';
import type { BookLevel } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../../ui/units';
import { call } from '../../../transport/client';
import { productLabel } from '../../../ui/format';
import { useBooks } from '../book';
import { useTicket } from '../ticket';
import { useTrading } from '../trading';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { ModifyOrder } from './ModifyOrder';

interface RowProps {
  price: number;
  quantity: number;
  ownQuantity: number;
  side: 'bid' | 'ask';
  max: number;
  titles: LevelTitles;
  onPrice(side: 'bid' | 'ask', price: number): void;
  onCancelOwn(side: 'bid' | 'ask', price: number): void;
  onEditOwn(side: 'bid' | 'ask', price: number): void;
  /** The own orders of one level are picked up (drag start) and put down on another level of the same side. */
  onDragOwn(side: 'bid' | 'ask', price: number): void;
  onDropOwn(side: 'bid' | 'ask', price: number): void;
}

/**
 * Rows come and go with every price move: no hooks of their own (a translation hook per mounted row
 * was a steady source of garbage) and memoized, so a book update re-renders only the levels it changed.
 */
interface LevelTitles {
  cancelOwn(price: string): string;
  editOwn(price: string): string;
  buyAt(price: string): string;
  sellAt(price: string): string;
}

const LevelRow = memo(function LevelRow({ price: ticks, quantity, ownQuantity, side, max, titles, onPrice, onCancelOwn, onEditOwn, onDragOwn, onDropOwn }: RowProps) {
  const width = max > 0 ? Math.round((quantity / max) * 100) : 0;
  const price = formatPrice(ticks);
  return (
    <div
      className={`ladder-row ladder-${side}${ownQuantity > 0 ? ' own' : ''}`}
      data-price={ticks}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        onDropOwn(side, ticks);
      }}
    >
      <span className="ladder-own num" dir="ltr">
        {ownQuantity > 0 && (
          <>
            <button type="button" className="ladder-cancel" title={titles.cancelOwn(price)} aria-label={titles.cancelOwn(price)} onClick={() => onCancelOwn(side, ticks)}>
              {formatMw(ownQuantity)} ✕
            </button>
            <button
              type="button"
              className="ladder-cancel"
              draggable
              title={titles.editOwn(price)}
              aria-label={titles.editOwn(price)}
              onClick={() => onEditOwn(side, ticks)}
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'move';
                onDragOwn(side, ticks);
              }}
            >
              ✎
            </button>
          </>
        )}
      </span>
      <span className="ladder-size num" dir="ltr">
        <span className="ladder-bar" style={{ width: `${width}%` }} />
        <span className="ladder-size-text">{formatMw(quantity)}</span>
      </span>
      <button type="button" className="ladder-price num" dir="ltr" title={side === 'ask' ? titles.buyAt(price) : titles.sellAt(price)} onClick={() => onPrice(side, ticks)}>
        {price}
      </button>
    </div>
  );
});

/** Aggregated depth of the selected product: asks above, bids below, the user's own size marked. */
export function Ladder() {
  const { t, language } = useFastT();
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
  const ownAt = (level: BookLevel, side: 'a' | 'b'): number => ownByPrice.get(`${side}${level.price}`) ?? 0;
  const prefill = useTicket((s) => s.prefill);
  const titles = useMemo<LevelTitles>(
    () => ({ cancelOwn: phrase(t, 'ladder.cancelOwn', 'price'), editOwn: phrase(t, 'ladder.editOwn', 'price'), buyAt: phrase(t, 'ladder.buyAt', 'price'), sellAt: phrase(t, 'ladder.sellAt', 'price') }),
    [t],
  );
  const [cancelError, setCancelError] = useState<unknown>(null);

  // Clicking an ask buys at it; clicking a bid sells at it. Stable, so unchanged rows skip rendering.
  const onPrice = useCallback((side: 'bid' | 'ask', price: number) => prefill(side === 'ask' ? 'buy' : 'sell', price), [prefill]);
  // One click cancels every live order of the user's at that price and side (an ask row holds sells).
  const onCancelOwn = useCallback((rowSide: 'bid' | 'ask', price: number) => {
    const side = rowSide === 'ask' ? 'sell' : 'buy';
    setCancelError(null);
    const targets = orders.filter((o) => o.productId === productId && o.side === side && o.price === price && (o.status === 'working' || o.status === 'partially_filled'));
    Promise.all(targets.map((o) => call('trading.orders.cancel', { orderId: o.id }))).catch((err: unknown) => setCancelError(err));
  }, [orders, productId]);

  const liveAt = useCallback(
    (rowSide: 'bid' | 'ask', price: number) =>
      orders.filter((o) => o.productId === productId && o.side === (rowSide === 'ask' ? 'sell' : 'buy') && o.price === price && (o.status === 'working' || o.status === 'partially_filled')),
    [orders, productId],
  );
  const [editing, setEditing] = useState<number | null>(null);
  const edited = orders.find((o) => o.id === editing && (o.status === 'working' || o.status === 'partially_filled'));
  // The edit action opens the first own order of the level; a level of several is modified one by one.
  const onEditOwn = useCallback((rowSide: 'bid' | 'ask', price: number) => setEditing(liveAt(rowSide, price)[0]?.id ?? null), [liveAt]);
  const dragged = useRef<{ side: 'bid' | 'ask'; price: number } | null>(null);
  const onDragOwn = useCallback((side: 'bid' | 'ask', price: number) => {
    dragged.current = { side, price };
  }, []);
  // Dropped on another level of its own side, every own order of the level moves there (a new price: back of that queue).
  const onDropOwn = useCallback((side: 'bid' | 'ask', price: number) => {
    const from = dragged.current;
    dragged.current = null;
    if (from === null || from.side !== side || from.price === price) return;
    setCancelError(null);
    Promise.all(liveAt(from.side, from.price).map((o) => call('trading.orders.modify', { orderId: o.id, price }))).catch((err: unknown) => setCancelError(err));
  }, [liveAt]);

  const max = useMemo(() => Math.max(0, ...(book?.bids ?? []).map((l) => l.quantity), ...(book?.asks ?? []).map((l) => l.quantity)), [book]);
  const asks = useMemo(() => [...(book?.asks ?? [])].reverse(), [book]);

  return (
    <section className="ladder" aria-label={t('panels.ladder')}>
      <header className="ladder-head">
        <span dir="ltr">{product ? productLabel(product, language) : '—'}</span>
        <span className="muted">
          {t('ladder.last')}: <span dir="ltr">{book?.lastPrice == null ? '—' : formatPrice(book.lastPrice)}</span>
        </span>
      </header>
      <div className="ladder-columns muted">
        <span>{t('ladder.own')}</span>
        <span>{t('ladder.size')}</span>
        <span>{t('ladder.price')}</span>
      </div>
      <ErrorBanner error={cancelError} className="empty" />
      {edited && <ModifyOrder key={edited.id} order={edited} onDone={() => setEditing(null)} />}
      <div className="ladder-body">
        {asks.map((level) => (
          <LevelRow
            key={`a${level.price}`}
            price={level.price}
            quantity={level.quantity}
            ownQuantity={ownAt(level, 'a')}
            side="ask"
            max={max}
            titles={titles}
            onPrice={onPrice}
            onCancelOwn={onCancelOwn}
            onEditOwn={onEditOwn}
            onDragOwn={onDragOwn}
            onDropOwn={onDropOwn}
          />
        ))}
        <div className="ladder-spread" role="separator" />
        {(book?.bids ?? []).map((level) => (
          <LevelRow
            key={`b${level.price}`}
            price={level.price}
            quantity={level.quantity}
            ownQuantity={ownAt(level, 'b')}
            side="bid"
            max={max}
            titles={titles}
            onPrice={onPrice}
            onCancelOwn={onCancelOwn}
            onEditOwn={onEditOwn}
            onDragOwn={onDragOwn}
            onDropOwn={onDropOwn}
          />
        ))}
        {!book?.bids.length && !book?.asks.length && <p className="muted empty">{t('ladder.empty')}</p>}
      </div>
    </section>
  );
}
