import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusView } from '../../../../../src-shared/contract/sync';
import { ApiError, call, subscribe } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { reasonText } from '../../../ui/errors/error-text';
import { dayTime, ltr } from '../../../ui/format';
import '../../../ui/admin.css';
import '../sync.css';

/** An enrolment the server refused names why in `params.code`, worded here like the loop's own errors. */
function enrolRefusal(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.error.reason !== 'SYNC_ENROL_REFUSED') return null;
  const code = error.error.params?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * The administrator's view of hosted sync: enrol with the server's one-time code, then the link's
 * state (last sync, events not yet on the server, why the last attempt stopped), a progress bar
 * while a sync catches up, "Sync now", and the items pulled from the server.
 */
export function SyncPanel() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [serverUrl, setServerUrl] = useState('https://');
  const [enrolmentCode, setEnrolmentCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('sync.status', {}).then(setStatus, setError);
    return subscribe('sync.status', setStatus);
  }, []);

  async function run(action: () => Promise<SyncStatusView>) {
    setError(null);
    setBusy(true);
    try {
      setStatus(await action());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function enrol(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const view = await call('sync.enrol', { serverUrl: serverUrl.trim(), enrolmentCode: enrolmentCode.trim() });
      setEnrolmentCode('');
      return view;
    });
  }

  const refused = enrolRefusal(error);
  const banner = refused ? <p className="sync-error" role="alert">{t('sync.enrolRefused', { reason: t(`sync.errors.${refused}`) })}</p> : <ErrorBanner error={error} />;

  if (status && !status.enrolled) {
    return (
      <div className="admin-panel">
        <p className="muted">{t('sync.notEnrolled')}</p>
        <form className="sync-form" onSubmit={enrol} aria-label={t('sync.enrolTitle')}>
          <label>
            <span>{t('sync.serverUrl')}</span>
            <input name="serverUrl" dir="ltr" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
          </label>
          <label>
            <span>{t('sync.enrolmentCode')}</span>
            <input name="enrolmentCode" dir="ltr" autoComplete="off" value={enrolmentCode} onChange={(e) => setEnrolmentCode(e.target.value)} />
          </label>
          {banner}
          <div className="sync-buttons">
            <button type="submit" className="primary" disabled={busy || enrolmentCode.trim().length < 8}>
              {busy ? t('sync.enrolling') : t('sync.enrol')}
            </button>
          </div>
        </form>
      </div>
    );
  }
  if (!status) return <div className="admin-panel">{banner}</div>;

  const { progress, lastError } = status;
  const span = progress ? Math.max(1, progress.to - progress.from) : 1;
  return (
    <div className="admin-panel" data-testid="sync-panel">
      <dl className="sync-status">
        <dt>{t('sync.server')}</dt>
        <dd>{ltr(status.serverUrl ?? '')}</dd>
        <dt>{t('sync.organisation')}</dt>
        <dd>{ltr(status.orgId ?? '')}</dd>
        <dt>{t('sync.terminal')}</dt>
        <dd>{ltr(status.terminalId)}</dd>
        <dt>{t('sync.lastSync')}</dt>
        <dd data-testid="sync-last">{status.lastSyncAt === null ? t('sync.never') : dayTime(status.lastSyncAt, i18n.language)}</dd>
        <dt>{t('sync.pending')}</dt>
        <dd data-testid="sync-pending">{status.pending}</dd>
      </dl>
      {progress ? (
        <div className="sync-progress" data-testid="sync-progress">
          <progress max={span} value={progress.done - progress.from} />
          <span className="muted">{t('sync.catchingUp', { done: progress.done - progress.from, total: progress.to - progress.from })}</span>
        </div>
      ) : null}
      {lastError ? (
        <p className="sync-error" role="alert" data-testid="sync-error">
          {t(`sync.errors.${lastError.code}`)}
          {lastError.seq !== null ? ` ${t('sync.atSequence', { seq: lastError.seq })}` : ''}
          {status.lastAttemptAt !== null ? ` ${t('sync.lastAttempt', { time: dayTime(status.lastAttemptAt, i18n.language) })}` : ''}
        </p>
      ) : status.lastSyncAt !== null ? (
        <p className="sync-ok">{t('sync.upToDate')}</p>
      ) : null}
      {banner}
      <div className="sync-buttons">
        <button type="button" className="primary" disabled={busy || progress !== null} onClick={() => void run(() => call('sync.now', {}))}>
          {busy || progress ? t('sync.syncing') : t('sync.now')}
        </button>
        <button type="button" disabled={busy || progress !== null} onClick={() => window.confirm(t('sync.unenrolConfirm')) && void run(() => call('sync.unenrol', {}))}>
          {t('sync.unenrol')}
        </button>
      </div>
      <h3>{t('sync.itemsTitle')}</h3>
      {status.items.length === 0 ? (
        <p className="muted">{t('sync.noItems')}</p>
      ) : (
        <table className="admin-table sync-items">
          <thead>
            <tr>
              <th>{t('sync.itemKind')}</th>
              <th>{t('sync.itemKey')}</th>
              <th>{t('sync.itemVersion')}</th>
              <th>{t('sync.itemValue')}</th>
              <th>{t('sync.itemPulled')}</th>
              <th>{t('sync.itemApplied')}</th>
            </tr>
          </thead>
          <tbody>
            {status.items.map((item) => (
              <tr key={`${item.kind}/${item.key}`}>
                <td>{t(`sync.kinds.${item.kind}`)}</td>
                <td dir="ltr">{item.key}</td>
                <td>{item.version}</td>
                <td className="value" dir="ltr">{item.value === null ? t('sync.withdrawn') : JSON.stringify(item.value)}</td>
                <td>{dayTime(item.pulledAt, i18n.language)}</td>
                <td title={item.refusal ? reasonText(item.refusal, t, undefined, i18n.language) : undefined}>
                  {t(`sync.applied.${item.applied}`)}
                  {item.refusal ? `: ${reasonText(item.refusal, t, undefined, i18n.language)}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
