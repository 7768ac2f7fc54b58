import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../src-shared/schemas';
import { formatMw, formatPrice } from '../../../src-shared/units';
import { ApiError, call } from '../api/client';
import { productLabel, timeOfDay } from '../format';
import { useTrading } from '../state/trading';

const ROW_HEIGHT = 28;
const LIVE: ReadonlySet<OrderView['status']> = new Set(['working', 'partially_filled', 'pending_trigger']);

export function Blotter() {
  const { t, i18n } = useTranslation();
  const [cancelError, setCancelError] = useState<string | null>(null);
  const orders = useTrading((s) => s.orders);
  const products = useTrading((s) => s.products);
  const labels = useMemo(() => new Map(products.map((p) => [p.id, productLabel(p, i18n.language)])), [products, i18n.language]);
  const sorted = useMemo(() => [...orders].sort((a, b) => b.id - a.id), [orders]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  function cancel(orderId: number) {
    setCancelError(null);
    call('orders.cancel', { orderId }).catch((err: unknown) => {
      setCancelError(err instanceof ApiError ? err.message : t('errors.INTERNAL'));
    });
  }

  const columns = ['time', 'id', 'product', 'side', 'type', 'price', 'quantity', 'filled', 'status', 'actions'] as const;

  return (
    <div className="blotter" role="table" aria-label={t('panels.blotter')} aria-rowcount={sorted.length + 1}>
      <div className="blotter-toolbar">
        <button
          type="button"
          className="ghost"
          disabled={!sorted.some((o) => LIVE.has(o.status))}
          onClick={() => {
            setCancelError(null);
            call('orders.cancelAll', {}).catch((err: unknown) => setCancelError(err instanceof ApiError ? err.message : t('errors.INTERNAL')));
          }}
        >
          {t('blotter.cancelAll')}
        </button>
      </div>
      <div className="blotter-row blotter-head" role="row">
        {columns.map((c) => (
          <span key={c} role="columnheader" className={`col-${c}`}>
            {t(`blotter.${c}`)}
          </span>
        ))}
      </div>
      {cancelError && (
        <p className="error empty" role="alert">
          {cancelError}
        </p>
      )}
      {sorted.length === 0 && <p className="muted empty">{t('blotter.empty')}</p>}
      <div className="blotter-body" ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const order = sorted[item.index];
            if (!order) return null;
            return (
              <div
                key={order.id}
                role="row"
                data-order-id={order.id}
                className={`blotter-row side-${order.side} status-${order.status}`}
                style={{ position: 'absolute', insetInlineStart: 0, insetInlineEnd: 0, top: item.start, height: ROW_HEIGHT }}
              >
                <span role="cell" className="col-time" dir="ltr">{timeOfDay(order.createdAt, i18n.language)}</span>
                <span role="cell" className="col-id">{order.id}</span>
                <span role="cell" className="col-product" dir="ltr">{labels.get(order.productId) ?? order.productId}</span>
                <span role="cell" className="col-side">{t(`side.${order.side}`)}</span>
                <span role="cell" className="col-type">{t(`ticket.types.${order.type}`)}</span>
                <span role="cell" className="col-price num" dir="ltr">{order.price === null ? '—' : formatPrice(order.price)}</span>
                <span role="cell" className="col-quantity num" dir="ltr">{formatMw(order.quantity)}</span>
                <span role="cell" className="col-filled num" dir="ltr">{formatMw(order.filled)}</span>
                <span role="cell" className="col-status" title={order.reason ?? ''}>{t(`status.${order.status}`)}</span>
                <span role="cell" className="col-actions">
                  {LIVE.has(order.status) && (
                    <button type="button" className="link" onClick={() => cancel(order.id)}>
                      {t('blotter.cancel')}
                    </button>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
