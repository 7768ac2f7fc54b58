import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../../src-shared/domain/schemas';
import { call } from '../../../transport/client';
import { timeOfDay } from '../../../ui/format';
import '../../../ui/admin.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

const PAGE = 200;

/** Every state change on the terminal, newest first, paged backwards through the event log. */
export function AuditPanel() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [done, setDone] = useState(false);
  const [filter, setFilter] = useState('');
  // The engine's journal rows live in the same log; most reviews are about people's actions.
  const [hideJournal, setHideJournal] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (beforeSeq?: number) => {
    try {
      const page = await call('audit.list', { limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) });
      setEntries((current) => (beforeSeq ? [...current, ...page] : page));
      setDone(page.length < PAGE);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);

  useEffect(() => {
    call('audit.list', { limit: PAGE }).then(
      (page) => {
        setEntries(page);
        setDone(page.length < PAGE);
      },
      (err: unknown) => setError(err),
    );
  }, []);

  const needle = filter.trim().toLowerCase();
  const shown = entries.filter(
    (e) => (!hideJournal || e.type !== 'engine.cmd') && (!needle || `${e.type} ${e.actor ?? ''} ${JSON.stringify(e.payload)}`.toLowerCase().includes(needle)),
  );

  return (
    <div className="admin-panel">
      <div className="row admin-toolbar">
        <input type="search" name="auditFilter" placeholder={t('table.filter')} aria-label={t('table.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <label className="toggle">
          <input type="checkbox" checked={hideJournal} onChange={(e) => setHideJournal(e.target.checked)} />
          {t('audit.hideJournal')}
        </label>
        <button type="button" onClick={() => void load()}>
          {t('audit.refresh')}
        </button>
      </div>
      <ErrorBanner error={error} />
      <table className="admin-table audit" aria-label={t('panels.audit')}>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('audit.time')}</th>
            <th>{t('audit.actor')}</th>
            <th>{t('audit.event')}</th>
            <th>{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr key={e.seq}>
              <td dir="ltr">{e.seq}</td>
              <td dir="ltr">{timeOfDay(e.ts, i18n.language)}</td>
              <td dir="ltr">{e.actor ?? '—'}</td>
              <td dir="ltr">{e.type}</td>
              <td dir="ltr" className="payload">{JSON.stringify(e.payload)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!done && entries.length > 0 && (
        <button type="button" className="ghost" onClick={() => void load(entries.at(-1)?.seq)}>
          {t('audit.older')}
        </button>
      )}
    </div>
  );
}
