import { createOptionsChart, HistogramSeries, type IChartApiBase, type ISeriesApi } from 'lightweight-charts';
import { localFigures } from '../../../ui/digits';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { VarView } from '../../../../../src-shared/contract/risk';
import type { VarBacktestView } from '../../../../../src-shared/contract/risk-views';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import { call } from '../../../transport/client';
import { usePrefs } from '../../prefs/public';
import { cssVar } from '../../../ui/css-var';
import { ltr, num } from '../../../ui/format';
import { eur } from '../risk-format';
import { HOME_AREA, zoneOfArea } from '../../../../../src-shared/domain/market-areas';
import { useRisk } from '../risk-state';
import { ScopePicker } from '../ScopePicker';
import './risk.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import '../../../ui/analysis-panel.css';

/** VaR is figured for the home area (risk.var's default); its days are that area's delivery days, written yyyy-mm-dd like the window's. */
const homeDay = new Intl.DateTimeFormat('en-CA', { timeZone: zoneOfArea(HOME_AREA), year: 'numeric', month: '2-digit', day: '2-digit' });
/** The delivery day (yyyy-mm-dd) of an instant; the history's end is exclusive, so its day is that of the last hour. */
const dayOf = (ms: number | null, exclusiveEnd = false): string => (ms === null ? '—' : homeDay.format(exclusiveEnd ? ms - 1 : ms));

/** A test's verdict in words, with its p-value. */
function verdict(accept: boolean, pValue: number, t: TFunction): string {
  return t(accept ? 'risk.testPasses' : 'risk.testFails', { p: num(pValue, 3) });
}

/** The 95% and 99% backtests: exceptions against expected, Kupiec's coverage and Christoffersen's independence test. */
function backtestColumns(t: TFunction): readonly Column<VarBacktestView>[] {
  return [
    { id: 'confidence', value: (b) => b.confidence, text: (b) => `${Math.round(b.confidence * 100)}%`, numeric: true },
    { id: 'exceptions', value: (b) => b.exceptions, text: (b) => t('risk.exceptionsOf', { exceptions: b.exceptions, observations: b.observations }), numeric: true },
    { id: 'expected', value: (b) => b.expectedExceptions, text: (b) => num(b.expectedExceptions, 1), numeric: true },
    { id: 'kupiecP', value: (b) => b.pValue, text: (b) => verdict(b.accept, b.pValue, t), numeric: true },
    {
      id: 'christoffersenP',
      value: (b) => b.independence?.pValue ?? -1,
      text: (b) => (b.independence ? verdict(b.independence.accept, b.independence.pValue, t) : '—'),
      numeric: true,
    },
  ];
}

/** Failed tests in the error colour, passed ones in the ok colour. */
function backtestCell(id: string, b: VarBacktestView, t: TFunction) {
  if (id === 'kupiecP') return <span className={b.accept ? 'ok' : 'error'}>{verdict(b.accept, b.pValue, t)}</span>;
  if (id === 'christoffersenP' && b.independence) {
    return <span className={b.independence.accept ? 'ok' : 'error'}>{verdict(b.independence.accept, b.independence.pValue, t)}</span>;
  }
  return undefined;
}

/**
 * 1-day VaR and ES of the current positions, with the P&L distribution, the window and history
 * it came from, and the backtest at 95% and 99% (Kupiec and Christoffersen).
 */
export function VarPanel() {
  const { t, i18n } = useTranslation();
  const theme = usePrefs((s) => s.theme);
  const { scope, setScope } = useRisk();
  const [confidence, setConfidence] = useState<0.95 | 0.99>(0.99);
  const [method, setMethod] = useState<'historical' | 'montecarlo'>('historical');
  const [seed, setSeed] = useState(1);
  const [result, setResult] = useState<VarView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<{ chart: IChartApiBase<number>; bars: ISeriesApi<'Histogram', number> } | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const c = createOptionsChart(host.current, { autoSize: true });
    const bars = c.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    chart.current = { chart: c, bars };
    return () => {
      chart.current = null;
      c.remove();
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.chart.applyOptions({
      layout: { background: { color: cssVar('--panel') }, textColor: cssVar('--text') },
      grid: { vertLines: { color: cssVar('--border') }, horzLines: { color: cssVar('--border') } },
      // A new function for a new language: the chart keeps its axis labels until a formatter changes.
      localization: { locale: i18n.language, priceFormatter: (p: number) => localFigures(p.toFixed(0)) },
    });
    if (!result) return c.bars.setData([]);
    const loss = cssVar('--sell');
    const normal = cssVar('--accent');
    // Bars in €; the ones beyond the VaR (the tail) in the loss colour.
    const seen = new Set<number>();
    const data = result.histogram
      .map((bin) => ({ time: Math.round(((bin.lower + bin.upper) / 2 / 100_000) * 100) / 100, value: bin.count, color: bin.lower <= -result.var ? loss : normal }))
      .filter((d) => (seen.has(d.time) ? false : (seen.add(d.time), true)));
    c.bars.setData(data);
    c.chart.timeScale().fitContent();
  }, [result, theme, i18n.language]);

  async function run() {
    setBusy(true);
    try {
      setResult(await call('risk.var', { ...scope, confidence, method, seed }));
      setError(null);
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const level = result?.levels.find((l) => l.confidence === result.confidence);
  return (
    <div className="analysis-panel analysis-scroll">
      <form
        className="analysis-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <ScopePicker scope={scope} onChange={setScope} />
        <select name="confidence" aria-label={t('risk.confidence')} value={confidence} onChange={(e) => setConfidence(Number(e.target.value) as 0.95 | 0.99)}>
          <option value={0.95}>95%</option>
          <option value={0.99}>99%</option>
        </select>
        <select name="method" aria-label={t('risk.method')} value={method} onChange={(e) => setMethod(e.target.value as 'historical' | 'montecarlo')}>
          <option value="historical">{t('risk.methods.historical')}</option>
          <option value="montecarlo">{t('risk.methods.montecarlo')}</option>
        </select>
        {method === 'montecarlo' && (
          <label className="analysis-inline">
            <span className="muted">{t('risk.seed')}</span>
            <input name="seed" inputMode="numeric" value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
          </label>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('risk.computeVar')}
        </button>
      </form>
      <ErrorBanner error={error} />
      {result && (
        <dl className="risk-totals" aria-label={t('panels.var')}>
          <div>
            <dt>{t('risk.varAt', { level: Math.round(result.confidence * 100) })}</dt>
            <dd data-field="var" className="neg">
              {eur(result.var)}
              {level && !level.reliable && <span className="error"> ({t('risk.unreliable')})</span>}
            </dd>
          </div>
          <div>
            <dt>{t('risk.esAt', { level: Math.round(result.confidence * 100) })}</dt>
            <dd data-field="es" className="neg">
              {eur(result.es)}
            </dd>
          </div>
          <div>
            <dt>{t('risk.scenarios')}</dt>
            <dd>{result.scenarios}</dd>
          </div>
          <div>
            <dt>{t('risk.stdPnl')}</dt>
            <dd>{eur(result.stdPnl)}</dd>
          </div>
        </dl>
      )}
      <div className="analysis-chart" ref={host} role="figure" aria-label={t('risk.distribution')} />
      {result && (
        <p className="muted analysis-note">
          {t('risk.varSource', { days: result.changeDays, points: result.historySource.points, kinds: result.historySource.kinds.map((k) => t(`risk.sources.${k}`)).join(', ') })}
        </p>
      )}
      {result && (
        <p className="muted analysis-note" data-field="var-window">
          {t('risk.varWindow', {
            used: result.window.usedDays,
            requested: result.window.requestedDays,
            from: ltr(result.window.firstDay ?? '—'),
            to: ltr(result.window.lastDay ?? '—'),
            historyFrom: ltr(dayOf(result.historySource.fromMs)),
            historyTo: ltr(dayOf(result.historySource.toMs, true)),
          })}
        </p>
      )}
      {result?.warnings.map((w) => (
        <p key={w} className="error" data-field="var-warning">
          {t(`risk.varWarnings.${w}`, { used: result.window.usedDays, requested: result.window.requestedDays })}
        </p>
      ))}
      {result && result.backtests.length > 0 && (
        <div data-field="kupiec">
        <p className="analysis-note">{t('risk.varBacktest', { from: ltr(result.backtests[0]?.firstDay ?? '—'), to: ltr(result.backtests[0]?.lastDay ?? '—'), window: result.backtests[0]?.window ?? 0 })}</p>
        <DataTable
          name="var-backtest"
          label={t('risk.varBacktest', { from: ltr(result.backtests[0]?.firstDay ?? '—'), to: ltr(result.backtests[0]?.lastDay ?? '—'), window: result.backtests[0]?.window ?? 0 })}
          className="var-backtest"
          columns={backtestColumns(t)}
          header={(id) => t(`risk.${id}`)}
          cell={(id, b) => backtestCell(id, b, t)}
          rows={result.backtests}
          rowKey={(b) => b.confidence}
          gridTemplate="minmax(90px, 1fr) minmax(140px, 2fr) 1fr minmax(120px, 2fr) minmax(120px, 2fr)"
          minWidth={560}
          empty="—"
          fitRows={result.backtests.length}
        />
        </div>
      )}
      {result && result.backtests.length === 0 && <p className="muted">{t('risk.noBacktest')}</p>}
    </div>
  );
}
