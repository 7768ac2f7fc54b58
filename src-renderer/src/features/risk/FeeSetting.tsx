import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../transport/client';
import { ErrorBanner } from '../../ui/errors/ErrorBanner';
import { useBusyAction } from '../../ui/hooks/use-busy-action';
import { parseEur } from './risk-format';

const MONEY_PER_EUR = 100_000;

/** The desk's fee per MWh traded, on its own: the settings console's copy of the limits panel's toolbar field. */
export function FeeSetting() {
  const { t } = useTranslation();
  const [fee, setFee] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useBusyAction();

  useEffect(() => {
    call('risk.fees.get', {}).then((view) => setFee(String(view.feePerMwhMoney / MONEY_PER_EUR)), setError);
  }, [setError]);

  return (
    <form
      className="analysis-inline"
      aria-label={t('risk.feePerMwh')}
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const money = parseEur(fee);
        if (money === null || money < 0) return setError(t('risk.badAmount'));
        void run(async () => {
          const view = await call('risk.fees.set', { feePerMwhMoney: money });
          setFee(String(view.feePerMwhMoney / MONEY_PER_EUR));
          setSaved(true);
        });
      }}
    >
      <label className="analysis-inline">
        <span className="muted">{t('risk.feePerMwh')}</span>
        <input name="fee" inputMode="decimal" dir="ltr" value={fee} onChange={(e) => setFee(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {t('risk.setFee')}
      </button>
      {saved && (
        <span className="ok" role="status">
          {t('risk.feeSaved')}
        </span>
      )}
      <ErrorBanner error={error} />
    </form>
  );
}
