import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView, Side } from '../../../../src-shared/domain/schemas';
import { errorText } from '../../ui/errors/error-text';
import { productLabel } from '../../ui/format';
import { useDeliveryWarnings } from './warnings';
import { useTrading } from '../trading/public';
import { isLocal, previewDelivery, type Preview } from './preview';
import './delivery.css';

/** Typing settles before the batteries are asked: one question per pause, not per key. */
const DEBOUNCE_MS = 300;

type Result = { key: string; preview: Preview | null } | { key: string; error: unknown };

const WORST: Record<'ok' | 'warn' | 'refuse', number> = { ok: 0, warn: 1, refuse: 2 };

/**
 * For a sell on the local market: what the seller's site batteries can deliver in each product, the
 * energy the site would then have sold there, and whether the core will accept, warn or refuse.
 * Shows nothing for buys, other markets and users without a site. Also shows the core's warning
 * when such a sell went through anyway.
 */
export function DeliveryPreview({ products, side, quantityKw }: { products: readonly ProductView[]; side: Side; quantityKw: number | null }) {
  const { t, i18n } = useTranslation();
  const local = products.filter(isLocal);
  const ids = local.map((p) => p.id).join(',');
  const asked = side === 'sell' && quantityKw !== null && quantityKw > 0 && ids !== '' ? `${ids}|${quantityKw}` : '';
  // Own orders placed, filled or cancelled change what the site already offers.
  const orders = useTrading((s) => s.orders);
  const latest = useDeliveryWarnings((s) => s.latest);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (asked === '' || quantityKw === null) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      previewDelivery(ids.split(','), quantityKw).then(
        (preview) => !cancelled && setResult({ key: asked, preview }),
        (err: unknown) => !cancelled && setResult({ key: asked, error: err }),
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [asked, ids, quantityKw, orders]);

  const kwh = (wh: number) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 }).format(wh / 1_000);
  const label = (id: string) => {
    const product = local.find((p) => p.id === id);
    return product ? productLabel(product, i18n.language) : id;
  };
  const warning = latest && local.some((p) => p.id === latest.productId) ? latest : null;
  const current = asked !== '' && result?.key === asked ? result : null;
  const preview = current && 'preview' in current ? current.preview : null;
  const verdict = preview?.rows.reduce<'ok' | 'warn' | 'refuse'>((worst, r) => (WORST[r.check.verdict] > WORST[worst] ? r.check.verdict : worst), 'ok');

  // "Checking" only for a user the check applies to (the last answer had a site): others see nothing.
  const checking = asked !== '' && !current && result !== null && 'preview' in result && result.preview !== null;
  const failed = current && 'error' in current ? errorText(current.error, t) : null;
  if (!preview && !failed && !checking && !warning) return null;
  return (
    // Polite live region, not a status/alert role: the forms it sits in own those for their own messages.
    <div className={`delivery-preview delivery-${verdict ?? 'none'}`} data-testid="delivery-preview" aria-live="polite">
      {checking && <p className="muted">{t('delivery.checking')}</p>}
      {failed && <p className="error">{t('delivery.failed', { message: failed })}</p>}
      {preview && (
        <>
          <strong>{t('delivery.title', { site: preview.site })}</strong>
          {preview.rows.map((row) => {
            // The core's own words about each battery that gave less (names and states); the totals are above.
            const why = row.check.reasons.filter((r) => !r.startsWith('requested '));
            return (
              <div key={row.productId}>
                <p>{t('delivery.line', { product: label(row.productId), deliverable: kwh(row.check.deliverableWh), sold: kwh(row.soldWh), open: kwh(row.openWh) })}</p>
                {row.check.verdict !== 'ok' && why.length > 0 && (
                  <p className="muted" dir="ltr">
                    {t('delivery.reasons', { reasons: why.join('; ') })}
                  </p>
                )}
              </div>
            );
          })}
          <p className="delivery-verdict">
            {t(`delivery.verdict.${verdict ?? 'ok'}`)}
          </p>
        </>
      )}
      {warning && (
        <p className="delivery-warned">
          {t('delivery.warned', { site: warning.site, deliverable: kwh(warning.deliverableWh), sold: kwh(warning.soldWh), product: label(warning.productId) })}
        </p>
      )}
    </div>
  );
}
