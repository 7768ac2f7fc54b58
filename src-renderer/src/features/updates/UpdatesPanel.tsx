import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateRefusal, UpdatesStatusView } from '../../../../src-shared/contract/updates';
import { ApiError, call, subscribe } from '../../transport/client';
import { ErrorBanner } from '../../ui/errors/ErrorBanner';
import { errorField, errorText, reasonText } from '../../ui/errors/error-text';
import { dayTime, ltr } from '../../ui/format';
import '../../ui/admin.css';
import './updates.css';

const megabytes = (bytes: number, language: string) => new Intl.NumberFormat(language, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / 1_048_576);

/**
 * The administrator's Updates area: the running version, the release channel and automatic checks,
 * "Check now" with its result in words, the download with its progress, and, once a verified update
 * is staged, the notice that a restart installs it.
 */
export function UpdatesPanel() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [status, setStatus] = useState<UpdatesStatusView | null>(null);
  const [feedUrl, setFeedUrl] = useState('');
  const [autoCheck, setAutoCheck] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState<'save' | 'check' | 'download' | null>(null);

  useEffect(() => {
    call('updates.status', {}).then((view) => {
      setStatus(view);
      setFeedUrl(view.feedUrl ?? '');
      setAutoCheck(view.autoCheck);
    }, setError);
    return subscribe('updates.status', setStatus);
  }, []);

  async function run(kind: 'save' | 'check' | 'download', action: () => Promise<UpdatesStatusView>) {
    setError(null);
    setSaved(false);
    setBusy(kind);
    try {
      setStatus(await action());
      if (kind === 'save') setSaved(true);
    } catch (err) {
      setError(err);
      // A refused check or download is on the status too (its reason, its time): read it back.
      call('updates.status', {}).then(setStatus, () => undefined);
    } finally {
      setBusy(null);
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const url = feedUrl.trim();
    void run('save', () => call('updates.settings.set', { feedUrl: url === '' ? null : url, autoCheck }));
  }

  const refusal = (r: UpdateRefusal) => reasonText(r.reason, t, r.params, language);
  const feedBlamed = errorField(error) === 'feedUrl';
  if (!status) return <ErrorBanner error={error} />;
  const { lastCheck, available, downloading, staged } = status;
  // A refused check or download is worded from the status (with its time); other errors go to the banner.
  const reason = error instanceof ApiError ? error.error.reason : undefined;
  const shownOnStatus = reason !== undefined && (reason === lastCheck?.refusal?.reason || reason === status.lastDownloadRefusal?.reason);
  return (
    <div className="updates-panel" data-testid="updates-panel">
      {status.restartNeeded && staged && (
        <p className="updates-restart" role="status" data-testid="updates-restart">
          {t('updates.restartNeeded', { version: ltr(staged.version) })}
        </p>
      )}
      <dl className="updates-facts">
        <dt>{t('updates.currentVersion')}</dt>
        <dd data-testid="updates-current">{ltr(status.currentVersion)}</dd>
        <dt>{t('updates.trustedKeys')}</dt>
        <dd>{t('updates.keys', { count: status.trustedKeys })}</dd>
      </dl>
      {status.trustedKeys === 0 && <p className="updates-warning">{t('updates.noKeys')}</p>}

      <form className="settings-card updates-form" aria-label={t('updates.channelTitle')} onSubmit={save} noValidate>
        <h3>{t('updates.channelTitle')}</h3>
        <label className="updates-field">
          <span>{t('updates.feedUrl')}</span>
          <input
            name="feedUrl"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://"
            value={feedUrl}
            onChange={(e) => setFeedUrl(e.target.value)}
            aria-describedby={feedBlamed ? 'updates-feed-error' : 'updates-feed-help'}
            aria-invalid={feedBlamed || undefined}
          />
          <small className="muted" id="updates-feed-help">
            {t('updates.feedHelp', { manifest: ltr(status.manifestName) })}
          </small>
          {feedBlamed && (
            <small className="error" id="updates-feed-error" role="alert">
              {errorText(error, t, language)}
            </small>
          )}
        </label>
        <label className="updates-check">
          <input type="checkbox" name="autoCheck" checked={autoCheck} onChange={(e) => setAutoCheck(e.target.checked)} />
          <span>{t('updates.autoCheck')}</span>
        </label>
        <div className="updates-buttons">
          <button type="submit" className="primary" disabled={busy !== null}>
            {t('updates.save')}
          </button>
          {saved && (
            <span className="ok" role="status">
              {status.feedUrl === null ? t('updates.savedOff') : t('updates.saved')}
            </span>
          )}
        </div>
      </form>

      <section className="settings-card updates-form" aria-labelledby="updates-check-title">
        <h3 id="updates-check-title">{t('updates.checkTitle')}</h3>
        <p className={`updates-result ${lastCheck?.outcome === 'refused' ? 'refused' : lastCheck?.outcome === 'up_to_date' ? 'ok' : ''}`} data-testid="updates-result" aria-live="polite">
          {lastCheck === null
            ? status.feedUrl === null
              ? t('updates.off')
              : t('updates.neverChecked')
            : lastCheck.outcome === 'refused' && lastCheck.refusal
              ? t('updates.checkRefused', { at: dayTime(lastCheck.at, language), reason: refusal(lastCheck.refusal) })
              : lastCheck.outcome === 'up_to_date'
                ? t('updates.upToDate', { latest: ltr(lastCheck.latest ?? ''), at: dayTime(lastCheck.at, language) })
                : available
                  ? available.releaseDate
                    ? t('updates.available', { version: ltr(available.version), date: dayTime(Date.parse(available.releaseDate), language), size: megabytes(available.bytes, language) })
                    : t('updates.availableUndated', { version: ltr(available.version), size: megabytes(available.bytes, language) })
                  : staged
                    ? t('updates.stagedAlready', { version: ltr(staged.version) })
                    : t('updates.neverChecked')}
        </p>
        {downloading && (
          <div className="updates-progress" data-testid="updates-progress">
            <progress max={downloading.total} value={downloading.received} aria-label={t('updates.downloadingLabel', { version: ltr(downloading.version) })} />
            <span className="muted">
              {t('updates.downloading', { version: ltr(downloading.version), done: megabytes(downloading.received, language), total: megabytes(downloading.total, language) })}
            </span>
          </div>
        )}
        {status.lastDownloadRefusal && !downloading && <p className="updates-result refused">{t('updates.downloadRefused', { reason: refusal(status.lastDownloadRefusal) })}</p>}
        <div className="updates-buttons">
          <button type="button" disabled={busy !== null || status.feedUrl === null} onClick={() => void run('check', () => call('updates.check', {}))}>
            {busy === 'check' ? t('updates.checking') : t('updates.checkNow')}
          </button>
          {available && (
            <button type="button" className="primary" disabled={busy !== null || downloading !== null} onClick={() => void run('download', () => call('updates.download', {}))}>
              {t('updates.download', { version: ltr(available.version) })}
            </button>
          )}
        </div>
      </section>
      {!shownOnStatus && !feedBlamed && <ErrorBanner error={error} />}
    </div>
  );
}
