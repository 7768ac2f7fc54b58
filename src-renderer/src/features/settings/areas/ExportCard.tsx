import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';
import { SETTINGS_PASSPHRASE_MIN } from '../../../../../src-shared/contract/settings';
import { exportFileName, exportFileText } from '../transfer-file';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has handed the blob to the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * This terminal's settings as one file signed with its key, for another terminal to import. Its
 * passwords and keys travel only when the admin asks, encrypted with a passphrase they choose and
 * hand over apart from the file.
 */
export function ExportCard() {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  const [withSecrets, setWithSecrets] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, run } = useBusyAction();
  const tooShort = withSecrets && passphrase.length < SETTINGS_PASSPHRASE_MIN;
  const differ = withSecrets && repeat !== '' && repeat !== passphrase;

  const exportFile = () =>
    run(async () => {
      setSaved(null);
      const file = await call('settings.export', withSecrets ? { includeSecrets: { passphrase } } : {});
      const name = exportFileName(file);
      download(name, exportFileText(file));
      setSaved(name);
    });

  return (
    <div className="settings-card">
      <h3>{t('settings.transfer.exportTitle')}</h3>
      <p className="muted">{t('settings.transfer.exportHelp')}</p>
      <label className="check">
        <input type="checkbox" name="includeSecrets" checked={withSecrets} onChange={(e) => setWithSecrets(e.target.checked)} />
        <span>{t('settings.transfer.includeSecrets')}</span>
      </label>
      {withSecrets && (
        <div className="settings-narrow stack">
          <p className="muted">{t('settings.transfer.secretsHelp', { min: SETTINGS_PASSPHRASE_MIN })}</p>
          <label className="field">
            <span>{t('settings.transfer.passphrase')}</span>
            <input name="exportPassphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('settings.transfer.repeatPassphrase')}</span>
            <input name="exportPassphraseRepeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          </label>
          {differ && <p className="error">{t('settings.transfer.passphrasesDiffer')}</p>}
        </div>
      )}
      <div className="settings-buttons">
        <button type="button" className="primary" disabled={busy || tooShort || differ || (withSecrets && repeat === '')} onClick={() => void exportFile()}>
          {t('settings.transfer.export')}
        </button>
        {saved && (
          <span className="ok" role="status" dir="auto">
            {t('settings.transfer.exported', { name: saved })}
          </span>
        )}
      </div>
      <ErrorBanner error={error} />
    </div>
  );
}
