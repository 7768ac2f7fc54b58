import { createChart, LineSeries, type IChartApi, type ISeriesApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { localFigures } from '../../../ui/digits';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CurveView } from '../../../../../src-shared/contract/risk';
import { call, subscribe } from '../../../transport/client';
import { usePrefs } from '../../prefs/public';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import { cssVar } from '../../../ui/css-var';
import { areaClock } from '../../../ui/format';
import './risk.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import '../../../ui/analysis-panel.css';

/** The forward curve of the area: traded hours at their last price, the rest from the historical shape. */
export function CurvePanel() {
  const { t, i18n } = useTranslation();
  const theme = usePrefs((s) => s.theme);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<{ chart: IChartApi; traded: ISeriesApi<'Line'>; shaped: ISeriesApi<'Line'> } | null>(null);
  const [curve, setCurve] = useState<CurveView | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The chart is built once; its formatter reads the area of the curve shown (its delivery hours' clock).
  const area = curve?.area ?? HOME_AREA;
  const areaRef = useRef(area);
  useEffect(() => {
    areaRef.current = area;
  }, [area]);

  useEffect(() => {
    if (!host.current) return;
    const c = createChart(host.current, {
      autoSize: true,
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    const shaped = c.addSeries(LineSeries, { lineWidth: 2, lineStyle: 2, title: t('risk.curveShape') });
    const traded = c.addSeries(LineSeries, { lineWidth: 2, lineVisible: false, pointMarkersVisible: true, title: t('risk.curveTraded') });
    chart.current = { chart: c, traded, shaped };
    return () => {
      chart.current = null;
      c.remove();
    };
  }, [t]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const text = cssVar('--text');
    c.chart.applyOptions({
      layout: { background: { color: cssVar('--panel') }, textColor: text },
      grid: { vertLines: { color: cssVar('--border') }, horzLines: { color: cssVar('--border') } },
      // New functions for a new language: the chart keeps its axis labels until a formatter changes.
      localization: { locale: i18n.language, timeFormatter: (time: Time) => areaClock(areaRef.current, 'dayTime').format((time as number) * 1000), priceFormatter: (p: number) => localFigures(p.toFixed(2)) },
    });
    c.shaped.applyOptions({ color: cssVar('--accent') });
    c.traded.applyOptions({ color: cssVar('--buy') });
  }, [theme, curve, i18n.language]);

  useEffect(() => {
    const refresh = () =>
      call('risk.curve.get', {}).then(
        (view) => {
          setCurve(view);
          setError(null);
        },
        (err: unknown) => setError(err),
      );
    void refresh();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = subscribe('trading.trade', () => {
      timer ??= setTimeout(() => {
        timer = null;
        void refresh();
      }, 1_000);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c || !curve) return;
    const points = curve.points.filter((p) => p.priceUnits !== null);
    c.shaped.setData(points.map((p) => ({ time: (p.startUtcMs / 1000) as UTCTimestamp, value: (p.priceUnits as number) / 100 })));
    c.traded.setData(points.filter((p) => p.source === 'trade').map((p) => ({ time: (p.startUtcMs / 1000) as UTCTimestamp, value: (p.priceUnits as number) / 100 })));
    c.chart.timeScale().fitContent();
  }, [curve]);

  const traded = curve?.points.filter((p) => p.source === 'trade').length ?? 0;
  return (
    <div className="analysis-panel">
      <p className="muted analysis-note">
        {curve ? t('risk.curveNote', { traded, total: curve.points.length, history: curve.historySource.points }) : t('risk.loading')}
      </p>
      <ErrorBanner error={error} />
      <div className="analysis-chart" ref={host} role="figure" aria-label={t('panels.curve')} />
    </div>
  );
}
