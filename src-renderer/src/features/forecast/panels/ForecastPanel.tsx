import { createChart, LineSeries, type IChartApi, type ISeriesApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { localFigures } from '../../../ui/digits';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForecastJobView, ForecastScoreView } from '../../../../../src-shared/contract/forecast';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import { call, subscribe } from '../../../transport/client';
import { usePrefs } from '../../prefs/public';
import { cssVar } from '../../../ui/css-var';
import { areaClock, ltr, num, percent, priceOrDash } from '../../../ui/format';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import '../../../ui/analysis-panel.css';

type Model = 'best' | 'seasonal-naive' | 'linear' | 'boosted-trees' | 'ensemble';
const MODELS: Model[] = ['best', 'ensemble', 'linear', 'boosted-trees', 'seasonal-naive'];

/** Each model's backtest score; the model column shows its name in the user's language. */
function scoreColumns(t: TFunction): readonly Column<ForecastScoreView>[] {
  return [
    { id: 'model', value: (s) => s.model, text: (s) => t(`forecast.models.${s.model}`) },
    { id: 'mae', value: (s) => s.maeEurMwh, text: (s) => num(s.maeEurMwh, 2), numeric: true },
    { id: 'rmse', value: (s) => s.rmseEurMwh, text: (s) => num(s.rmseEurMwh, 2), numeric: true },
    { id: 'coverage', value: (s) => s.coverage ?? -1, text: (s) => (s.coverage === null ? '—' : percent(s.coverage)), numeric: true },
  ];
}

const SCORE_HEADERS: Record<string, string> = { model: 'forecast.model', coverage: 'forecast.coverage' };
/** MAE and RMSE are the same abbreviations in every language the desk reads. */
const UNTRANSLATED_HEADERS: Record<string, string> = { mae: 'MAE (€/MWh)', rmse: 'RMSE (€/MWh)' };

/**
 * Day-ahead forecast: training in a worker with progress and cancel, the P10–P90 and P5–P95 chart,
 * each model's backtest, the chosen model's interval coverage and the drivers the forecast used.
 */
export function ForecastPanel() {
  const { t, i18n } = useTranslation();
  const theme = usePrefs((s) => s.theme);
  const [model, setModel] = useState<Model>('best');
  // Empty: the core forecasts the day after the last known price.
  const [day, setDay] = useState('');
  const [job, setJob] = useState<ForecastJobView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const host = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => scoreColumns(t), [t]);
  // The chart is built once; its formatters read the forecast area's clock when they run.
  const area = job?.result?.area ?? HOME_AREA;
  const areaRef = useRef(area);
  useEffect(() => {
    areaRef.current = area;
  }, [area]);
  const chart = useRef<{ chart: IChartApi; point: ISeriesApi<'Line'>; lower: ISeriesApi<'Line'>; upper: ISeriesApi<'Line'>; lower90: ISeriesApi<'Line'>; upper90: ISeriesApi<'Line'> } | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const c = createChart(host.current, {
      autoSize: true,
      timeScale: { timeVisible: true, secondsVisible: false },
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
    c.chart.applyOptions({
      layout: { background: { color: cssVar('--panel') }, textColor: cssVar('--text') },
      grid: { vertLines: { color: cssVar('--border') }, horzLines: { color: cssVar('--border') } },
      // New functions for a new language: the chart keeps its axis labels until a formatter changes.
      localization: { locale: i18n.language, timeFormatter: (time: Time) => areaClock(areaRef.current, 'time').format((time as number) * 1000), priceFormatter: (p: number) => localFigures(p.toFixed(2)) },
      timeScale: { tickMarkFormatter: (time: Time) => areaClock(areaRef.current, 'time').format((time as number) * 1000) },
    });
    for (const s of [c.point, c.lower, c.upper, c.lower90, c.upper90]) s.applyOptions({ color: cssVar('--accent') });
    const hours = result?.hours ?? [];
    const at = (ms: number) => (ms / 1000) as UTCTimestamp;
    c.point.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.pointUnits / 100 })));
    c.lower.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.lowerUnits / 100 })));
    c.upper.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.upperUnits / 100 })));
    c.lower90.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.lower90Units / 100 })));
    c.upper90.setData(hours.map((h) => ({ time: at(h.startUtcMs), value: h.upper90Units / 100 })));
    if (hours.length > 0) c.chart.timeScale().fitContent();
  }, [result, theme, i18n.language]);

  async function start() {
    try {
      const { jobId } = await call('forecast.run', { model, ...(day === '' ? {} : { day }) });
      setJob((j) => (j?.jobId === jobId ? j : { jobId, state: 'running', fraction: 0, error: null, result: null }));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  const running = job?.state === 'running';
  const chosenScore = result?.scores.find((s) => s.model === result.model);
  return (
    <div className="analysis-panel analysis-scroll">
      <div className="analysis-toolbar">
        <select name="model" aria-label={t('forecast.model')} value={model} onChange={(e) => setModel(e.target.value as Model)} disabled={running}>
          {MODELS.map((m) => (
            <option key={m} value={m}>
              {t(`forecast.models.${m}`)}
            </option>
          ))}
        </select>
        <label className="field">
          <span>{t('forecast.forecastDay')}</span>
          <input type="date" name="day" value={day} title={t('forecast.forecastDayHelp')} onChange={(e) => setDay(e.target.value)} disabled={running} />
        </label>
        <button type="button" className="primary" onClick={() => void start()} disabled={running}>
          {t('forecast.runForecast')}
        </button>
        {running && job && (
          <button type="button" onClick={() => void call('forecast.cancel', { jobId: job.jobId }).catch((err: unknown) => setError(err))}>
            {t('forecast.cancel')}
          </button>
        )}
      </div>
      {job && (
        <div className="analysis-progress" role="progressbar" aria-label={t('forecast.training')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(job.fraction * 100)}>
          <div style={{ inlineSize: `${Math.round(job.fraction * 100)}%` }} />
          <span>{t(`forecast.jobStates.${job.state}`, { percent: Math.round(job.fraction * 100) })}</span>
        </div>
      )}
      <ErrorBanner error={error ?? job?.error} />
      {result && (
        <p className="analysis-note">
          {t('forecast.forecastFor', { day: result.day, model: t(`forecast.models.${result.model}`), chosen: t(`forecast.chosen.${result.chosen}`) })}
        </p>
      )}
      {result && (
        <p className="muted analysis-note" data-field="coverage">
          {result.intervalSource === 'conformal' && chosenScore?.coverage != null
            ? t('forecast.forecastCoverage', { coverage: percent(chosenScore.coverage), hours: chosenScore.coverageHours })
            : t('forecast.intervalInSample')}
        </p>
      )}
      {result && (
        <p className="muted analysis-note" data-field="history-days">
          {t('forecast.historyUsed', { from: ltr(result.historyFirstDay), to: ltr(result.historyLastDay), day: ltr(result.day) })}{' '}
          {result.drivers.length === 0
            ? t('forecast.noDriversUsed', { day: result.day })
            : t('forecast.driversUsed', { day: result.day, list: result.drivers.map((d) => t(`forecast.drivers.${d}`)).join(', ') })}
        </p>
      )}
      <div className="analysis-chart" ref={host} role="figure" aria-label={t('panels.forecast')} />
      {result && (
        <>
          <p className="analysis-note">{t('forecast.backtestDays', { from: result.backtestFirstDay, to: result.backtestLastDay })}</p>
          <DataTable
            name="forecast-backtest"
            label={t('forecast.backtestDays', { from: result.backtestFirstDay, to: result.backtestLastDay })}
            columns={columns}
            header={(id) => UNTRANSLATED_HEADERS[id] ?? t(SCORE_HEADERS[id] ?? id)}
            rows={result.scores}
            rowKey={(s) => s.model}
            selectedKey={result.best}
            gridTemplate="minmax(140px, 2fr) 1fr 1fr 1fr"
            minWidth={480}
            empty=""
            fitRows={result.scores.length}
          />
        </>
      )}
      {result && (
        <p className="muted analysis-note" data-field="anomalies">
          {result.anomalies.length === 0
            ? t('forecast.noAnomalies')
            : t('forecast.anomalies', { count: result.anomalies.length, list: result.anomalies.map((a) => `${areaClock(result.area, 'time').format(a.startUtcMs)} ${priceOrDash(a.priceUnits)}`).join(', ') })}
        </p>
      )}
    </div>
  );
}
