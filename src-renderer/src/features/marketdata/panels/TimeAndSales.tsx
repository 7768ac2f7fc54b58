import { useEffect, useMemo, useState } from 'react';
import { useFastT } from '../../../ui/i18n/fast-t';
import type { TapeTrade } from '../../../../../src-shared/contract/marketdata';
import { formatMw, formatPrice } from '../../../ui/units';
import { productLabel, timeOfDay } from '../../../ui/format';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import { useMarketData } from '../marketdata';
import { useTrading } from '../../trading/public';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import './marketdata.css';

/** Every public trade as it prints, newest first; who traded is never shown. */
export function TimeAndSales() {
  const { t, language } = useFastT();
  const tape = useMarketData((s) => s.tape);
  const loaded = useMarketData((s) => s.loaded);
  const load = useMarketData((s) => s.load);
  const productId = useTrading((s) => s.selectedProductId);
  const products = useTrading((s) => s.products);
  const [selectedOnly, setSelectedOnly] = useState(false);

  useEffect(() => {
    if (!loaded) void load().catch(() => undefined);
  }, [loaded, load]);

  const labels = useMemo(() => new Map(products.map((p) => [p.id, productLabel(p, language)])), [products, language]);
  const rows = useMemo(() => (selectedOnly ? tape.filter((x) => x.productId === productId) : tape), [tape, selectedOnly, productId]);
  // Translated once per language, not per row and print.
  const sideLabels = useMemo(() => ({ buy: t('side.buy'), sell: t('side.sell'), auction: t('tape.auction') }), [t]);
  const columns = useMemo<Column<TapeTrade>[]>(
    () => [
      { id: 'time', value: (x) => x.ts, text: (x) => timeOfDay(x.ts, language), instantArea: () => HOME_AREA },
      { id: 'product', value: (x) => labels.get(x.productId) ?? x.productId },
      { id: 'price', value: (x) => x.price / 100, text: (x) => formatPrice(x.price), numeric: true },
      { id: 'quantity', value: (x) => x.quantity / 1000, text: (x) => formatMw(x.quantity), numeric: true },
      { id: 'aggressor', value: (x) => sideLabels[x.aggressor ?? 'auction'] },
    ],
    [labels, language, sideLabels],
  );

  return (
    <div className="tape">
      <DataTable
        name="time-and-sales"
        label={t('panels.tape')}
        columns={columns}
        header={(id) => t(`tape.${id}`)}
        rows={rows}
        rowKey={(x) => x.id}
        rowClass={(x) => (x.aggressor ? `side-${x.aggressor}` : '')}
        gridTemplate="80px minmax(150px, 2fr) 80px 80px 90px"
        minWidth={524}
        empty={t('tape.empty')}
        initialSort={{ column: 'time', direction: 'desc' }}
        toolbar={
          <label className="toggle">
            <input type="checkbox" checked={selectedOnly} onChange={(e) => setSelectedOnly(e.target.checked)} />
            {t('tape.selectedOnly')}
          </label>
        }
        cell={(id, x) => (id === 'aggressor' && x.aggressor ? <span className={`col-side`}>{sideLabels[x.aggressor]}</span> : undefined)}
      />
    </div>
  );
}
