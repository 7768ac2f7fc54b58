import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../../../../src-shared/contract/devices';
import { call } from '../../../transport/client';
import { errorText } from '../../../ui/errors/error-text';
import { download } from '../../../ui/export/table-export';

/** The most devices one call issues logins for (the contract's limit). */
const MAX_PER_FILE = 1_000;

/**
 * Admin only: fresh broker logins for the devices the list shows, downloaded once as the file the
 * device simulator (and a fleet's provisioning) reads. Asks first, because it replaces logins in use.
 */
export function IssueLogins({ devices, onError }: { devices: readonly DeviceView[]; onError: (text: string | null) => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<number | null>(null);
  const eligible = devices.filter((d) => d.mapping === null).slice(0, MAX_PER_FILE);

  async function issue() {
    setBusy(true);
    onError(null);
    try {
      const file = await call('devices.credentials.issue', { deviceIds: eligible.map((d) => d.id) });
      download('griddesk-device-logins.json', JSON.stringify(file, null, 2), 'application/json');
      setIssued(file.devices.length);
      setAsking(false);
    } catch (err) {
      onError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" onClick={() => (eligible.length === 0 ? onError(t('devices.logins.none')) : setAsking(true))}>
        {t('devices.logins.issue')}
      </button>
      {asking && (
        <div className="dev-message dev-toolbar-wide" role="alertdialog" aria-label={t('devices.logins.issue')}>
          <span>{t('devices.logins.confirm', { count: eligible.length })}</span>
          <span className="dev-message-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void issue()}>
              {t('devices.logins.download')}
            </button>
            <button type="button" className="ghost" onClick={() => setAsking(false)}>
              {t('devices.cancel')}
            </button>
          </span>
        </div>
      )}
      {issued !== null && !asking && (
        <span className="muted dev-toolbar-wide" role="status">
          {t('devices.logins.issued', { count: issued })}
        </span>
      )}
    </>
  );
}
