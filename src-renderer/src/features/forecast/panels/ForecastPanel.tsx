import { createChart, LineSeries, type IChartApi, type ISeriesApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForecastJobView } from '../../../../../src-shared/contract/forecast';
import { call, subscribe } from '../../../transport/client';
import { usePrefs } from '../../prefs';
import { cssVar } from '../../../ui/css-var';
import { num, percent, priceOrDash } from '../../../ui/format';
import '../../risk/panels/risk.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

type Model = 'best' | 'seasonal-naive' | 'linear' | 'boosted-trees' | 'ensemble';
const MODELS: Model[] = ['best', 'ensemble', 'linear', 'boosted-trees', 'seasonal-naive'];
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * Day-ahead forecast: training in a worker with progress and cancel, the P10–P90 and P5–P95 chart,
 * each model's backtest, the chosen model's interval coverage and the drivers the forecast used.
 */
export function ForecastPanel() {
  const { t } = useTranslation();
  const theme = usePrefs((s) => s.theme);
  const [model, setModel] = useState<Model>('best');
  const [job, setJob] = useState<ForecastJobView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<{ chart: IChartApi; point: ISeriesApi<'Line'>; lower: ISeriesApi<'Line'>; upper: ISeriesApi<'Line'>; lower90: ISeriesApi<'Line'>; upper90: ISeriesApi<'Line'> } | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const c = createChart(host.current, {
      autoSize: true,
      localization: { timeFormatter: (time: Time) => timeFormat.format((time as number) * 1000), priceFormatter: (p: number) => p.toFixed(2) },
      timeScale: { timeVisible: true, secondsVisible: false, tickMarkFormatter: (time: Time) => timeFormat.format((time as number) * 1000) },
    });
    chart.current = {
      chart: c,
      point: c.addSeries(LineSeries, { lineWidth: 2, title: 'P50' }),
      lower: c.addSeries(LineSeries, { lineWidth: 1, lineStyle: 2, title: 'P10' }),
      upper: c.addSeries(LineSeries, { lineWidth: 1, lineStyle: 2, title: 'P90' }),
      lower90: c.addSeries(LineSeries, { lineWidth: 1, lineStyle: 1, title: 'P5' }),
      upper90: c.addSeries(LineSeries, { lineWidth: 1, lineStyle: 1, title: 'P95' }),
    };
    return () => {
      chart.current = null;
      c.remove();
    };
  }, []);

  useEffect(() => {
    const stops = [
      subscribe('forecast.progress', (p) => setJob((j) => (j && j.jobId === p.jobId && j.state === 'running' ? { ...j, fraction: p.fraction } : j))),
      subscribe('forecast.done', (done) => setJob((j) => (j && j.jobId === done.jobId ? done : j))),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);

  const result = job?.result ?? null;
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.chart.applyOptions({ layout: { background: { color: cssVar('--panel') }, textColor: cssVar('--text') }, grid: { vertLines: { color: cssVar('--border') }, horzLines: { color: cssVar('--border') } } });
    for (const s of [c.point, c.lower, c.upper, c.lower90, c.upper90]) s.applyOptions({ color: cssVar('--accent') });
    const hours = result?.hours ?? [];
    const at = (ms: number) => (ms / 1000) as UTCTimestamp;
    c.point.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.pointUnits / 100 })));
    c.lower.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.lowerUnits / 100 })));
    c.upper.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.upperUnits / 100 })));
    c.lower90.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.lower90Units / 100 })));
    c.upper90.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.upper90Units / 100 })));
    if (hours.length > 0) c.chart.timeScale().fitContent();
  }, [result, theme]);

  async function start() {
    try {
      const { jobId } = await call('forecast.run', { model });
      setJob((j) => (j?.jobId === jobId ? j : { jobId, state: 'running', fraction: 0, error: null, result: null }));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  const running = job?.state === 'running';
  const chosenScore = result?.scores.find((s) => s.model === result.model);
  return (
    <div className="risk-panel risk-scroll">
      <div className="risk-toolbar">
        <select name="model" aria-label={t('risk.model')} value={model} onChange={(e) => setModel(e.target.value as Model)} disabled={running}>
          {MODELS.map((m) => (
            <option key={m} value={m}>
              {t(`risk.models.${m}`)}
            </option>
          ))}
        </select>
        <button type="button" className="primary" onClick={() => void start()} disabled={running}>
          {t('risk.runForecast')}
        </button>
        {running && job && (
          <button type="button" onClick={() => void call('forecast.cancel', { jobId: job.jobId }).catch((err: unknown) => setError(err))}>
            {t('risk.cancel')}
          </button>
        )}
      </div>
      {job && (
        <div className="risk-progress" role="progressbar" aria-label={t('risk.training')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(job.fraction * 100)}>
          <div style={{ inlineSize: `${Math.round(job.fraction * 100)}%` }} />
          <span>{t(`risk.jobStates.${job.state}`, { percent: Math.round(job.fraction * 100) })}</span>
        </div>
      )}
      <ErrorBanner error={error ?? job?.error} />
      {result && (
        <p className="risk-note">
          {t('risk.forecastFor', { day: result.day, model: t(`risk.models.${result.model}`), chosen: t(`risk.chosen.${result.chosen}`) })}
        </p>
      )}
      {result && (
        <p className="muted risk-note" data-field="coverage">
          {result.intervalSource === 'conformal' && chosenScore?.coverage != null
            ? t('risk.forecastCoverage', { coverage: percent(chosenScore.coverage), hours: chosenScore.coverageHours })
            : t('risk.intervalInSample')}{' '}
          {result.drivers.length > 0 ? t('risk.forecastDrivers', { list: result.drivers.map((d) => t(`risk.drivers.${d}`)).join(', ') }) : t('risk.forecastNoDrivers')}
        </p>
      )}
      <div className="risk-chart" ref={host} role="img" aria-label={t('panels.forecast')} />
      {result && (
        <table className="risk-table">
          <caption>{t('risk.backtestDays', { from: result.backtestFirstDay, to: result.backtestLastDay })}</caption>
          <thead>
            <tr>
              <th>{t('risk.model')}</th>
              <th>MAE (€/MWh)</th>
              <th>RMSE (€/MWh)</th>
              <th>{t('risk.coverage')}</th>
            </tr>
          </thead>
          <tbody>
            {result.scores.map((s) => (
              <tr key={s.model} className={s.model === result.best ? 'selected' : ''}>
                <td>{t(`risk.models.${s.model}`)}</td>
                <td className="num">{num(s.maeEurMwh, 2)}</td>
                <td className="num">{num(s.rmseEurMwh, 2)}</td>
                <td className="num">{percent(s.coverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && (
        <p className="muted risk-note" data-field="anomalies">
          {result.anomalies.length === 0
            ? t('risk.noAnomalies')
            : t('risk.anomalies', { count: result.anomalies.length, list: result.anomalies.map((a) => `${timeFormat.format(a.startUtcMs)} ${priceOrDash(a.priceUnits)}`).join(', ') })}
        </p>
      )}
    </div>
  );
}
