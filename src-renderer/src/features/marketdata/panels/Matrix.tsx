import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useFastT } from '../../../ui/i18n/fast-t';
import { phrase } from '../../../ui/i18n/phrase';
import { formatMw, formatPrice } from '../../../ui/units';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import { areaClock } from '../../../ui/format';
import { localFigures } from '../../../ui/digits';
import { useNow } from '../../../ui/hooks/useNow';
import { useMarketData } from '../marketdata';
import { useTicket, useTrading } from '../../trading/public';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { buildMatrix, ownSizes, type MatrixCell, type MatrixRow } from '../matrix-rows';
import './matrix.css';

/** The figures each delivery day shows, in column order. */
const DAY_COLUMNS = ['bidQty', 'bid', 'ask', 'askQty', 'last', 'change', 'own', 'position'] as const;
type DayColumn = (typeof DAY_COLUMNS)[number];

const price = (v: number | null | undefined) => (v === null || v === undefined ? '' : formatPrice(v));
const signed = (v: number, show: (n: number) => string) => (v === 0 ? '' : `${v > 0 ? '+' : ''}${show(v)}`);
const ownText = (c: MatrixCell) => [c.own.buy ? `+${formatMw(c.own.buy)}` : '', c.own.sell ? `−${formatMw(c.own.sell)}` : ''].filter(Boolean).join(' ');

function cellValue(cell: MatrixCell | undefined, column: DayColumn): { value: number; text: string } {
  if (!cell) return { value: 0, text: '' };
  const p = cell.product;
  switch (column) {
    case 'bidQty': return { value: p.bidQuantity / 1000, text: p.bidQuantity ? formatMw(p.bidQuantity) : '' };
    case 'bid': return { value: (p.bestBid ?? 0) / 100, text: price(p.bestBid) };
    case 'ask': return { value: (p.bestAsk ?? 0) / 100, text: price(p.bestAsk) };
    case 'askQty': return { value: p.askQuantity / 1000, text: p.askQuantity ? formatMw(p.askQuantity) : '' };
    case 'last': return { value: (p.last ?? 0) / 100, text: price(p.last) };
    case 'change': return { value: (p.change ?? 0) / 100, text: p.change === null ? '' : signed(p.change, formatPrice) };
    case 'own': return { value: (cell.own.buy - cell.own.sell) / 1000, text: ownText(cell) };
    case 'position': return { value: p.position / 1000, text: signed(p.position, formatMw) };
  }
}

/** "2026-12-03" as the desk reads it: "03 Dec". */
function dayName(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return areaClock(HOME_AREA, 'day', language).format(Date.UTC(y!, m! - 1, d!, 12));
}

/**
 * The product matrix: every delivery period of today and tomorrow in one sheet, hours each followed
 * by their quarters, with best bid/ask, last, change, own orders and position; a price click trades it.
 */
export function Matrix() {
  const { t, language } = useFastT();
  const rowsById = useMarketData((s) => s.rows);
  const load = useMarketData((s) => s.load);
  const orders = useTrading((s) => s.orders);
  const selectedProductId = useTrading((s) => s.selectedProductId);
  const selectProduct = useTrading((s) => s.selectProduct);
  const prefill = useTicket((s) => s.prefill);
  const [error, setError] = useState<unknown>(null);
  const now = useNow(1_000);
  const minute = Math.floor(now / 60_000);
  const buyAt = useMemo(() => phrase(t, 'ladder.buyAt', 'price'), [t]);
  const sellAt = useMemo(() => phrase(t, 'ladder.sellAt', 'price'), [t]);
  const impliedTitle = useMemo(() => phrase(t, 'matrix.implied', 'price'), [t]);

  useEffect(() => {
    // The watchlist may have loaded the shared data already; the matrix works without it too.
    if (!useMarketData.getState().loaded) load().catch((err: unknown) => setError(err));
  }, [load]);

  const own = useMemo(() => ownSizes(orders), [orders]);
  // Gates close on the minute: re-sheet then, and on every ticker, order or position change.
  const sheet = useMemo(() => buildMatrix(Object.values(rowsById), own, minute * 60_000), [rowsById, own, minute]);
  const selectedKey = useMemo(() => sheet.rows.find((r) => r.cells.some((c) => c?.product.productId === selectedProductId))?.key ?? null, [sheet, selectedProductId]);

  const columns = useMemo<Column<MatrixRow>[]>(
    () => [
      { id: 'period', value: (r) => r.order, text: (r) => localFigures(r.period) },
      ...sheet.days.flatMap((_, day) =>
        DAY_COLUMNS.map((column): Column<MatrixRow> => ({
          id: `${day}:${column}`,
          value: (r) => cellValue(r.cells[day], column).value,
          text: (r) => cellValue(r.cells[day], column).text,
          numeric: true,
        })),
      ),
    ],
    [sheet.days],
  );

  function quote(cell: MatrixCell, side: 'bid' | 'ask'): ReactNode {
    const best = side === 'bid' ? cell.product.bestBid : cell.product.bestAsk;
    const implied = side === 'bid' ? cell.impliedBid : cell.impliedAsk;
    const trade = () => {
      selectProduct(cell.product.productId);
      if (best !== null) prefill(side === 'bid' ? 'sell' : 'buy', best);
    };
    return (
      <span className="matrix-quote">
        {best !== null && (
          <button type="button" className={`quote ${side}`} title={side === 'bid' ? sellAt(price(best)) : buyAt(price(best))} onClick={(e) => { e.stopPropagation(); trade(); }}>
            {price(best)}
          </button>
        )}
        {implied !== null && (
          <span className="matrix-implied" title={impliedTitle(price(implied))} data-testid="implied">
            ≈{price(implied)}
          </span>
        )}
      </span>
    );
  }

  const gridTemplate = `minmax(110px, 1fr) ${sheet.days.map(() => '52px 58px 58px 40px 54px 48px 52px 46px').join(' ')}`;

  return (
    <div className="matrix">
      <ErrorBanner error={error} className="empty" />
      <DataTable
        name="matrix"
        label={t('panels.matrix')}
        className="matrix-table"
        columns={columns}
        header={(id) => {
          if (id === 'period') return t('matrix.period');
          const [day, column] = id.split(':');
          const name = t(`matrix.cols.${column}`);
          const date = sheet.days[Number(day)];
          // The first column of each day names the day: the two halves read apart at a glance.
          return column === 'bidQty' && date ? `${dayName(date, language)} · ${name}` : name;
        }}
        rows={sheet.rows}
        rowKey={(r) => r.key}
        selectedKey={selectedKey}
        onRowClick={(r) => {
          const first = r.cells.find((c) => c !== undefined);
          if (first) selectProduct(first.product.productId);
        }}
        rowClass={(r) => `matrix-${r.kind}`}
        gridTemplate={gridTemplate}
        minWidth={110 + sheet.days.length * 408}
        empty={t('matrix.empty')}
        initialSort={{ column: 'period', direction: 'asc' }}
        cell={(id, r) => {
          if (id === 'period') return <span className="matrix-period" dir="ltr">{localFigures(r.period)}</span>;
          const [day, column] = id.split(':');
          const cell = r.cells[Number(day)];
          if (!cell) return <span className="matrix-none" />;
          if (column === 'bid' || column === 'ask') return quote(cell, column);
          if (column === 'change' && cell.product.change !== null) {
            const change = cell.product.change;
            return <span className={change > 0 ? 'up' : change < 0 ? 'down' : ''} dir="ltr">{signed(change, formatPrice)}</span>;
          }
          return undefined;
        }}
      />
    </div>
  );
}
