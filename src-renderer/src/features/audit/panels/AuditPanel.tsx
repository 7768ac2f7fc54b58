import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../../src-shared/domain/schemas';
import { call } from '../../../transport/client';
import { DateTime } from 'luxon';
import { timeOfDay } from '../../../ui/format';
import { HOME_AREA, zoneOfArea } from '../../../../../src-shared/domain/market-areas';
import '../../../ui/admin.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';

const PAGE = 200;
/** New entries are fetched this often while the panel is open. */
const LIVE_REFRESH_MS = 5_000;
/** The engine's journal and layout saves: routine, kept out of the default view. */
const ROUTINE = new Set(['engine.cmd', 'prefs.set']);

interface Filters {
  type: string;
  actor: string;
  /** YYYY-MM-DD on the desk's clock, or ''. */
  day: string;
}

const dayOf = (ts: number): string => DateTime.fromMillis(ts, { zone: zoneOfArea(HOME_AREA) }).toISODate() ?? '';

function matches(e: AuditEntry, filters: Filters, hideRoutine: boolean): boolean {
  if (hideRoutine && ROUTINE.has(e.type)) return false;
  if (filters.type !== '' && e.type !== filters.type) return false;
  if (filters.actor !== '' && (e.actor ?? '') !== filters.actor) return false;
  return filters.day === '' || dayOf(e.ts) === filters.day;
}

/** Newer entries first, each once: a live refresh adds what came since without losing older pages. */
function merged(current: readonly AuditEntry[], fresh: readonly AuditEntry[]): AuditEntry[] {
  const newest = current[0]?.seq ?? 0;
  return [...fresh.filter((e) => e.seq > newest), ...current];
}

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
  const [filters, setFilters] = useState<Filters>({ type: '', actor: '', day: '' });
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
    const timer = setInterval(() => {
      call('audit.list', { limit: PAGE }).then((page) => setEntries((current) => merged(current, page)), (err: unknown) => setError(err));
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  // The table's own filter searches every column, the details included.
  const rows = useMemo(() => entries.filter((e) => matches(e, filters, hideJournal)).map((e) => ({ ...e, details: JSON.stringify(e.payload) })), [entries, filters, hideJournal]);
  const types = useMemo(() => [...new Set(entries.map((e) => e.type))].sort(), [entries]);
  const actors = useMemo(() => [...new Set(entries.map((e) => e.actor ?? ''))].filter((a) => a !== '').sort(), [entries]);
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
            <select aria-label={t('audit.filterType')} value={filters.type} onChange={(e) => setFilters({ ...filters, type: e.target.value })}>
              <option value="">{t('audit.allTypes')}</option>
              {types.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
            <select aria-label={t('audit.filterActor')} value={filters.actor} onChange={(e) => setFilters({ ...filters, actor: e.target.value })}>
              <option value="">{t('audit.allActors')}</option>
              {actors.map((actor) => (
                <option key={actor} value={actor}>
                  {actor}
                </option>
              ))}
            </select>
            <input type="date" aria-label={t('audit.filterDay')} value={filters.day} onChange={(e) => setFilters({ ...filters, day: e.target.value })} />
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
