import { useEffect, useMemo, useState } from 'react';
import { useFastT } from '../../../ui/i18n/fast-t';
import { phrase } from '../../../ui/i18n/phrase';
import type { WatchlistRow } from '../../../../../src-shared/contract/marketdata';
import type { ProductKind } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../../ui/units';
import { productLabel } from '../../../ui/format';
import { useNow } from '../../../ui/hooks/useNow';
import { useMarketData } from '../marketdata';
import { prefillTicket, useTrading } from '../../trading/public';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import { countdown } from '../../../ui/countdown';
import './marketdata.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

type KindFilter = 'all' | ProductKind;
/** Minutes a closed product stays listed with "Closed" before "Hide closed" removes it. */
const RECENTLY_CLOSED_MIN = 15;
const KINDS: KindFilter[] = ['all', 'hour', 'quarter', 'block'];
const price = (v: number | null) => (v === null ? '—' : formatPrice(v));

/** The delivery products of today and tomorrow with prices, own position and the time left to trade. */
export function Watchlist() {
  const { t, language } = useFastT();
  const rowsById = useMarketData((s) => s.rows);
  const load = useMarketData((s) => s.load);
  const selectedProductId = useTrading((s) => s.selectedProductId);
  const selectProduct = useTrading((s) => s.selectProduct);
  const [kind, setKind] = useState<KindFilter>('hour');
  const [hideClosed, setHideClosed] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const now = useNow(1_000);
  const buyAt = useMemo(() => phrase(t, 'ladder.buyAt', 'price'), [t]);
  const sellAt = useMemo(() => phrase(t, 'ladder.sellAt', 'price'), [t]);

  useEffect(() => {
    load().catch((err: unknown) => setError(err));
  }, [load]);

  // Re-filter once a minute; a product stays in sight for a while after its gate so "Closed" is seen.
  const minute = Math.floor(now / 60_000);
  const rows = useMemo(
    () => Object.values(rowsById).filter((r) => (kind === 'all' || r.kind === kind) && (!hideClosed || r.gateClosure > (minute - RECENTLY_CLOSED_MIN) * 60_000)),
    [rowsById, kind, hideClosed, minute],
  );

  const columns = useMemo<Column<WatchlistRow>[]>(
    () => [
      {
        id: 'product',
        value: (r) => r.deliveryStart * 10 + (r.kind === 'block' ? 2 : r.kind === 'hour' ? 0 : 1),
        text: (r) => productLabel(r, language),
      },
      // What a trader reads first comes first, so it shows in the default layout's width: quotes, change, own position.
      { id: 'bid', value: (r) => (r.bestBid ?? -Infinity) / 100, text: (r) => price(r.bestBid), numeric: true },
      { id: 'ask', value: (r) => (r.bestAsk ?? Infinity) / 100, text: (r) => price(r.bestAsk), numeric: true },
      { id: 'change', value: (r) => (r.change ?? 0) / 100, text: (r) => (r.change === null ? '' : `${r.change > 0 ? '+' : ''}${formatPrice(r.change)}`), numeric: true },
      { id: 'position', value: (r) => r.position / 1000, text: (r) => (r.position === 0 ? '' : `${r.position > 0 ? '+' : ''}${formatMw(r.position)}`), numeric: true },
      { id: 'volume', value: (r) => r.volume / 1000, text: (r) => formatMw(r.volume), numeric: true },
      { id: 'gate', value: (r) => r.gateClosure, instantArea: (r) => r.area },
      { id: 'last', value: (r) => (r.last ?? 0) / 100, text: (r) => price(r.last), numeric: true },
      { id: 'bidQty', value: (r) => r.bidQuantity / 1000, text: (r) => (r.bidQuantity ? formatMw(r.bidQuantity) : ''), numeric: true },
      { id: 'askQty', value: (r) => r.askQuantity / 1000, text: (r) => (r.askQuantity ? formatMw(r.askQuantity) : ''), numeric: true },
    ],
    [language],
  );

  return (
    <div className="watchlist">
      <ErrorBanner error={error} className="empty" />
      <DataTable
        name="watchlist"
        label={t('panels.watchlist')}
        columns={columns}
        header={(id) => t(`watchlist.${id}`)}
        rows={rows}
        rowKey={(r) => r.productId}
        selectedKey={selectedProductId}
        onRowClick={(r) => selectProduct(r.productId)}
        rowClass={(r) => (r.gateClosure <= now ? 'closed' : '')}
        gridTemplate="minmax(120px, 2fr) 64px 64px 56px 56px 64px 56px 64px 52px 52px"
        minWidth={826}
        empty={t('watchlist.empty')}
        initialSort={{ column: 'product', direction: 'asc' }}
        toolbar={
          <>
            <div className="tabs" role="tablist">
              {KINDS.map((k) => (
                <button key={k} type="button" role="tab" aria-selected={kind === k} onClick={() => setKind(k)}>
                  {t(`watchlist.kinds.${k}`)}
                </button>
              ))}
            </div>
            <label className="toggle">
              <input type="checkbox" checked={hideClosed} onChange={(e) => setHideClosed(e.target.checked)} />
              {t('watchlist.hideClosed')}
            </label>
          </>
        }
        cell={(id, r) => {
          if (id === 'bid' && r.bestBid !== null) {
            return (
              <button type="button" className="quote bid" title={sellAt(price(r.bestBid))} onClick={(e) => { e.stopPropagation(); prefillTicket({ productId: r.productId, side: 'sell', price: r.bestBid! }); }}>
                {price(r.bestBid)}
              </button>
            );
          }
          if (id === 'ask' && r.bestAsk !== null) {
            return (
              <button type="button" className="quote ask" title={buyAt(price(r.bestAsk))} onClick={(e) => { e.stopPropagation(); prefillTicket({ productId: r.productId, side: 'buy', price: r.bestAsk! }); }}>
                {price(r.bestAsk)}
              </button>
            );
          }
          if (id === 'change' && r.change !== null) return <span className={r.change > 0 ? 'up' : r.change < 0 ? 'down' : ''}>{`${r.change > 0 ? '+' : ''}${formatPrice(r.change)}`}</span>;
          if (id === 'gate') {
            const left = countdown(r.gateClosure, now);
            return (
              <span className={left === null ? 'gate-closed' : r.gateClosure - now < 10 * 60_000 ? 'gate-soon' : ''} data-testid={`gate-${r.productId}`} dir="ltr">
                {left ?? t('watchlist.closed')}
              </span>
            );
          }
          return undefined;
        }}
      />
    </div>
  );
}
