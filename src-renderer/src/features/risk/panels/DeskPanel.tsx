import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskBookView, DeskView, MarkSourceName } from '../../../../../src-shared/contract/risk';
import { formatMw } from '../../../ui/units';
import { call, subscribe } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { productInfoLabel } from '../product-label';
import { eur } from '../risk-format';
import { PortfolioAssign } from './PortfolioAssign';
import './risk.css';
import '../../../ui/analysis-panel.css';

const MARKS: MarkSourceName[] = ['last', 'mid', 'curve'];
/** Fills come in bursts: one reload per burst. */
const RELOAD_AFTER_MS = 250;

type Grouping = 'traders' | 'portfolios';

const signClass = (money: number) => (money < 0 ? 'neg' : money > 0 ? 'pos' : undefined);

/**
 * The desk at a glance for risk managers: delivery periods down, traders (or portfolios) across,
 * each cell the book's net MW and its P&L in the period, with the desk's totals per period and per
 * book. Reloaded whenever a fill changes anyone's positions.
 */
export function DeskPanel() {
  const { t, i18n } = useTranslation();
  const [mark, setMark] = useState<MarkSourceName>('last');
  const [grouping, setGrouping] = useState<Grouping>('traders');
  const [view, setView] = useState<DeskView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(() => {
    call('risk.desk', { mark }).then(
      (desk) => {
        setView(desk);
        setError(null);
      },
      (err: unknown) => setError(err),
    );
  }, [mark]);

  useEffect(() => {
    load();
    const stop = subscribe('risk.positions', () => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        load();
      }, RELOAD_AFTER_MS);
    });
    return () => {
      stop();
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [load]);

  const language = i18n.language;
  const books: DeskBookView[] = useMemo(() => (view ? (grouping === 'traders' ? view.traders : view.portfolios) : []), [view, grouping]);

  return (
    <div className="analysis-panel desk-panel">
      <ErrorBanner error={error} />
      <div className="analysis-toolbar">
        <label className="analysis-inline">
          <span className="muted">{t('risk.desk.show')}</span>
          <select name="deskGrouping" value={grouping} onChange={(e) => setGrouping(e.target.value as Grouping)}>
            <option value="traders">{t('risk.desk.byTrader')}</option>
            <option value="portfolios">{t('risk.desk.byPortfolio')}</option>
          </select>
        </label>
        <label className="analysis-inline">
          <span className="muted">{t('risk.markBy')}</span>
          <select name="deskMark" value={mark} onChange={(e) => setMark(e.target.value as MarkSourceName)}>
            {MARKS.map((m) => (
              <option key={m} value={m}>
                {t(`risk.marks.${m}`)}
              </option>
            ))}
          </select>
        </label>
        {view && (
          <span className="muted" data-field="deskTotal">
            {t('risk.desk.summary', { total: eur(view.totals.totalMoney), today: eur(view.totals.todayMoney) })}
          </span>
        )}
      </div>
      {view && books.length === 0 && <p className="muted">{t(grouping === 'traders' ? 'risk.desk.noTraders' : 'risk.desk.noPortfolios')}</p>}
      {view && books.length > 0 && (
        <div className="desk-scroll">
          <table className="desk-table" aria-label={t('panels.desk')}>
            <thead>
              <tr>
                <th scope="col">{t('risk.columns.product')}</th>
                {books.map((b) => (
                  <th scope="col" key={`${b.kind}:${b.name}`} data-book={b.name}>
                    <bdi>{b.kind === 'portfolio' ? t('risk.portfolioNamed', { name: b.name }) : b.name}</bdi>
                    {b.kind === 'user' && b.portfolio !== null && <span className="muted desk-sub">{t('risk.portfolioNamed', { name: b.portfolio })}</span>}
                  </th>
                ))}
                <th scope="col">{t('risk.desk.deskColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {view.periods.map((period) => (
                <tr key={period.productId} data-product={period.productId}>
                  <th scope="row">{productInfoLabel(period.productId, period.deliveryStart, period.durationMin, language)}</th>
                  {books.map((b) => {
                    const cell = b.cells[period.productId];
                    return (
                      <td key={b.name} data-book={b.name}>
                        {cell ? (
                          <>
                            <span className="desk-mw">{t('risk.desk.mw', { value: formatMw(cell.netKw) })}</span>
                            <span className={`desk-money ${signClass(cell.totalMoney) ?? ''}`}>{eur(cell.totalMoney)}</span>
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    );
                  })}
                  <td data-book="desk" className="desk-total">
                    <span className="desk-mw">{t('risk.desk.mw', { value: formatMw(period.netKw) })}</span>
                    <span className={`desk-money ${signClass(period.totalMoney) ?? ''}`}>{eur(period.totalMoney)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-row="total">
                <th scope="row">{t('risk.desk.totalRow')}</th>
                {books.map((b) => (
                  <td key={b.name} data-book={b.name}>
                    <span className={`desk-money ${signClass(b.totalMoney) ?? ''}`}>{eur(b.totalMoney)}</span>
                    <span className="muted desk-sub">{t('risk.desk.today', { value: eur(b.todayMoney) })}</span>
                  </td>
                ))}
                <td data-book="desk" className="desk-total">
                  <span className={`desk-money ${signClass(view.totals.totalMoney) ?? ''}`}>{eur(view.totals.totalMoney)}</span>
                  <span className="muted desk-sub">{t('risk.desk.today', { value: eur(view.totals.todayMoney) })}</span>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {view && view.traders.length > 0 && <PortfolioAssign traders={view.traders} portfolios={view.portfolios.map((p) => p.name)} onDone={load} />}
    </div>
  );
}
