import { useTranslation } from 'react-i18next';
import type { AlertView } from '../../../../../src-shared/contract/devices';
import { formatAge, formatStamp, ltr } from '../format';

export type AlertAction = 'acknowledge' | 'clear';

interface Props {
  alert: AlertView;
  now: number;
  /** Null for a role that may only read alerts: no checkbox, no buttons. */
  actions: {
    selected: boolean;
    busy: boolean;
    onSelect(selected: boolean): void;
    onAction(action: AlertAction): void;
  } | null;
  onOpenDevice(): void;
}

/** Who did what to an alert: acknowledged by whom and when, cleared by hand or by the system. */
function AlertState({ alert }: { alert: AlertView }) {
  const { t, i18n } = useTranslation();
  const parts: string[] = [];
  if (alert.acknowledgedAt !== null) {
    parts.push(t('devices.alerts.ackedBy', { who: ltr(alert.acknowledgedBy ?? '—'), time: formatStamp(alert.acknowledgedAt, i18n.language) }));
  }
  if (alert.clearedAt !== null) {
    parts.push(alert.clearedBy === null ? t('devices.alerts.clearedBySystem') : t('devices.alerts.clearedBy', { who: ltr(alert.clearedBy) }));
  }
  if (parts.length === 0 && alert.note === null) return null;
  return (
    <span className="dev-alert-state muted" data-testid="alert-state">
      {parts.join(' · ')}
      {alert.note !== null && (
        <q className="dev-alert-note" dir="auto">
          {alert.note}
        </q>
      )}
    </span>
  );
}

export function AlertRow({ alert: a, now, actions, onOpenDevice }: Props) {
  const { t, i18n } = useTranslation();
  const open = a.clearedAt === null;
  const label = `${a.site} / ${a.device}`;
  const state = open ? (a.acknowledgedAt !== null ? ' active acknowledged' : ' active') : ' cleared';
  return (
    <li className={`dev-alert kind-${a.kind}${state}`} data-alert-id={a.id} onClick={onOpenDevice}>
      <span className="dev-alert-pick">
        {actions && open && (
          <input
            type="checkbox"
            checked={actions.selected}
            aria-label={t('devices.alerts.selectRow', { device: label, kind: t(`devices.alerts.kind.${a.kind}`) })}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => actions.onSelect(e.target.checked)}
          />
        )}
      </span>
      <span className={`dev-chip dev-alert-kind chip-alert-${a.kind}`}>{t(`devices.alerts.kind.${a.kind}`)}</span>
      <span className="dev-alert-device">{label}</span>
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
      <span className="dev-alert-actions">
        {open && a.acknowledgedAt !== null && <span className="dev-chip chip-alert-acked">{t('devices.alerts.acked')}</span>}
        {actions && open && a.acknowledgedAt === null && (
          <button
            type="button"
            disabled={actions.busy}
            onClick={(e) => {
              e.stopPropagation();
              actions.onAction('acknowledge');
            }}
          >
            {t('devices.alerts.acknowledge')}
          </button>
        )}
        {actions && open && (
          <button
            type="button"
            disabled={actions.busy}
            onClick={(e) => {
              e.stopPropagation();
              actions.onAction('clear');
            }}
          >
            {t('devices.alerts.clear')}
          </button>
        )}
      </span>
      <AlertState alert={a} />
    </li>
  );
}
