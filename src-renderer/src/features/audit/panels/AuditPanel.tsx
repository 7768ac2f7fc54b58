import { DateTime } from 'luxon';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../../../src-shared/contract';
import { AUDIT_AREA_NAMES, type AuditArea } from '../../../../../src-shared/contract/audit';
import { HOME_AREA, zoneOfArea } from '../../../../../src-shared/domain/market-areas';
import type { AuditEntry } from '../../../../../src-shared/domain/schemas';
import { call } from '../../../transport/client';
import { download } from '../../../ui/export/table-export';
import { dayTimeSeconds } from '../../../ui/format';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import { detailsText, eventTypeText, type DetailsContext } from '../audit-details';
import '../../../ui/admin.css';

const PAGE = 200;
/** New entries are fetched this often while the panel is open. */
const LIVE_REFRESH_MS = 5_000;

interface Filters {
  /** An area of the terminal (AUDIT_AREAS), or '' for all. */
  area: AuditArea | '';
  type: string;
  actor: string;
  /** YYYY-MM-DD on the desk's clock, or '' (both ends included). */
  fromDay: string;
  toDay: string;
  /** The engine's journal and layout saves are routine: kept out unless asked for. */
  showRoutine: boolean;
}

type Query = Omit<CallInput<'audit.export'>, 'maxRows'>;

/** The filters as the core takes them: whole desk days, the end day included. */
function queryOf(filters: Filters): Query {
  const zone = zoneOfArea(HOME_AREA);
  const startOf = (day: string) => DateTime.fromISO(day, { zone }).startOf('day');
  return {
    hideRoutine: !filters.showRoutine,
    ...(filters.area ? { areas: [filters.area] } : {}),
    ...(filters.type ? { types: [filters.type] } : {}),
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.fromDay ? { fromTs: startOf(filters.fromDay).toMillis() } : {}),
    ...(filters.toDay ? { toTs: startOf(filters.toDay).plus({ days: 1 }).toMillis() } : {}),
  };
}

/**
 * Newer entries first, each once: a live refresh adds what came since without losing older pages.
 * When a whole page is newer than everything shown, more came than a page holds (the simulator
 * writes fast): the list starts again from the newest page rather than show a hole.
 */
function merged(current: readonly AuditEntry[], fresh: readonly AuditEntry[]): AuditEntry[] {
  const newest = current[0]?.seq ?? 0;
  if (fresh.length === PAGE && (fresh.at(-1)?.seq ?? 0) > newest) return [...fresh];
  return [...fresh.filter((e) => e.seq > newest), ...current];
}

type AuditRow = AuditEntry & { event: string; details: string };

function auditColumns(language: string): readonly Column<AuditRow>[] {
  return [
    { id: 'seq', value: (e) => e.seq, numeric: true },
    { id: 'time', value: (e) => e.ts, text: (e) => dayTimeSeconds(e.ts, language), instantArea: () => HOME_AREA },
    { id: 'actor', value: (e) => e.actor ?? '—', text: (e) => e.actor ?? '—' },
    { id: 'event', value: (e) => e.event, text: (e) => e.event },
    { id: 'details', value: (e) => e.details, text: (e) => e.details },
  ];
}

/** Every state change on the terminal, newest first, filtered in the core and paged backwards. */
export function AuditPanel() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [done, setDone] = useState(false);
  const [filters, setFilters] = useState<Filters>({ area: '', type: '', actor: '', fromDay: '', toDay: '', showRoutine: false });
  const [facets, setFacets] = useState<{ types: string[]; actors: string[] }>({ types: [], actors: [] });
  const [names, setNames] = useState<ReadonlyMap<number, string>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const query = useMemo(() => queryOf(filters), [filters]);

  const loadFacets = useCallback(() => {
    call('audit.facets', {}).then(setFacets, (err: unknown) => setError(err));
  }, []);

  const load = useCallback(
    async (beforeSeq?: number) => {
      try {
        const page = await call('audit.list', { ...query, limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) });
        setEntries((current) => (beforeSeq ? [...current, ...page] : page));
        setDone(page.length < PAGE);
        setError(null);
      } catch (err) {
        setError(err);
      }
    },
    [query],
  );

  useEffect(() => {
    loadFacets();
    call('auth.users.list', {}).then(
      (users) => setNames(new Map(users.map((u) => [u.id, u.username]))),
      () => setNames(new Map()),
    );
  }, [loadFacets]);

  useEffect(() => {
    call('audit.list', { ...query, limit: PAGE }).then(
      (page) => {
        setEntries(page);
        setDone(page.length < PAGE);
        setError(null);
      },
      (err: unknown) => setError(err),
    );
    const timer = setInterval(() => {
      call('audit.list', { ...query, limit: PAGE }).then(
        (page) => {
          setEntries((current) => merged(current, page));
          if (page.length === PAGE) setDone(false);
        },
        (err: unknown) => setError(err),
      );
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [query]);

  const language = i18n.language;
  const rows = useMemo(() => {
    const ctx: DetailsContext = { t: (key, options) => t(key, options ?? {}), language, userName: (id) => names.get(id) };
    return entries.map((e) => ({ ...e, event: eventTypeText(e.type, ctx.t), details: detailsText(e.payload, ctx) }));
  }, [entries, names, t, language]);
  const columns = useMemo(() => auditColumns(language), [language]);

  async function exportCsv() {
    try {
      const file = await call('audit.export', query);
      download(file.filename, file.csv, 'text/csv;charset=utf-8');
      setSaved(t('audit.exported', { name: file.filename, rows: file.rows }));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  const set = (change: Partial<Filters>) => setFilters((current) => ({ ...current, ...change }));
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
          if (id === 'event')
            return (
              <span title={e.type}>
                {e.event}
                {e.event !== e.type && (
                  <span className="muted audit-code" dir="ltr">
                    {' '}
                    {e.type}
                  </span>
                )}
              </span>
            );
          // User names read left to right on an Arabic screen too; a time ("04 ديسمبر، 23:03") follows the
          // language, or its day and month would swap places.
          if (id === 'actor') return <span dir="ltr">{columns.find((c) => c.id === id)?.text?.(e)}</span>;
          return undefined;
        }}
        gridTemplate="70px 130px minmax(90px, 1fr) minmax(170px, 1.6fr) minmax(240px, 4fr)"
        minWidth={700}
        empty="—"
        toolbar={
          <>
            <select aria-label={t('audit.filterArea')} value={filters.area} onChange={(e) => set({ area: e.target.value as Filters['area'] })}>
              <option value="">{t('audit.allAreas')}</option>
              {AUDIT_AREA_NAMES.map((area) => (
                <option key={area} value={area}>
                  {t(`audit.areas.${area}`)}
                </option>
              ))}
            </select>
            <select aria-label={t('audit.filterType')} value={filters.type} onChange={(e) => set({ type: e.target.value })}>
              <option value="">{t('audit.allTypes')}</option>
              {facets.types.map((type) => (
                <option key={type} value={type}>
                  {eventTypeText(type, (key, options) => t(key, options ?? {}))}
                </option>
              ))}
            </select>
            <select aria-label={t('audit.filterActor')} value={filters.actor} onChange={(e) => set({ actor: e.target.value })}>
              <option value="">{t('audit.allActors')}</option>
              {facets.actors.map((actor) => (
                <option key={actor} value={actor}>
                  {actor}
                </option>
              ))}
            </select>
            <input type="date" aria-label={t('audit.filterFrom')} value={filters.fromDay} max={filters.toDay || undefined} onChange={(e) => set({ fromDay: e.target.value })} />
            <input type="date" aria-label={t('audit.filterTo')} value={filters.toDay} min={filters.fromDay || undefined} onChange={(e) => set({ toDay: e.target.value })} />
            <label className="toggle">
              <input type="checkbox" checked={filters.showRoutine} onChange={(e) => set({ showRoutine: e.target.checked })} />
              {t('audit.showRoutine')}
            </label>
            <button
              type="button"
              onClick={() => {
                loadFacets();
                void load();
              }}
            >
              {t('audit.refresh')}
            </button>
            <button type="button" onClick={() => void exportCsv()}>
              {t('audit.exportCsv')}
            </button>
          </>
        }
      />
      {saved && (
        <p className="ok" role="status">
          {saved}
        </p>
      )}
      {!done && entries.length > 0 && (
        <button type="button" className="ghost" onClick={() => void load(entries.at(-1)?.seq)}>
          {t('audit.older')}
        </button>
      )}
    </div>
  );
}
