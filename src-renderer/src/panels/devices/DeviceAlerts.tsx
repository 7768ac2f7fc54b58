import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertKind } from '../../../../src-shared/contract-devices';
import { useNow } from '../../hooks/useNow';
import { useDevices } from '../../state/devices';
import { formatAge, formatStamp } from './format';
import './devices.css';

const KINDS: readonly AlertKind[] = ['offline', 'heartbeat_missed', 'stale', 'out_of_range', 'trend_drift'];

/**
 * Health alerts as the core raises and clears them. The contract has no acknowledge call: an alert
 * clears itself when the device recovers, so this list shows what is wrong now and what was.
 */
export function DeviceAlerts() {
  const { t, i18n } = useTranslation();
  const alerts = useDevices((s) => s.alerts);
  const select = useDevices((s) => s.select);
  const load = useDevices((s) => s.load);
  const [activeOnly, setActiveOnly] = useState(true);
  const [kind, setKind] = useState<AlertKind | 'all'>('all');
  const now = useNow(5_000);

  useEffect(() => {
    void load();
  }, [load]);

  const activeCount = useMemo(() => alerts.filter((a) => a.clearedAt === null).length, [alerts]);
  const shown = useMemo(
    () =>
      alerts
        .filter((a) => (!activeOnly || a.clearedAt === null) && (kind === 'all' || a.kind === kind))
        .sort((a, b) => Number(a.clearedAt !== null) - Number(b.clearedAt !== null) || b.raisedAt - a.raisedAt),
    [alerts, activeOnly, kind],
  );

  return (
    <section className="dev-panel dev-alerts" aria-label={t('panels.deviceAlerts')}>
      <div className="dev-toolbar">
        <div className="dev-segmented" role="radiogroup" aria-label={t('devices.alerts.show')}>
          <button type="button" role="radio" aria-checked={activeOnly} className={activeOnly ? 'active' : ''} onClick={() => setActiveOnly(true)}>
            {t('devices.alerts.active', { n: activeCount })}
          </button>
          <button type="button" role="radio" aria-checked={!activeOnly} className={!activeOnly ? 'active' : ''} onClick={() => setActiveOnly(false)}>
            {t('devices.alerts.all')}
          </button>
        </div>
        <select aria-label={t('devices.alerts.kindLabel')} value={kind} onChange={(e) => setKind(e.target.value as AlertKind | 'all')}>
          <option value="all">{t('devices.alerts.allKinds')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`devices.alerts.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {shown.length === 0 && <p className="muted empty">{activeOnly ? t('devices.alerts.noneActive') : t('devices.alerts.none')}</p>}
      <ul className="dev-alert-list" aria-label={t('panels.deviceAlerts')}>
        {shown.map((a) => (
          <li key={a.id} className={`dev-alert kind-${a.kind}${a.clearedAt === null ? ' active' : ' cleared'}`} onClick={() => select(a.deviceId)}>
            <span className={`dev-chip chip-alert-${a.kind}`}>{t(`devices.alerts.kind.${a.kind}`)}</span>
            <span className="dev-alert-device">
              {a.site} / {a.device}
            </span>
            <span className="dev-alert-message" dir="ltr">
              {a.message}
            </span>
            <span className="dev-alert-time muted">
              <span>{formatStamp(a.raisedAt, i18n.language)}</span>
              {' · '}
              {a.clearedAt === null
                ? t('devices.alerts.for', { age: formatAge(now - a.raisedAt, t) })
                : t('devices.alerts.clearedAfter', { age: formatAge(a.clearedAt - a.raisedAt, t) })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
