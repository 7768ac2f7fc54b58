import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoppedUserView } from '../../../../../src-shared/contract/risk';
import { call, subscribe } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import { areaClock, ltr } from '../../../ui/format';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';

function stoppedColumns(t: TFunction, language: string): readonly Column<StoppedUserView>[] {
  const clock = areaClock(HOME_AREA, 'dayTime', language);
  return [
    { id: 'user', value: (r) => r.username },
    { id: 'by', value: (r) => r.by ?? '—', text: (r) => (r.by === null ? '—' : r.desk ? t('risk.stopped.byDesk', { name: r.by }) : r.by) },
    { id: 'at', value: (r) => r.at ?? 0, text: (r) => (r.at === null ? '—' : ltr(clock.format(r.at))) },
    { id: 'reason', value: (r) => r.reason ?? '—' },
  ];
}

/** Who is stopped now (by whom, when, why), and the release a risk manager gives them. */
export function StoppedUsers() {
  const { t, i18n } = useTranslation();
  const [rows, setRows] = useState<StoppedUserView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => call('risk.stops.list', {}).then(setRows, setError), []);
  useEffect(() => {
    void load();
    const stops = [subscribe('risk.killSwitch', () => void load()), subscribe('risk.deskKill', () => void load())];
    return () => stops.forEach((stop) => stop());
  }, [load]);
  const [selected, setSelected] = useState<string | null>(null);
  const columns = useMemo(() => stoppedColumns(t, i18n.language), [t, i18n.language]);
  const current = rows.find((r) => String(r.userId) === selected) ?? null;
  function release(row: StoppedUserView) {
    call('risk.killSwitch', { userId: row.userId, active: false }).then(() => {
      setError(null);
      setSelected(null);
      return load();
    }, setError);
  }
  return (
    <section className="risk-stopped" aria-label={t('risk.stopped.title')}>
      <h3>{t('risk.stopped.title')}</h3>
      <ErrorBanner error={error} />
      <DataTable
        name="stopped"
        label={t('risk.stopped.title')}
        className="risk-table"
        columns={columns}
        header={(id) => t(`risk.stopped.columns.${id}`)}
        rows={rows}
        rowKey={(r) => String(r.userId)}
        gridTemplate="minmax(100px, 1fr) minmax(120px, 1fr) minmax(130px, 1fr) minmax(160px, 2fr)"
        minWidth={640}
        empty={t('risk.stopped.none')}
        fitRows={Math.min(Math.max(rows.length, 1), 6)}
        selectedKey={selected}
        onRowClick={(r) => setSelected(String(r.userId))}
      />
      {current && (
        <button type="button" name="release" className="primary" onClick={() => release(current)}>
          {t('risk.stopped.release', { name: current.username })}
        </button>
      )}
    </section>
  );
}
