import { useTranslation } from 'react-i18next';
import { BrokerSettings } from '../../devices/public';

/** The devices' broker settings as the devices feature shows them, "Test connection" included. */
export function BrokerArea() {
  const { t } = useTranslation();
  return (
    <div className="settings-stack">
      <h2>{t('settings.tabs.broker')}</h2>
      <BrokerSettings />
    </div>
  );
}
