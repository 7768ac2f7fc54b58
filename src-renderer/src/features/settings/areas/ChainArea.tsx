import { useTranslation } from 'react-i18next';
import { NetworkPanel } from '../../chain/public';

/** The chain network and contract addresses, checked against the node by the core before they are kept. */
export function ChainArea() {
  const { t } = useTranslation();
  return (
    <div className="settings-stack">
      <h2>{t('settings.tabs.chain')}</h2>
      <NetworkPanel />
    </div>
  );
}
