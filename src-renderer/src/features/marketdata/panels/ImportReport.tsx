import { useTranslation } from 'react-i18next';
import type { ImportIssueView, MarketImportResult } from '../../../../../src-shared/contract/marketdata';

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The core's issue message is English; codes with their own words here are shown in the user's language. */
const WORDED_CODES = new Set<ImportIssueView['code']>(['no_data', 'unknown_area']);

/** What an import stored, series by series, and what it skipped and why; or every problem that refused it. */
export function ImportReport({ result }: { result: MarketImportResult }) {
  const { t } = useTranslation();
  if (!result.ok) {
    return (
      <div role="alert" data-testid="import-errors">
        <p className="error">{t('marketdata.refused', { count: result.errorCount })}</p>
        <table className="issues">
          <thead>
            <tr>
              <th>{t('marketdata.where')}</th>
              <th>{t('marketdata.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {result.errors.map((issue, i) => (
              <tr key={i}>
                <td dir="ltr">{issue.line !== undefined ? t('marketdata.line', { line: issue.line }) : (issue.interval ?? '')}</td>
                <td>{WORDED_CODES.has(issue.code) ? t(`marketdata.issues.${issue.code}`) : issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div role="status" data-testid="import-result">
      <p className="ok">
        {t('marketdata.imported', { count: result.imported, replaced: result.replaced, area: result.area, from: when(result.from), to: when(result.to) })}
        {result.drivers > 0 && <> {t('marketdata.importedDrivers', { count: result.drivers })}</>}
      </p>
      <table className="issues" data-testid="import-series">
        <caption>{t('marketdata.seriesCaption')}</caption>
        <thead>
          <tr>
            <th>{t('marketdata.seriesKind')}</th>
            <th>{t('marketdata.seriesSpan')}</th>
            <th>{t('marketdata.seriesStored')}</th>
          </tr>
        </thead>
        <tbody>
          {result.series.map((s, i) => (
            <tr key={i}>
              <td>
                {t(`marketdata.kinds.${s.kind}`)}
                {s.sequence !== undefined && <> · {t('marketdata.sequence', { sequence: s.sequence })}</>}
                {` · ${s.durationMin} min`}
              </td>
              <td dir="ltr">{`${when(s.from)} – ${when(s.to)}`}</td>
              <td>{s.skipped === undefined ? t('marketdata.stored', { count: s.points }) : t(`marketdata.skipped.${s.skipped}`, { sequence: s.sequence ?? '', psrType: s.psrType ?? '' })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
