import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceLabel, useDevices } from '../../state/devices';

/** The shared device selection: picking here (or a row in the registry) drives every device panel. */
export function DevicePicker() {
  const { t } = useTranslation();
  const devices = useDevices((s) => s.devices);
  const selectedId = useDevices((s) => s.selectedId);
  const select = useDevices((s) => s.select);
  const sorted = useMemo(() => [...devices].sort((a, b) => deviceLabel(a).localeCompare(deviceLabel(b))), [devices]);
  return (
    <select
      className="dev-picker"
      aria-label={t('devices.device')}
      value={selectedId ?? ''}
      dir="ltr"
      onChange={(e) => select(e.target.value === '' ? null : Number(e.target.value))}
    >
      {selectedId === null && <option value="">{t('devices.pickDevice')}</option>}
      {sorted.map((d) => (
        <option key={d.id} value={d.id}>
          {deviceLabel(d)}
          {d.enabled ? (d.online ? ' ●' : ' ○') : ' ⊘'}
        </option>
      ))}
    </select>
  );
}
