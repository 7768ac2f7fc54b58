import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../../src-shared/domain/schemas';
import { call } from '../../../transport/client';
import { timeOfDay } from '../../../ui/format';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import '../../../ui/admin.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';

const PAGE = 200;

type AuditRow = AuditEntry & { details: string };

function auditColumns(language: string): readonly Column<AuditRow>[] {
  return [
    { id: 'seq', value: (e) => e.seq, numeric: true },
    { id: 'time', value: (e) => e.ts, text: (e) => timeOfDay(e.ts, language), instantArea: () => HOME_AREA },
    { id: 'actor', value: (e) => e.actor ?? '—', text: (e) => e.actor ?? '—' },
    { id: 'event', value: (e) => e.type, text: (e) => e.type },
    { id: 'details', value: (e) => e.details, text: (e) => e.details },
  ];
}

/** Every state change on the terminal, newest first, paged backwards through the event log. */
export function AuditPanel() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [done, setDone] = useState(false);
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

  // The table's own filter searches every column, the details included.
  const rows = useMemo(() => entries.filter((e) => !hideJournal || e.type !== 'engine.cmd').map((e) => ({ ...e, details: JSON.stringify(e.payload) })), [entries, hideJournal]);
  const language = i18n.language;
  const columns = useMemo(() => auditColumns(language), [language]);

  return (
    <div className="admin-panel">
      <ErrorBanner error={error} />
      <DataTable
        name="audit"
        label={t('panels.audit')}
        className="audit"
        columns={columns}
        header={(id) => (id === 'seq' ? '#' : t(`audit.${id}`))}
        rows={rows}
        rowKey={(e) => e.seq}
        cell={(id, e) => {
          // Names, event types and JSON read left to right on an Arabic screen too.
          const text = id === 'seq' ? undefined : columns.find((c) => c.id === id)?.text?.(e);
          return text === undefined ? undefined : <span dir="ltr">{text}</span>;
        }}
        gridTemplate="70px 80px minmax(90px, 1fr) minmax(140px, 1.5fr) minmax(200px, 4fr)"
        minWidth={640}
        empty="—"
        toolbar={
          <>
            <label className="toggle">
              <input type="checkbox" checked={hideJournal} onChange={(e) => setHideJournal(e.target.checked)} />
              {t('audit.hideJournal')}
            </label>
            <button type="button" onClick={() => void load()}>
              {t('audit.refresh')}
            </button>
          </>
        }
      />
      {!done && entries.length > 0 && (
        <button type="button" className="ghost" onClick={() => void load(entries.at(-1)?.seq)}>
          {t('audit.older')}
        </button>
      )}
    </div>
  );
}
