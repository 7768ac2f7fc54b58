import { useEffect, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../../ui/units';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { areaClock, ltr, productLabel } from '../../../ui/format';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';

/** Delivery times read on the product's own market clock, as everywhere else in the terminal. */
function productColumns(language: string, t: TFunction): Column<ProductView>[] {
  const at = (pick: (p: ProductView) => number) => (p: ProductView) => areaClock(p.area, 'dayTime', language).format(pick(p));
  const instant = (pick: (p: ProductView) => number): Pick<Column<ProductView>, 'value' | 'text' | 'instantArea'> => ({ value: pick, text: at(pick), instantArea: (p) => p.area });
  return [
    { id: 'product', value: (p) => p.deliveryStart, text: (p) => productLabel(p, language) },
    { id: 'area', value: (p) => p.area },
    { id: 'deliveryStart', ...instant((p) => p.deliveryStart) },
    { id: 'deliveryEnd', ...instant((p) => p.deliveryEnd) },
    { id: 'gateClosure', ...instant((p) => p.gateClosure) },
    { id: 'tickSize', value: (p) => p.tickSize, text: (p) => formatPrice(p.tickSize), numeric: true },
    { id: 'lotSize', value: (p) => p.lotSize, text: (p) => formatMw(p.lotSize), numeric: true },
    { id: 'priceBand', value: (p) => p.minPrice, text: (p) => ltr(`${formatPrice(p.minPrice)} … ${formatPrice(p.maxPrice)}`) },
    { id: 'maxQuantity', value: (p) => p.maxQuantity, text: (p) => formatMw(p.maxQuantity), numeric: true },
    { id: 'mode', value: (p) => p.mode, text: (p) => t(`settings.market.modes.${p.mode}`) },
  ];
}

/** Every product the market lists now, with the rules an order in it must follow. */
export function ProductsTable() {
  const { t, i18n } = useTranslation();
  const [products, setProducts] = useState<ProductView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const columns = useMemo(() => productColumns(i18n.language, t), [i18n.language, t]);

  useEffect(() => {
    call('trading.products.list', {}).then(setProducts, setError);
  }, []);

  return (
    <div className="settings-card settings-products">
      <h3>{t('settings.market.products')}</h3>
      <ErrorBanner error={error} />
      <DataTable
        name="products"
        label={t('settings.market.products')}
        columns={columns}
        header={(id) => t(`settings.market.columns.${id}`)}
        rows={products}
        rowKey={(p) => p.id}
        gridTemplate="minmax(170px, 2fr) 60px repeat(3, minmax(110px, 1fr)) repeat(2, minmax(90px, 0.7fr)) minmax(150px, 1fr) minmax(100px, 0.7fr) minmax(90px, 0.7fr)"
        minWidth={1100}
        empty={t('settings.market.noProducts')}
        fitRows={Math.min(Math.max(products.length, 1), 12)}
      />
    </div>
  );
}
