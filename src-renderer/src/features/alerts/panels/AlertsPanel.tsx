import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPrice, parsePrice } from '../../../ui/units';
import { productLabel, timeOfDay } from '../../../ui/format';
import { alertText, useAlerts } from '../alerts';
import { errorText } from '../../../ui/errors/error-text';
import { useTrading } from '../../trading/public';
import './alerts.css';

const ICON = { price: '◆', fill: '✔', rejected: '✖', expired: '⌛', gate: '⏰' } as const;

/** The alert list (kept until cleared) and the rules that raise alerts. */
export function AlertsPanel() {
  const { t, i18n } = useTranslation();
  const { alerts, rules, settings, clear, markRead, updateSettings, addPriceRule, removePriceRule } = useAlerts();
  const [ruleError, setRuleError] = useState<string | null>(null);
  const products = useTrading((s) => s.products);
  const selectedProductId = useTrading((s) => s.selectedProductId);
  const [direction, setDirection] = useState<'above' | 'below'>('above');
  const [priceText, setPriceText] = useState('');
  const [productId, setProductId] = useState('');
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  const chosenProduct = productId || selectedProductId || '';
  const price = parsePrice(priceText);

  // Looking at the list is reading it.
  useEffect(() => {
    markRead();
  }, [alerts, markRead]);

  function addRule(event: FormEvent) {
    event.preventDefault();
    if (price === null || !chosenProduct) return;
    setRuleError(null);
    addPriceRule({ productId: chosenProduct, direction, price }).then(
      () => setPriceText(''),
      (err: unknown) => setRuleError(errorText(err, t)),
    );
  }

  async function enableDesktop(on: boolean) {
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      setPermission(await Notification.requestPermission());
    }
    updateSettings({ desktop: on });
  }

  const label = (id: string) => {
    const p = products.find((x) => x.id === id);
    return p ? productLabel(p, i18n.language) : id;
  };

  return (
    <div className="alerts-panel">
      <section className="alerts-rules">
        <form className="row alert-rule-form" onSubmit={addRule}>
          <select name="alertProduct" aria-label={t('ticket.product')} value={chosenProduct} onChange={(e) => setProductId(e.target.value)}>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {productLabel(p, i18n.language)}
              </option>
            ))}
          </select>
          <select name="alertDirection" aria-label={t('alerts.direction')} value={direction} onChange={(e) => setDirection(e.target.value as 'above' | 'below')}>
            <option value="above">{t('alerts.above')}</option>
            <option value="below">{t('alerts.below')}</option>
          </select>
          <input name="alertPrice" inputMode="decimal" dir="ltr" placeholder="€/MWh" aria-label={t('ticket.price')} aria-invalid={priceText !== '' && price === null} value={priceText} onChange={(e) => setPriceText(e.target.value)} />
          <button type="submit" disabled={price === null || !chosenProduct}>
            {t('alerts.add')}
          </button>
        </form>
        {ruleError && (
          <p className="error" role="alert">
            {ruleError}
          </p>
        )}
        {rules.length > 0 && (
          <ul className="alert-rules" data-testid="alert-rules">
            {rules.map((r) => (
              <li key={r.id}>
                <span>
                  {label(r.productId)} {t(`alerts.${r.direction}`)} <span dir="ltr">{formatPrice(r.price)}</span>
                </span>
                <button type="button" className="link" aria-label={t('alerts.remove')} onClick={() => removePriceRule(r.id).catch((err: unknown) => setRuleError(errorText(err, t)))}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="alert-toggles">
          {(['fills', 'rejections', 'expiries'] as const).map((key) => (
            <label key={key} className="toggle">
              <input type="checkbox" checked={settings[key]} onChange={(e) => updateSettings({ [key]: e.target.checked })} />
              {t(`alerts.on.${key}`)}
            </label>
          ))}
          <label className="toggle">
            {t('alerts.gateBefore')}
            <input
              type="number"
              min={1}
              max={180}
              name="gateMinutes"
              className="minutes"
              value={settings.gateMinutes ?? ''}
              onChange={(e) => updateSettings({ gateMinutes: e.target.value === '' ? null : Math.min(180, Math.max(1, Math.round(Number(e.target.value)))) })}
            />
            {t('alerts.minutes')}
          </label>
          <label className="toggle" title={permission === 'denied' ? t('alerts.desktopDenied') : undefined}>
            <input type="checkbox" checked={settings.desktop} disabled={permission === 'unsupported' || permission === 'denied'} onChange={(e) => void enableDesktop(e.target.checked)} />
            {t('alerts.desktop')}
          </label>
        </div>
      </section>
      <div className="alerts-head">
        <span className="muted">{t('alerts.count', { count: alerts.length })}</span>
        <button type="button" className="ghost" disabled={alerts.length === 0} onClick={clear}>
          {t('alerts.clear')}
        </button>
      </div>
      <ol className="alerts-list" aria-live="polite" data-testid="alerts-list">
        {alerts.map((a) => (
          <li key={a.id} className={`alert alert-${a.kind}`}>
            <span aria-hidden="true">{ICON[a.kind]}</span>
            <span className="muted" dir="ltr">{timeOfDay(a.ts, i18n.language)}</span>
            <span>{alertText(a)}</span>
          </li>
        ))}
        {alerts.length === 0 && <li className="muted empty">{t('alerts.empty')}</li>}
      </ol>
    </div>
  );
}
