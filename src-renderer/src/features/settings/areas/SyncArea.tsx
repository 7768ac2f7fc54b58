import { useTranslation } from 'react-i18next';
import { SyncPanel } from '../../sync/public';

/** The link to the hosted sync server, as the sync feature shows it. */
export function SyncArea() {
  const { t } = useTranslation();
  return (
    <div className="settings-stack">
      <h2>{t('settings.tabs.sync')}</h2>
      <SyncPanel />
    </div>
  );
}
