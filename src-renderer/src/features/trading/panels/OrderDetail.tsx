import { useTranslation } from 'react-i18next';
import { formatMw, formatPrice } from '../../../ui/units';
import { dayTimeSeconds, ltr } from '../../../ui/format';
import { rowDetailParts, rowStatusText, type BlotterRow } from './blotter-rows';

/**
 * Every field of one blotter row in the screen's units, the status and reason in full (a table cell
 * may cut them): what a trader opens to see exactly what was asked and what became of it.
 */
export function OrderDetail({ row, productName, onClose }: { row: BlotterRow; productName(id: string): string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const mw = (kw: number) => ltr(`${formatMw(kw)} MW`);
  const price = (units: number) => ltr(`${formatPrice(units)} €/MWh`);
  const fields: Array<[string, string]> = [
    ['status', rowStatusText(row, t, language)],
    ['id', row.orderId === null ? t('blotter.detail.neverAnOrder') : String(row.orderId)],
    ['time', dayTimeSeconds(row.createdAt, language)],
    ['updated', dayTimeSeconds(row.updatedAt, language)],
    ['product', row.block ? t('blotter.blockSpan', { first: productName(row.productId), last: productName(row.block.lastProductId) }) : productName(row.productId)],
    ['side', t(`side.${row.side}`)],
    ['type', t(`ticket.types.${row.type}`)],
    ['validity', t(`ticket.tif.${row.timeInForce}`)],
    ['price', row.price === null ? t('blotter.detail.noLimit') : price(row.price)],
    ['quantity', mw(row.quantity)],
    ['filled', mw(row.filled)],
    ['open', mw(row.remaining)],
  ];
  if (row.stopPrice !== null) fields.push(['stopPrice', price(row.stopPrice)]);
  const particulars = rowDetailParts(row, t, productName);
  if (particulars.length > 0) fields.push(['details', particulars.join(' · ')]);
  fields.push(['allOrNone', t(row.allOrNone ? 'blotter.detail.yes' : 'blotter.detail.no')]);
  const clientOrderId = row.order?.clientOrderId ?? row.refusal?.clientOrderId ?? null;
  if (clientOrderId !== null) fields.push(['clientOrderId', ltr(clientOrderId)]);

  return (
    <section className="order-detail" aria-label={t('blotter.detail.title')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="row">
        <strong>{t('blotter.detail.title')}</strong>
        <button type="button" className="ghost" name="close-detail" onClick={onClose}>
          {t('blotter.detail.close')}
        </button>
      </header>
      <dl>
        {fields.map(([key, value]) => (
          <div key={key} data-field={key}>
            <dt>{t(`blotter.detail.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
