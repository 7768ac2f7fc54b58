import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';
import { useMarket } from '../../trading/public';
import { MarketRulesCard } from './MarketRulesCard';
import { ProductsTable } from './ProductsTable';

/** Halting stops matching for everyone at once, so it asks first; resuming does not. */
export function MarketArea() {
  const { t } = useTranslation();
  const halted = useMarket((s) => s.halted);
  const load = useMarket((s) => s.load);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, setError, run } = useBusyAction();

  useEffect(() => {
    load().catch(setError);
  }, [load, setError]);

  const change = (method: 'trading.halt' | 'trading.resume') =>
    run(async () => {
      const result = await call(method, {});
      // The `trading.halted` event says the same to every screen; this one need not wait for it.
      useMarket.setState({ halted: result.halted });
      setConfirming(false);
    });

  return (
    <div className="settings-stack">
      <h2>{t('settings.market.title')}</h2>
      <div className="settings-card" aria-labelledby="settings-market-state">
        <h3 id="settings-market-state">{t('settings.market.state')}</h3>
        <p role="status" data-testid="market-state" className={halted ? 'settings-halted' : 'settings-open'}>
          {halted ? t('settings.market.halted') : t('settings.market.open')}
        </p>
        {halted ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void change('trading.resume')}>
            {t('settings.market.resume')}
          </button>
        ) : confirming ? (
          <div role="alertdialog" aria-labelledby="settings-halt-question" className="settings-confirm">
            <p id="settings-halt-question">{t('settings.market.haltQuestion')}</p>
            <div className="settings-buttons">
              <button type="button" className="danger" disabled={busy} onClick={() => void change('trading.halt')}>
                {t('settings.market.haltConfirm')}
              </button>
              {/* Focus lands on the safe answer: an Enter pressed out of habit halts nothing. */}
              <button type="button" autoFocus onClick={() => setConfirming(false)}>
                {t('settings.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('settings.market.halt')}
          </button>
        )}
        <ErrorBanner error={error} />
      </div>
      <MarketRulesCard />
      <ProductsTable />
    </div>
  );
}
