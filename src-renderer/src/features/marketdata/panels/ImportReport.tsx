import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportIssueView, MarketImportResult } from '../../../../../src-shared/contract/marketdata';
import type { ImportSeriesView } from '../../../../../src-shared/contract/marketdata-views';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';

/** Problems and series the report tables show before they scroll. */
const ROWS_SHOWN = 10;

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

type NumberedIssue = ImportIssueView & { index: number };
type NumberedSeries = ImportSeriesView & { index: number };

/**
 * A problem in the user's language, from its code; the file's own words (the column or field named)
 * follow, and the core's detailed English note is the hover text.
 */
function issueText(issue: ImportIssueView, t: TFunction): string {
  const worded = t(`marketdata.issues.${issue.code}`);
  return issue.field ? `${worded} (${issue.field})` : worded;
}

/** The line of the file, or the delivery interval when no one line is to blame. */
function whereText(issue: ImportIssueView, t: TFunction): string {
  return issue.line !== undefined ? t('marketdata.line', { line: issue.line }) : (issue.interval ?? '');
}

function issueColumns(t: TFunction): readonly Column<NumberedIssue>[] {
  return [
    { id: 'where', value: (i) => i.line ?? i.index, text: (i) => whereText(i, t) },
    { id: 'problem', value: (i) => issueText(i, t) },
  ];
}

function seriesKindText(s: ImportSeriesView, t: TFunction): string {
  const sequence = s.sequence !== undefined ? ` · ${t('marketdata.sequence', { sequence: s.sequence })}` : '';
  return `${t(`marketdata.kinds.${s.kind}`)}${sequence} · ${s.durationMin} min`;
}

function seriesStoredText(s: ImportSeriesView, t: TFunction): string {
  return s.skipped === undefined
    ? t('marketdata.stored', { count: s.points })
    : t(`marketdata.skipped.${s.skipped}`, { sequence: s.sequence ?? '', psrType: s.psrType ?? '' });
}

function seriesColumns(t: TFunction): readonly Column<NumberedSeries>[] {
  return [
    { id: 'seriesKind', value: (s) => seriesKindText(s, t) },
    { id: 'seriesSpan', value: (s) => s.from, text: (s) => `${when(s.from)} – ${when(s.to)}` },
    { id: 'seriesStored', value: (s) => seriesStoredText(s, t) },
  ];
}

/** What an import stored, series by series, and what it skipped and why; or every problem that refused it. */
export function ImportReport({ result }: { result: MarketImportResult }) {
  const { t } = useTranslation();
  const issues = useMemo(() => issueColumns(t), [t]);
  const series = useMemo(() => seriesColumns(t), [t]);
  if (!result.ok) {
    return (
      <div role="alert" data-testid="import-errors">
        <p className="error">{t('marketdata.refused', { count: result.errorCount })}</p>
        <DataTable
          name="import-problems"
          label={t('marketdata.refused', { count: result.errorCount })}
          className="issues"
          columns={issues}
          cell={(id, issue) =>
            id === 'problem' ? <span title={issue.message}>{issueText(issue, t)}</span> : <span dir="ltr">{whereText(issue, t)}</span>
          }
          header={(id) => t(`marketdata.${id}`)}
          rows={result.errors.map((issue, index) => ({ ...issue, index }))}
          rowKey={(issue) => issue.index}
          gridTemplate="minmax(110px, 1fr) minmax(240px, 5fr)"
          minWidth={420}
          empty="—"
          fitRows={Math.min(Math.max(result.errors.length, 1), ROWS_SHOWN)}
        />
      </div>
    );
  }
  return (
    <div role="status" data-testid="import-result">
      <p className="ok">
        {t('marketdata.imported', { count: result.imported, replaced: result.replaced, area: result.area, from: when(result.from), to: when(result.to) })}
        {result.drivers > 0 && <> {t('marketdata.importedDrivers', { count: result.drivers })}</>}
      </p>
      <DataTable
        name="import-series"
        label={t('marketdata.seriesCaption')}
        className="issues import-series"
        columns={series}
        cell={(id, s) => (id === 'seriesSpan' ? <span dir="ltr">{`${when(s.from)} – ${when(s.to)}`}</span> : undefined)}
        header={(id) => t(`marketdata.${id}`)}
        rows={result.series.map((s, index) => ({ ...s, index }))}
        rowKey={(s) => s.index}
        gridTemplate="minmax(200px, 3fr) minmax(220px, 3fr) minmax(160px, 2fr)"
        minWidth={580}
        empty="—"
        fitRows={Math.min(Math.max(result.series.length, 1), ROWS_SHOWN)}
      />
    </div>
  );
}
