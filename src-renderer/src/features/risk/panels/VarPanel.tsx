import { createOptionsChart, HistogramSeries, type IChartApiBase, type ISeriesApi } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VarView } from '../../../../../src-shared/contract/risk';
import { call } from '../../../transport/client';
import { usePrefs } from '../../prefs/public';
import { cssVar } from '../../../ui/css-var';
import { num } from '../../../ui/format';
import { eur } from '../risk-format';
import { useRisk } from '../risk-state';
import { ScopePicker } from '../ScopePicker';
import './risk.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import '../../../ui/analysis-panel.css';

/** 1-day VaR and ES of the current positions, with the P&L distribution and the Kupiec backtest. */
export function VarPanel() {
  const { t } = useTranslation();
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
    const c = createOptionsChart(host.current, { autoSize: true, localization: { priceFormatter: (p: number) => p.toFixed(0) } });
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
    c.chart.applyOptions({ layout: { background: { color: cssVar('--panel') }, textColor: cssVar('--text') }, grid: { vertLines: { color: cssVar('--border') }, horzLines: { color: cssVar('--border') } } });
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
  }, [result, theme]);

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

  const bt = result?.backtest;
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
      <div className="analysis-chart" ref={host} role="img" aria-label={t('risk.distribution')} />
      {result && (
        <p className="muted analysis-note">
          {t('risk.varSource', { days: result.changeDays, points: result.historySource.points, kinds: result.historySource.kinds.map((k) => t(`risk.sources.${k}`)).join(', ') })}
        </p>
      )}
      {bt && (
        <p className={bt.accept ? 'ok' : 'error'} data-field="kupiec">
          {t(bt.accept ? 'risk.kupiecAccept' : 'risk.kupiecReject', { exceptions: bt.exceptions, observations: bt.observations, expected: num(bt.expectedExceptions, 2), lr: num(bt.lr, 3), p: num(bt.pValue, 3), window: bt.window })}
        </p>
      )}
      {result && !bt && <p className="muted">{t('risk.noBacktest')}</p>}
    </div>
  );
}
