import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { deviceLabel, useDevices } from '../devices';

/** What an option shows; live readings do not change it, so they do not re-render the list. */
function optionOf(d: { id: number; site: string; name: string; enabled: boolean; online: boolean }): string {
  return `${d.id}\t${deviceLabel(d)}${d.enabled ? (d.online ? ' ●' : ' ○') : ' ⊘'}`;
}

/** The shared device selection: picking here (or a row in the registry) drives every device panel. */
export function DevicePicker() {
  const { t } = useTranslation();
  const options = useDevices(useShallow((s) => s.devices.map(optionOf)));
  const selectedId = useDevices((s) => s.selectedId);
  const select = useDevices((s) => s.select);
  const sorted = useMemo(
    () =>
      options
        .map((o) => {
          const [id = '', label = ''] = o.split('\t');
          return { id, label };
        })
        .sort((a, b) => a.label.localeCompare(b.label)),
    [options],
  );
  return (
    <select
      className="dev-picker"
      aria-label={t('devices.device')}
      value={selectedId ?? ''}
      dir="ltr"
      onChange={(e) => select(e.target.value === '' ? null : Number(e.target.value))}
    >
      {selectedId === null && <option value="">{t('devices.pickDevice')}</option>}
      {sorted.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
