import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';
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

/** This terminal's settings as one file signed with its key, for another terminal to import. */
export function ExportCard() {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, run } = useBusyAction();

  const exportFile = () =>
    run(async () => {
      setSaved(null);
      const file = await call('settings.export', {});
      const name = exportFileName(file);
      download(name, exportFileText(file));
      setSaved(name);
    });

  return (
    <div className="settings-card">
      <h3>{t('settings.transfer.exportTitle')}</h3>
      <p className="muted">{t('settings.transfer.exportHelp')}</p>
      <div className="settings-buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => void exportFile()}>
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
