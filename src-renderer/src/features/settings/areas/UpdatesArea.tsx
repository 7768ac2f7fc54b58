import { useTranslation } from 'react-i18next';
import { UpdatesPanel } from '../../updates/public';

/** Signed self-updates, as the updates feature shows them. */
export function UpdatesArea() {
  const { t } = useTranslation();
  return (
    <div className="settings-stack">
      <h2>{t('settings.tabs.updates')}</h2>
      <UpdatesPanel />
    </div>
  );
}
