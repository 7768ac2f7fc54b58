import { useTranslation } from 'react-i18next';
import { ExportCard } from './ExportCard';
import { IdentityCard } from './IdentityCard';
import { ImportCard } from './ImportCard';

/** Rolling one configuration out to many terminals: the signed file out, a verified file in, and whom to trust. */
export function TransferArea() {
  const { t } = useTranslation();
  return (
    <div className="settings-stack">
      <h2>{t('settings.transfer.title')}</h2>
      <ExportCard />
      <ImportCard />
      <IdentityCard />
    </div>
  );
}
