import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { ltr } from '../../../ui/format';

/** Asks the core to reach the broker typed in the form, before anything is saved. */
export function ProbeButton({ host, port }: { host: string; port: number | null }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [reached, setReached] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function probe() {
    setReached(null);
    setError(null);
    if (host === '') return setError(t('devices.broker.errors.host'));
    if (port === null) return setError(t('devices.broker.errors.port'));
    setBusy(true);
    try {
      await call('devices.settings.probe', { host, port });
      setReached(`${host}:${port}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="dev-probe">
      <button type="button" disabled={busy} onClick={() => void probe()}>
        {busy ? t('devices.broker.testing') : t('devices.broker.test')}
      </button>
      {reached && (
        <span className="ok" role="status">
          {t('devices.broker.reachable', { address: ltr(reached) })}
        </span>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}
