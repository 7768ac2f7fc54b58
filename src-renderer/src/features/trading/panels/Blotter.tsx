import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView, TradeView } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../../../../src-shared/domain/units';
import { call } from '../../../transport/client';
import { dayTime, dayTimeSeconds, productLabel } from '../../../ui/format';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import { useTrading } from '../trading';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { ModifyOrder } from './ModifyOrder';
import { orderStatusText } from './order-status';
import { hasRole, useSession } from '../../auth/public';
import { TRADING_ROLES } from '../../../../../src-shared/contract/kit';

const LIVE: ReadonlySet<OrderView['status']> = new Set(['working', 'partially_filled', 'pending_trigger']);

function useLabels() {
  const { i18n } = useTranslation();
  const products = useTrading((s) => s.products);
  return useMemo(() => new Map(products.map((p) => [p.id, productLabel(p, i18n.language)])), [products, i18n.language]);
}

/** Own orders and own trades, each filterable, sortable and exportable as shown. */
export function Blotter() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'orders' | 'trades'>('orders');
  const tabs = (
    <div className="tabs" role="tablist">
      {(['orders', 'trades'] as const).map((id) => (
        <button key={id} type="button" role="tab" name={`tab-${id}`} aria-selected={tab === id} onClick={() => setTab(id)}>
          {t(`blotter.tabs.${id}`)}
        </button>
      ))}
    </div>
  );
  return tab === 'orders' ? <OrdersTable tabs={tabs} /> : <TradesTable tabs={tabs} />;
}

function OrdersTable({ tabs }: { tabs: ReactNode }) {
  const { t, i18n } = useTranslation();
  // A viewer has no orders to cancel: the buttons would only be refused.
  const canTrade = hasRole(useSession((st) => st.user?.role), TRADING_ROLES);
  const orders = useTrading((s) => s.orders);
  const labels = useLabels();
  const [liveOnly, setLiveOnly] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [cancelled, setCancelled] = useState<number | null>(null);
  const editedOrder = orders.find((o) => o.id === editing && LIVE.has(o.status));
  const selectedProductId = useTrading((s) => s.selectedProductId);
  const rows = useMemo(() => (liveOnly ? orders.filter((o) => LIVE.has(o.status)) : orders), [orders, liveOnly]);
  const language = i18n.language;

  const columns = useMemo<Column<OrderView>[]>(
    () => [
      // Status and actions come before the details, so they show in the default layout's width.
      { id: 'time', value: (o) => o.createdAt, text: (o) => dayTime(o.createdAt, language), instantArea: () => HOME_AREA },
      { id: 'product', value: (o) => labels.get(o.productId) ?? o.productId },
      { id: 'side', value: (o) => t(`side.${o.side}`) },
      { id: 'price', value: (o) => (o.price === null ? '' : o.price / 100), text: (o) => (o.price === null ? '—' : formatPrice(o.price)), numeric: true },
      { id: 'quantity', value: (o) => o.quantity / 1000, text: (o) => formatMw(o.quantity), numeric: true },
      { id: 'filled', value: (o) => o.filled / 1000, text: (o) => formatMw(o.filled), numeric: true },
      { id: 'status', value: (o) => orderStatusText(o, t) },
      { id: 'actions', value: () => '' },
      { id: 'type', value: (o) => t(`ticket.types.${o.type}`) },
      { id: 'validity', value: (o) => t(`ticket.tif.${o.timeInForce}`) },
      { id: 'id', value: (o) => o.id, numeric: true },
    ],
    [labels, language, t],
  );

  function report(err: unknown) {
    setError(err);
  }

  /** Whether the selected product holds a live order of the caller (of one side, when given). */
  function liveIn(side?: OrderView['side']): boolean {
    return orders.some((o) => o.productId === selectedProductId && (side === undefined || o.side === side) && LIVE.has(o.status));
  }

  function cancelAll(scope: { productId?: string; side?: OrderView['side'] }) {
    setError(null);
    call('trading.orders.cancelAll', scope)
      .then((answer) => setCancelled(answer.cancelled))
      .catch(report);
  }

  return (
    <>
      <ErrorBanner error={error} className="empty" />
      {editedOrder && <ModifyOrder key={editedOrder.id} order={editedOrder} onDone={() => setEditing(null)} />}
      <DataTable
        name="orders"
        label={t('panels.blotter')}
        columns={columns}
        header={(id) => t(`blotter.${id}`)}
        rows={rows}
        rowKey={(o) => o.id}
        rowClass={(o) => `side-${o.side} status-${o.status}`}
        displayOnly={['actions']}
        gridTemplate="104px minmax(100px, 2fr) 44px 68px 60px 60px minmax(96px, 1.5fr) 84px 90px 110px 60px"
        minWidth={1000}
        empty={t('blotter.empty')}
        initialSort={{ column: 'id', direction: 'desc' }}
        toolbar={
          <>
            {tabs}
            <label className="toggle">
              <input type="checkbox" name="liveOnly" checked={liveOnly} onChange={(e) => setLiveOnly(e.target.checked)} />
              {t('blotter.liveOnly')}
            </label>
            {canTrade && (
              <>
                <button type="button" className="ghost" disabled={!orders.some((o) => LIVE.has(o.status))} onClick={() => cancelAll({})}>
                  {t('blotter.cancelAll')}
                </button>
                <button type="button" className="ghost" disabled={!liveIn()} onClick={() => selectedProductId && cancelAll({ productId: selectedProductId })}>
                  {t('blotter.cancelProduct')}
                </button>
                {(['buy', 'sell'] as const).map((side) => (
                  <button key={side} type="button" className="ghost" disabled={!liveIn(side)} onClick={() => selectedProductId && cancelAll({ productId: selectedProductId, side })}>
                    {t(`blotter.cancelSide.${side}`)}
                  </button>
                ))}
                {cancelled !== null && (
                  <span role="status" className="muted" data-testid="cancelled-count">
                    {t('blotter.cancelledCount', { count: cancelled })}
                  </span>
                )}
              </>
            )}
          </>
        }
        cell={(id, o) => {
          if (id === 'status') return <span title={dayTimeSeconds(o.updatedAt, language)}>{orderStatusText(o, t)}</span>;
          if (id !== 'actions' || !LIVE.has(o.status)) return id === 'actions' ? '' : undefined;
          return (
            <>
              <button type="button" className="link" onClick={() => call('trading.orders.cancel', { orderId: o.id }).catch(report)}>
                {t('blotter.cancel')}
              </button>{' '}
              {o.status !== 'pending_trigger' && (
                <button type="button" className="link" title={t('blotter.modify.edit')} aria-label={t('blotter.modify.edit')} onClick={() => setEditing(o.id)}>
                  ✎
                </button>
              )}
            </>
          );
        }}
      />
    </>
  );
}

function TradesTable({ tabs }: { tabs: ReactNode }) {
  const { t, i18n } = useTranslation();
  const trades = useTrading((s) => s.trades);
  const labels = useLabels();
  const language = i18n.language;
  const columns = useMemo<Column<TradeView>[]>(
    () => [
      { id: 'time', value: (x) => x.ts, text: (x) => dayTime(x.ts, language), instantArea: () => HOME_AREA },
      { id: 'id', value: (x) => x.id, numeric: true },
      { id: 'product', value: (x) => labels.get(x.productId) ?? x.productId },
      { id: 'side', value: (x) => (x.ownSide ? t(`side.${x.ownSide}`) : '') },
      { id: 'price', value: (x) => x.price / 100, text: (x) => formatPrice(x.price), numeric: true },
      { id: 'quantity', value: (x) => x.quantity / 1000, text: (x) => formatMw(x.quantity), numeric: true },
      { id: 'order', value: (x) => (x.ownSide === 'sell' ? x.sellOrderId : x.buyOrderId), numeric: true },
    ],
    [labels, language, t],
  );
  return (
    <DataTable
      name="trades"
      label={t('blotter.tabs.trades')}
      columns={columns}
      header={(id) => t(`blotter.trade.${id}`)}
      rows={trades}
      rowKey={(x) => `${x.id}-${x.ownSide ?? ''}`}
      rowClass={(x) => (x.ownSide ? `side-${x.ownSide}` : '')}
      gridTemplate="104px 70px minmax(150px, 2fr) 56px 90px 90px 80px"
      minWidth={696}
      empty={t('blotter.noTrades')}
      initialSort={{ column: 'time', direction: 'desc' }}
      toolbar={tabs}
    />
  );
}
