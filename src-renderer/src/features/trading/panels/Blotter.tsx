import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView, TradeView } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../../ui/units';
import { call } from '../../../transport/client';
import { dayTime, dayTimeSeconds, productLabel } from '../../../ui/format';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import { useTrading } from '../trading';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { ModifyOrder } from './ModifyOrder';
import { hasRole, useSession } from '../../auth/public';
import { TRADING_ROLES } from '../../../../../src-shared/contract/kit';
import { OrderDetail } from './OrderDetail';
import { ColumnChooser } from './ColumnChooser';
import { usePrefs } from '../../prefs/public';
import { settlementTitle, settlementText, useTradeSettlements } from '../../chain/public';
import { blotterRows, isLive, rowDetailParts, rowStatusText, type BlotterRow } from './blotter-rows';

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

/** Column widths: each column keeps its width whichever others are shown. */
const ORDER_COLUMN_WIDTHS: Readonly<Record<string, { template: string; min: number }>> = {
  time: { template: '104px', min: 104 },
  product: { template: 'minmax(100px, 2fr)', min: 100 },
  side: { template: '44px', min: 44 },
  price: { template: '68px', min: 68 },
  quantity: { template: '60px', min: 60 },
  filled: { template: '60px', min: 60 },
  status: { template: 'minmax(120px, 2.5fr)', min: 120 },
  actions: { template: '84px', min: 84 },
  type: { template: '90px', min: 90 },
  details: { template: 'minmax(110px, 1.5fr)', min: 110 },
  validity: { template: '110px', min: 110 },
  id: { template: '60px', min: 60 },
};

function OrdersTable({ tabs }: { tabs: ReactNode }) {
  const { t, i18n } = useTranslation();
  // A viewer has no orders to cancel: the buttons would only be refused.
  const canTrade = hasRole(useSession((st) => st.user?.role), TRADING_ROLES);
  const orders = useTrading((s) => s.orders);
  const refusals = useTrading((s) => s.refusals);
  const labels = useLabels();
  const [liveOnly, setLiveOnly] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [shownKey, setShownKey] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState<number | null>(null);
  const editedOrder = orders.find((o) => o.id === editing && LIVE.has(o.status));
  const selectedProductId = useTrading((s) => s.selectedProductId);
  const allRows = useMemo(() => blotterRows(orders, refusals), [orders, refusals]);
  const rows = useMemo(() => (liveOnly ? allRows.filter(isLive) : allRows), [allRows, liveOnly]);
  const shownRow = shownKey === null ? undefined : allRows.find((r) => r.key === shownKey);
  const language = i18n.language;
  const productName = useMemo(() => (id: string) => labels.get(id) ?? id, [labels]);

  const allColumns = useMemo<Column<BlotterRow>[]>(
    () => [
      // Status and actions come before the details, so they show in the default layout's width.
      { id: 'time', value: (r) => r.createdAt, text: (r) => dayTime(r.createdAt, language), instantArea: () => HOME_AREA },
      { id: 'product', value: (r) => (r.block ? t('blotter.blockSpan', { first: productName(r.productId), last: productName(r.block.lastProductId) }) : productName(r.productId)) },
      { id: 'side', value: (r) => t(`side.${r.side}`) },
      { id: 'price', value: (r) => (r.price === null ? '' : r.price / 100), text: (r) => (r.price === null ? '—' : formatPrice(r.price)), numeric: true },
      { id: 'quantity', value: (r) => r.quantity / 1000, text: (r) => formatMw(r.quantity), numeric: true },
      { id: 'filled', value: (r) => r.filled / 1000, text: (r) => formatMw(r.filled), numeric: true },
      { id: 'status', value: (r) => rowStatusText(r, t, language) },
      { id: 'actions', value: () => '' },
      { id: 'type', value: (r) => t(`ticket.types.${r.type}`) },
      { id: 'details', value: (r) => rowDetailParts(r, t, productName).join(' · ') },
      { id: 'validity', value: (r) => t(`ticket.tif.${r.timeInForce}`) },
      { id: 'id', value: (r) => r.orderId ?? '', text: (r) => (r.orderId === null ? '—' : String(r.orderId)), numeric: true },
    ],
    [productName, language, t],
  );
  const chosenIds = usePrefs((s) => s.blotterColumns);
  const setChosenIds = usePrefs((s) => s.setBlotterColumns);
  const allIds = useMemo(() => allColumns.map((c) => c.id), [allColumns]);
  // The user's columns in the user's order; ids this version does not know are dropped, and none chosen shows all.
  const shownIds = useMemo(() => {
    const known = (chosenIds ?? []).filter((id, i, list) => allIds.includes(id) && list.indexOf(id) === i);
    return known.length > 0 ? known : allIds;
  }, [chosenIds, allIds]);
  const columns = useMemo(() => shownIds.map((id) => allColumns.find((c) => c.id === id)!), [shownIds, allColumns]);
  const gridTemplate = columns.map((c) => ORDER_COLUMN_WIDTHS[c.id]?.template ?? '80px').join(' ');
  const minWidth = columns.reduce((sum, c) => sum + (ORDER_COLUMN_WIDTHS[c.id]?.min ?? 80) + 6, 20);

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
      {shownRow && <OrderDetail row={shownRow} productName={productName} onClose={() => setShownKey(null)} />}
      <DataTable
        name="orders"
        label={t('panels.blotter')}
        columns={columns}
        header={(id) => t(`blotter.${id}`)}
        rows={rows}
        rowKey={(r) => r.key}
        rowClass={(r) => `side-${r.side} status-${r.status}`}
        displayOnly={['actions']}
        gridTemplate={gridTemplate}
        minWidth={minWidth}
        empty={t('blotter.empty')}
        initialSort={{ column: 'time', direction: 'desc' }}
        onRowClick={(r) => setShownKey((key) => (key === r.key ? null : r.key))}
        selectedKey={shownKey}
        toolbar={
          <>
            {tabs}
            <ColumnChooser all={allIds} chosen={shownIds} header={(id) => t(`blotter.${id}`)} onChange={setChosenIds} />
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
        cell={(id, r) => {
          // The whole text on hover; the row's detail (a click) shows it wrapped, with every field.
          if (id === 'status') {
            const text = rowStatusText(r, t, language);
            return <span title={`${text}\n${dayTimeSeconds(r.updatedAt, language)}`}>{text}</span>;
          }
          if (id === 'details') {
            const text = rowDetailParts(r, t, productName).join(' · ');
            return <span title={text}>{text}</span>;
          }
          if (id !== 'actions') return undefined;
          const order = r.order;
          if (!order || !LIVE.has(order.status)) return '';
          return (
            <>
              <button
                type="button"
                className="link"
                onClick={(e) => {
                  e.stopPropagation();
                  call('trading.orders.cancel', { orderId: order.id }).catch(report);
                }}
              >
                {t('blotter.cancel')}
              </button>{' '}
              {order.status !== 'pending_trigger' && (
                <button
                  type="button"
                  className="link"
                  title={t('blotter.modify.edit')}
                  aria-label={t('blotter.modify.edit')}
                  onClick={(e) => {
                    e.stopPropagation();
                    setEditing(order.id);
                  }}
                >
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
  // The chain answers only for the user's trades it settles (the local market's); others stay blank.
  const ownTradeIds = useMemo(() => [...new Set(trades.filter((x) => x.ownSide !== null).map((x) => x.id))], [trades]);
  const settlements = useTradeSettlements(ownTradeIds);
  const columns = useMemo<Column<TradeView>[]>(
    () => [
      { id: 'time', value: (x) => x.ts, text: (x) => dayTime(x.ts, language), instantArea: () => HOME_AREA },
      { id: 'id', value: (x) => x.id, numeric: true },
      { id: 'product', value: (x) => labels.get(x.productId) ?? x.productId },
      { id: 'side', value: (x) => (x.ownSide ? t(`side.${x.ownSide}`) : '') },
      { id: 'price', value: (x) => x.price / 100, text: (x) => formatPrice(x.price), numeric: true },
      { id: 'quantity', value: (x) => x.quantity / 1000, text: (x) => formatMw(x.quantity), numeric: true },
      { id: 'order', value: (x) => (x.ownSide === 'sell' ? x.sellOrderId : x.buyOrderId), numeric: true },
      { id: 'settlement', value: (x) => settlementText(t, settlements.get(x.id)) },
    ],
    [labels, language, t, settlements],
  );
  return (
    <DataTable
      name="trades"
      label={t('blotter.tabs.trades')}
      columns={columns}
      header={(id) => (id === 'settlement' ? t('chain.tradeSettlement.column') : t(`blotter.trade.${id}`))}
      rows={trades}
      rowKey={(x) => `${x.id}-${x.ownSide ?? ''}`}
      rowClass={(x) => (x.ownSide ? `side-${x.ownSide}` : '')}
      gridTemplate="104px 70px minmax(150px, 2fr) 56px 90px 90px 80px minmax(150px, 2fr)"
      minWidth={852}
      empty={t('blotter.noTrades')}
      initialSort={{ column: 'time', direction: 'desc' }}
      toolbar={tabs}
      cell={(id, x) => {
        if (id !== 'settlement') return undefined;
        const view = settlements.get(x.id);
        // The full transaction hash and revert code on hover: the cell shows them short.
        return (
          <span data-testid={`settlement-${x.id}`} data-status={view?.status ?? ''} title={settlementTitle(view)}>
            {settlementText(t, view)}
          </span>
        );
      }}
    />
  );
}
