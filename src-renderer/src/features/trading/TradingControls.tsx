import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TRADING_ROLES } from '../../../../src-shared/contract/kit';
import { errorText } from '../../ui/errors/error-text';
import { useMarket } from './market-status';
import { hasRole, useSession } from '../auth/public';

/** Market halt banner and the user's own kill switch, always in sight in the top bar. */
export function TradingControls() {
  const { t } = useTranslation();
  const role = useSession((s) => s.user?.role);
  const { halted, killSwitch, load, setKillSwitch } = useMarket();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);

  if (!hasRole(role, TRADING_ROLES)) return null;

  async function stop() {
    if (!window.confirm(t('controls.killConfirm'))) return;
    setError(null);
    try {
      await setKillSwitch(true);
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  return (
    <div className="trading-controls">
      {halted && (
        <span className="banner" role="status">
          {t('controls.halted')}
        </span>
      )}
      {killSwitch ? (
        <span className="banner" role="status" data-testid="kill-switch-active">
          {t('controls.killed')}
        </span>
      ) : (
        <button type="button" className="danger" onClick={() => void stop()}>
          {t('controls.kill')}
        </button>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
