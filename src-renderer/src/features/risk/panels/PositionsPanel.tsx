import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MarkSourceName, PositionRow } from '../../../../../src-shared/contract/risk';
import { formatMw } from '../../../ui/units';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import { productInfoLabel } from '../product-label';
import { num, priceOrDash } from '../../../ui/format';
import { eur } from '../risk-format';
import { useRisk } from '../risk-state';
import { ScopePicker } from '../ScopePicker';
import './risk.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import '../../../ui/analysis-panel.css';

const MARKS: MarkSourceName[] = ['last', 'mid', 'curve'];

/** Positions per delivery product with average price, mark and P&L; live on every fill. */
export function PositionsPanel() {
  const { t, i18n } = useTranslation();
  const { positions, mark, scope, error, load, setMark, setScope } = useRisk();
  const language = i18n.language;
  useEffect(() => {
    if (!useRisk.getState().positions) void load();
  }, [load]);
  const rows = useMemo(() => positions?.positions ?? [], [positions]);
  const columns = useMemo<Column<PositionRow>[]>(
    () => [
      { id: 'product', value: (p) => p.deliveryStart, text: (p) => productInfoLabel(p.productId, p.deliveryStart, p.durationMin, language) },
      // The own position and what it is worth first, so they show in the default layout's width.
      { id: 'side', value: (p) => t(`risk.sides.${p.side}`) },
      { id: 'netMw', value: (p) => p.netKw / 1000, text: (p) => formatMw(p.netKw), numeric: true },
      { id: 'total', value: (p) => p.totalMoney / 100_000, text: (p) => eur(p.totalMoney), numeric: true },
      { id: 'unrealized', value: (p) => (p.unrealizedMoney ?? 0) / 100_000, text: (p) => eur(p.unrealizedMoney), numeric: true },
      { id: 'avgPrice', value: (p) => (p.avgOpenPriceUnits ?? 0) / 100, text: (p) => priceOrDash(p.avgOpenPriceUnits), numeric: true },
      { id: 'markPrice', value: (p) => (p.markPriceUnits ?? 0) / 100, text: (p) => priceOrDash(p.markPriceUnits), numeric: true },
      { id: 'realized', value: (p) => p.realizedMoney / 100_000, text: (p) => eur(p.realizedMoney), numeric: true },
      { id: 'fees', value: (p) => p.feesMoney / 100_000, text: (p) => eur(p.feesMoney), numeric: true },
      { id: 'netMwh', value: (p) => p.netMwh, text: (p) => num(p.netMwh), numeric: true },
    ],
    [language, t],
  );
  const totals = positions?.totals;
  return (
    <div className="analysis-panel">
      <ErrorBanner error={error} />
      <DataTable
        name="positions"
        label={t('panels.positions')}
        columns={columns}
        header={(id) => t(`risk.columns.${id}`)}
        rows={rows}
        rowKey={(p) => p.productId}
        rowClass={(p) => `pos-${p.side}`}
        gridTemplate="minmax(130px, 2fr) 56px 72px 96px 96px 80px 80px 96px 80px 72px"
        minWidth={900}
        empty={t('risk.noPositions')}
        initialSort={{ column: 'product', direction: 'asc' }}
        toolbar={
          <>
            <ScopePicker scope={scope} onChange={setScope} />
            <label className="analysis-inline">
              <span className="muted">{t('risk.markBy')}</span>
              <select name="mark" value={mark} onChange={(e) => setMark(e.target.value as MarkSourceName)}>
                {MARKS.map((m) => (
                  <option key={m} value={m}>
                    {t(`risk.marks.${m}`)}
                  </option>
                ))}
              </select>
            </label>
          </>
        }
      />
      {totals && (
        <dl className="risk-totals" aria-label={t('risk.totals')}>
          <div>
            <dt>{t('risk.columns.realized')}</dt>
            <dd data-field="realized">{eur(totals.realizedMoney)}</dd>
          </div>
          <div>
            <dt>{t('risk.columns.fees')}</dt>
            <dd data-field="fees">{eur(totals.feesMoney)}</dd>
          </div>
          <div>
            <dt>{t('risk.columns.unrealized')}</dt>
            <dd data-field="unrealized">{eur(totals.unrealizedMoney)}</dd>
          </div>
          <div>
            <dt>{t('risk.columns.total')}</dt>
            <dd data-field="total" className={totals.totalMoney < 0 ? 'neg' : 'pos'}>
              {eur(totals.totalMoney)}
            </dd>
          </div>
          {totals.unmarked.length > 0 && <p className="muted">{t('risk.unmarked', { count: totals.unmarked.length })}</p>}
        </dl>
      )}
    </div>
  );
}
