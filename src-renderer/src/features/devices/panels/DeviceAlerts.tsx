import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertActionResult, AlertKind } from '../../../../../src-shared/contract/devices';
import { call } from '../../../transport/client';
import { useNow } from '../../../ui/hooks/useNow';
import { useDevices } from '../devices';
import { errorText } from '../../../ui/errors/error-text';
import { AlertRow, type AlertAction } from './AlertRow';
import { useDeviceRoles } from '../roles';
import './devices.css';
import './alerts.css';

const KINDS: readonly AlertKind[] = ['offline', 'heartbeat_missed', 'stale', 'out_of_range', 'trend_drift'];
const NOTE_MAX = 500;

/** The answer kept as data, not as a sentence, so it reads right after a language switch. */
type Outcome =
  | { kind: 'done'; action: AlertAction; changed: number; unchanged: AlertActionResult['unchanged'] }
  | { kind: 'error'; text: string };

function send(action: AlertAction, alertIds: number[], note: string): Promise<AlertActionResult> {
  const input = { alertIds, ...(note ? { note } : {}) };
  return action === 'acknowledge' ? call('devices.alerts.acknowledge', input) : call('devices.alerts.clear', input);
}

/**
 * Health alerts as the core raises them. Operators acknowledge (seen, being handled: the alert stays
 * open until the device recovers) or clear by hand (fixed: if the fault is still there, the next
 * health check raises it again). Viewers only read.
 */
export function DeviceAlerts() {
  const { t } = useTranslation();
  const alerts = useDevices((s) => s.alerts);
  const select = useDevices((s) => s.select);
  const load = useDevices((s) => s.load);
  const { canOperate } = useDeviceRoles();
  const [activeOnly, setActiveOnly] = useState(true);
  const [kind, setKind] = useState<AlertKind | 'all'>('all');
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
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
  // Only open alerts that are on screen can be acted on; one cleared meanwhile drops out of the selection.
  const selectable = useMemo(() => shown.filter((a) => a.clearedAt === null).map((a) => a.id), [shown]);
  const selected = useMemo(() => selectable.filter((id) => picked.has(id)), [selectable, picked]);
  const allPicked = selectable.length > 0 && selected.length === selectable.length;

  function pick(id: number, on: boolean) {
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function act(action: AlertAction, alertIds: number[]) {
    if (alertIds.length === 0) return;
    setBusy(true);
    setOutcome(null);
    try {
      const result = await send(action, alertIds, note.trim());
      setOutcome({ kind: 'done', action, changed: result.changed.length, unchanged: result.unchanged });
      setNote('');
      setPicked((prev) => new Set([...prev].filter((id) => !alertIds.includes(id))));
    } catch (err) {
      setOutcome({ kind: 'error', text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }

  const already = (reason: AlertActionResult['unchanged'][number]['reason']) =>
    outcome?.kind === 'done' ? outcome.unchanged.filter((u) => u.reason === reason).length : 0;

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
      {canOperate && selectable.length > 0 && (
        <div className="dev-toolbar dev-alert-bulk" role="group" aria-label={t('devices.alerts.bulk')}>
          <label className="dev-check">
            <input type="checkbox" checked={allPicked} onChange={(e) => setPicked(new Set(e.target.checked ? selectable : []))} />
            {t('devices.alerts.selectAll')}
          </label>
          <span className="muted" data-testid="alerts-selected">
            {t('devices.alerts.selected', { n: selected.length })}
          </span>
          <input
            className="dev-alert-note-input"
            value={note}
            maxLength={NOTE_MAX}
            onChange={(e) => setNote(e.target.value)}
            aria-label={t('devices.alerts.note')}
            placeholder={t('devices.alerts.notePlaceholder')}
            dir="auto"
          />
          <button type="button" disabled={busy || selected.length === 0} onClick={() => void act('acknowledge', selected)}>
            {t('devices.alerts.ackSelected')}
          </button>
          <button type="button" disabled={busy || selected.length === 0} onClick={() => void act('clear', selected)}>
            {t('devices.alerts.clearSelected')}
          </button>
          <p className="muted dev-alert-help">{t('devices.alerts.clearHelp')}</p>
        </div>
      )}
      {outcome && (
        <div className={`dev-message ${outcome.kind === 'error' ? 'error' : 'ok'}`} role={outcome.kind === 'error' ? 'alert' : 'status'} data-testid="alert-message">
          <span>
            {outcome.kind === 'error'
              ? outcome.text
              : [
                  t(`devices.alerts.done.${outcome.action}`, { n: outcome.changed }),
                  already('already_acknowledged') > 0 ? t('devices.alerts.alreadyAcked', { n: already('already_acknowledged') }) : '',
                  already('already_cleared') > 0 ? t('devices.alerts.alreadyCleared', { n: already('already_cleared') }) : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
          </span>
          <button type="button" className="link" onClick={() => setOutcome(null)} aria-label={t('common.dismiss')}>
            ✕
          </button>
        </div>
      )}
      {shown.length === 0 && <p className="muted empty">{activeOnly ? t('devices.alerts.noneActive') : t('devices.alerts.none')}</p>}
      <ul className="dev-alert-list" aria-label={t('panels.deviceAlerts')}>
        {shown.map((a) => (
          <AlertRow
            key={a.id}
            alert={a}
            now={now}
            onOpenDevice={() => select(a.deviceId)}
            actions={
              canOperate
                ? { selected: picked.has(a.id), busy, onSelect: (on) => pick(a.id, on), onAction: (action) => void act(action, [a.id]) }
                : null
            }
          />
        ))}
      </ul>
    </section>
  );
}
