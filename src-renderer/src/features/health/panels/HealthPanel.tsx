import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainLinkState, HealthView, LinkState } from '../../../../../src-shared/contract/health';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { dayTimeSeconds } from '../../../ui/format';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';
import { auditChainText, byteSize, duration, integrityText, isolate, linkStateText, linkTone } from '../format';
import '../../../ui/admin.css';
import '../health.css';

/** One labelled fact of a section's list. */
function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** A link's state: a coloured mark and the words, so the colour is never the only cue. */
function LinkBadge({ state, text }: { state: LinkState | ChainLinkState; text: string }) {
  return (
    <span className={`health-state ${linkTone(state)}`}>
      <span className="health-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/**
 * What an administrator checks on the terminal: its version and data folder with their sizes, the
 * event log's head, a database integrity check and a backup (each run by the core off its thread),
 * the links to broker, price feed and chain node, the audit trail's verify, and the calls that
 * failed lately. Every action reloads the view, so what is shown is what the core now says.
 */
export function HealthPanel() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // Headings name their sections; ids unique even if the panel were open twice.
  const id = useId();
  const [view, setView] = useState<HealthView | null>(null);
  const load = useBusyAction();
  const check = useBusyAction();
  const backup = useBusyAction();
  const verify = useBusyAction();
  const { run: runLoad } = load;

  const refresh = useCallback(() => runLoad(async () => setView(await call('health.status', {}))), [runLoad]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** An action, then the view again: also after a refusal, since another session may have changed it. */
  const act = (action: ReturnType<typeof useBusyAction>, work: () => Promise<unknown>) =>
    void action.run(async () => {
      try {
        await work();
      } finally {
        await refresh();
      }
    });

  if (!view) {
    return (
      <div className="admin-panel health-panel">
        {load.error ? <ErrorBanner error={load.error} /> : <p className="muted">{t('health.loading')}</p>}
        {load.error ? (
          <div className="health-buttons">
            <button type="button" onClick={() => void refresh()}>
              {t('health.refresh')}
            </button>
          </div>
        ) : null}
      </div>
    );
  }

  const time = (ms: number) => isolate(dayTimeSeconds(ms, language));
  const size = (bytes: number) => isolate(byteSize(bytes, language));
  const integrityRunning = check.busy || view.running.includes('integrity');
  const backupRunning = backup.busy || view.running.includes('backup');
  const { lastIntegrity, backups, auditChain } = view;
  const auditTone = auditChain === null ? '' : auditChain.ok ? 'ok' : 'bad';

  return (
    <div className="admin-panel health-panel" data-testid="health-panel">
      <div className="health-buttons">
        <button type="button" onClick={() => void refresh()} disabled={load.busy}>
          {t('health.refresh')}
        </button>
      </div>
      <ErrorBanner error={load.error} />

      <div className="health-sections">
        <section aria-labelledby={`${id}-terminal`}>
          <h3 id={`${id}-terminal`}>{t('health.terminalTitle')}</h3>
          <dl className="health-facts">
            <Fact label={t('health.version')} testId="health-version">
              <span dir="ltr">{view.version}</span>
            </Fact>
            <Fact label={t('health.terminalId')}>
              <span dir="ltr" className="health-code">
                {view.terminalId}
              </span>
            </Fact>
            <Fact label={t('health.dataDir')} testId="health-data-dir">
              <span dir="ltr" className="health-code">
                {view.dataDir}
              </span>
            </Fact>
            <Fact label={t('health.databaseSize')}>{size(view.databaseBytes)}</Fact>
            <Fact label={t('health.walSize')}>{size(view.walBytes)}</Fact>
            <Fact label={t('health.dataDirSize')}>{size(view.dataDirBytes)}</Fact>
            <Fact label={t('health.diskFree')}>{view.diskFreeBytes === null ? t('health.unknown') : size(view.diskFreeBytes)}</Fact>
            <Fact label={t('health.schemaVersion')}>{view.schemaVersion}</Fact>
            <Fact label={t('health.eventHead')}>
              {view.eventHead.ts === null ? t('health.eventHeadEmpty') : t('health.eventHeadValue', { seq: view.eventHead.seq, time: time(view.eventHead.ts) })}
            </Fact>
          </dl>
        </section>

        <section aria-labelledby={`${id}-integrity`} data-testid="health-integrity">
          <h3 id={`${id}-integrity`}>{t('health.integrityTitle')}</h3>
          {integrityRunning ? (
            <p className="muted" role="status">
              {t('health.integrityRunning')}
            </p>
          ) : null}
          {lastIntegrity ? (
            <dl className="health-facts">
              <Fact label={t('health.result')} testId="health-integrity-result">
                <span className={lastIntegrity.ok ? 'health-ok' : 'health-bad'}>{integrityText(lastIntegrity, t)}</span>
              </Fact>
              <Fact label={t('health.checkedAt')} testId="health-integrity-time">
                {time(lastIntegrity.checkedAt)}
              </Fact>
              <Fact label={t('health.took')}>{isolate(duration(lastIntegrity.durationMs, language))}</Fact>
            </dl>
          ) : (
            <p className="muted">{t('health.integrityNever')}</p>
          )}
          <ErrorBanner error={check.error} />
          <div className="health-buttons">
            <button type="button" className="primary" disabled={check.busy} onClick={() => act(check, () => call('health.check', {}))}>
              {check.busy ? t('health.checking') : t('health.checkIntegrity')}
            </button>
          </div>
        </section>

        <section aria-labelledby={`${id}-backups`} data-testid="health-backups">
          <h3 id={`${id}-backups`}>{t('health.backupTitle')}</h3>
          {backupRunning ? (
            <p className="muted" role="status">
              {t('health.backupRunning')}
            </p>
          ) : null}
          {backups.last ? (
            <dl className="health-facts">
              <Fact label={t('health.lastBackup')} testId="health-backup-name">
                <span dir="ltr" className="health-code">
                  {backups.last.name}
                </span>
              </Fact>
              <Fact label={t('health.takenAt')}>{time(backups.last.takenAt)}</Fact>
              <Fact label={t('health.size')} testId="health-backup-size">
                {size(backups.last.bytes)}
              </Fact>
              <Fact label={t('health.backupsKept')}>{t('health.backupsKeptValue', { count: backups.count, kept: backups.kept })}</Fact>
            </dl>
          ) : (
            <p className="muted">{t('health.backupNever')}</p>
          )}
          <ErrorBanner error={backup.error} />
          <div className="health-buttons">
            <button type="button" className="primary" disabled={backup.busy} onClick={() => act(backup, () => call('health.backup', {}))}>
              {backup.busy ? t('health.backingUp') : t('health.backUpNow')}
            </button>
          </div>
        </section>

        <section aria-labelledby={`${id}-links`}>
          <h3 id={`${id}-links`}>{t('health.linksTitle')}</h3>
          <table className="admin-table health-links" aria-label={t('health.linksTable')}>
            <thead>
              <tr>
                <th scope="col">{t('health.link')}</th>
                <th scope="col">{t('health.state')}</th>
              </tr>
            </thead>
            <tbody>
              {(['broker', 'feed', 'chain'] as const).map((link) => (
                <tr key={link} data-testid={`health-link-${link}`}>
                  <th scope="row">{t(`health.links.${link}`)}</th>
                  <td>
                    <LinkBadge state={view.links[link]} text={linkStateText(view.links[link], t)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section aria-labelledby={`${id}-audit`}>
          <h3 id={`${id}-audit`}>{t('health.auditTitle')}</h3>
          <p className={auditTone ? `health-${auditTone}` : 'muted'} data-testid="health-audit-chain">
            {auditChainText(auditChain, t, language)}
          </p>
          <ErrorBanner error={verify.error} />
          <div className="health-buttons">
            <button type="button" disabled={verify.busy} onClick={() => act(verify, () => call('audit.verify', {}))}>
              {verify.busy ? t('health.verifying') : t('health.verify')}
            </button>
          </div>
        </section>

        <section aria-labelledby={`${id}-errors`}>
          <h3 id={`${id}-errors`}>{t('health.errorsTitle')}</h3>
          {view.recentErrors.length === 0 ? (
            <p className="muted">{t('health.noErrors')}</p>
          ) : (
            <table className="admin-table" aria-label={t('health.errorsTable')}>
              <thead>
                <tr>
                  <th scope="col">{t('health.errorTime')}</th>
                  <th scope="col">{t('health.errorMethod')}</th>
                  <th scope="col">{t('health.errorUser')}</th>
                </tr>
              </thead>
              <tbody>
                {view.recentErrors.map((error) => (
                  <tr key={error.seq}>
                    <td>{time(error.ts)}</td>
                    <td dir="ltr" className="health-code">
                      {error.method}
                    </td>
                    <td>{error.actor === null ? t('health.bySystem') : <span dir="ltr">{error.actor}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}
