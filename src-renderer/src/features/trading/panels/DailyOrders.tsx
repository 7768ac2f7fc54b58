import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../../../src-shared/domain/schemas';
import { formatPrice } from '../../../ui/units';
import { call, subscribe } from '../../../transport/client';
import type { LocalProductView } from '../../../../../src-shared/contract/trading';
import { productLabel } from '../../../ui/format';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';

/** The user's own orders in the daily auction (area LMD) and how each ended: filled at the uniform prices, or rejected and why. */
export function DailyOrders({ reloadKey, products }: { reloadKey: number; products: readonly LocalProductView[] }) {
  const { t, i18n } = useTranslation();
  const [orders, setOrders] = useState<OrderView[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => subscribe('trading.auction.result', () => setTick((n) => n + 1)), []);
  useEffect(() => {
    let live = true;
    call('trading.orders.list', {})
      .then((all) => live && setOrders(all.filter((o) => o.productId.startsWith('LMD-'))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [reloadKey, tick]);
  const language = i18n.language;
  const byId = useMemo(() => new Map(products.map((p) => [p.id, p])), [products]);
  const columns = useMemo<Column<OrderView>[]>(
    () => [
      { id: 'id', value: (o) => o.id, numeric: true },
      { id: 'first', value: (o) => o.productId, text: (o) => {
        const product = byId.get(o.productId);
        return product ? productLabel(product, language) : o.productId;
      } },
      { id: 'side', value: (o) => t(`auction.${o.side}`) },
      { id: 'price', value: (o) => (o.price ?? 0) / 100, text: (o) => (o.price === null ? '—' : formatPrice(o.price)), numeric: true },
      { id: 'filled', value: (o) => o.filled, text: (o) => t('auction.kw', { value: `${o.filled} / ${o.quantity}` }), numeric: true },
      { id: 'status', value: (o) => (o.reason === 'block_rejected' ? t('auction.outcome.rejected') : t(`auction.outcome.${o.status}`, { defaultValue: o.status })) },
    ],
    [byId, language, t],
  );
  return (
    <DataTable
      name="daily-auction-orders"
      label={t('auction.myDaily')}
      className="auction-daily-orders"
      columns={columns}
      header={(id) => t(`auction.columns.${id}`)}
      rows={orders}
      rowKey={(o) => o.id}
      gridTemplate="60px minmax(120px, 2fr) 60px 90px 100px minmax(140px, 2fr)"
      minWidth={560}
      empty={t('auction.noDaily')}
      fitRows={5}
      initialSort={{ column: 'id', direction: 'desc' }}
    />
  );
}
