import { localFigures } from '../../../ui/digits';
import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { DateTime } from 'luxon';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandleResolutionName, CandleSource } from '../../../../../src-shared/contract/marketdata';
import { HOME_AREA, zoneOfArea } from '../../../../../src-shared/domain/market-areas';
import { formatMw } from '../../../ui/units';
import { call, subscribe } from '../../../transport/client';
import { cssVar } from '../../../ui/css-var';
import { areaClock, productLabel } from '../../../ui/format';
import { usePrefs } from '../../prefs/public';
import { useTrading } from '../../trading/public';
import { legendText } from '../chart-legend';
import { fillMarkers, RESOLUTION_MS, toBar, volumeBar, withGaps, type ChartBar } from '../chart-data';
import { ForecastBand } from '../../forecast/public';
import './marketdata.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

const RESOLUTIONS: CandleResolutionName[] = ['1m', '5m', '15m', '30m', '1h', '1d'];
/** A '1d' candle is the delivery day of the product's area (23, 24 or 25 hours), as the core buckets it. */
const dayStartIn = (area: string) => (ts: number) => DateTime.fromMillis(ts, { zone: zoneOfArea(area) }).startOf('day').toMillis();

/** Chart times are UTC seconds; people read them in the product's market time. */
const asMs = (time: Time) => (time as number) * 1000;

interface Series {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
  markers: ISeriesMarkersPluginApi<Time>;
}

/** Candles and volume of the selected product, live, with the user's own fills marked. */
export function PriceChart() {
  const { t, i18n } = useTranslation();
  const products = useTrading((s) => s.products);
  const productId = useTrading((s) => s.selectedProductId);
  const selectProduct = useTrading((s) => s.selectProduct);
  const trades = useTrading((s) => s.trades);
  const theme = usePrefs((s) => s.theme);
  const [resolution, setResolution] = useState<CandleResolutionName>('5m');
  const [source, setSource] = useState<CandleSource>('trades');
  const [legend, setLegend] = useState<(ChartBar & { volume?: number }) | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const seriesRef = useRef<Series | null>(null);
  const lastStartRef = useRef<number | null>(null);
  const product = products.find((p) => p.id === productId);
  const area = product?.area ?? HOME_AREA;
  // The chart is built once; its formatters read the shown product's area when they run.
  const areaRef = useRef(area);
  useEffect(() => {
    areaRef.current = area;
  }, [area]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const chart = createChart(host, {
      autoSize: true,
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 12, barSpacing: 10, minBarSpacing: 2 },
      rightPriceScale: { scaleMargins: { top: 0.1, bottom: 0.25 } },
    });
    const candles = chart.addSeries(CandlestickSeries, { priceLineVisible: true });
    const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    const markers = createSeriesMarkers(candles, []);
    chart.subscribeCrosshairMove((param) => {
      const bar = param.seriesData.get(candles) as ChartBar | undefined;
      const vol = param.seriesData.get(volume) as { value?: number } | undefined;
      setLegend(bar && 'open' in bar ? { ...bar, time: bar.time, volume: vol?.value } : null);
    });
    seriesRef.current = { chart, candles, volume, markers };
    return () => {
      seriesRef.current = null;
      chart.remove();
    };
  }, []);

  // Colours follow the theme without rebuilding the chart. The chart keeps its axis labels until a
  // formatter changes, so a new language hands it new formatter functions.
  useEffect(() => {
    const s = seriesRef.current;
    if (!s) return;
    const text = cssVar('--text');
    const border = cssVar('--border');
    s.chart.applyOptions({
      localization: { locale: i18n.language, timeFormatter: (time: Time) => areaClock(areaRef.current, 'dayTime').format(asMs(time)), priceFormatter: (p: number) => localFigures(p.toFixed(2)) },
      timeScale: { tickMarkFormatter: (time: Time) => areaClock(areaRef.current, 'time').format(asMs(time)) },
      layout: { background: { color: cssVar('--panel') }, textColor: text, fontFamily: cssVar('--font') },
      grid: { vertLines: { color: border }, horzLines: { color: border } },
    });
    const up = cssVar('--buy');
    const down = cssVar('--sell');
    s.candles.applyOptions({ upColor: up, downColor: down, borderUpColor: up, borderDownColor: down, wickUpColor: up, wickDownColor: down });
  }, [theme, i18n.language]);

  // A new product, resolution or source: one fetch, then live updates only.
  useEffect(() => {
    const s = seriesRef.current;
    if (!s || !productId) return;
    let cancelled = false;
    setError(null);
    call('marketdata.candles', { productId, resolution, source })
      .then((series) => {
        if (cancelled) return;
        const up = cssVar('--buy') + '88';
        const down = cssVar('--sell') + '88';
        s.candles.setData(withGaps(series.candles, resolution) as never);
        s.volume.setData(series.candles.map((c) => volumeBar(c, up, down)) as never);
        lastStartRef.current = series.candles.at(-1)?.start ?? null;
        setCount(series.candles.length);
        s.chart.timeScale().scrollToRealTime();
      })
      .catch((err: unknown) => !cancelled && setError(err));
    const unsubscribe = subscribe('marketdata.candle', (update) => {
      if (update.productId !== productId || update.resolution !== resolution || update.source !== source) return;
      const c = update.candle;
      const last = lastStartRef.current;
      if (last !== null && c.start < last) return;
      if (last !== null && resolution !== '1d') {
        const step = RESOLUTION_MS[resolution];
        for (let time = last + step; time < c.start; time += step) s.candles.update({ time: (time / 1000) as UTCTimestamp });
      }
      s.candles.update(toBar(c) as never);
      s.volume.update(volumeBar(c, cssVar('--buy') + '88', cssVar('--sell') + '88') as never);
      if (last === null || c.start > last) setCount((n) => (n ?? 0) + 1);
      lastStartRef.current = c.start;
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [productId, resolution, source]);

  const markerList = useMemo(
    () =>
      productId
        ? fillMarkers(trades, productId, resolution, dayStartIn(area), { buy: cssVar('--buy'), sell: cssVar('--sell') }, (side, kw) => `${t(`side.${side}`)} ${formatMw(kw)}`)
        : [],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- colours are re-read when the theme changes
    [trades, productId, resolution, area, t, theme],
  );
  useEffect(() => {
    seriesRef.current?.markers.setMarkers(markerList as never);
  }, [markerList]);

  return (
    <div className="chart-panel" data-testid="chart-panel" data-candles={count ?? ''}>
      <div className="chart-toolbar">
        <select aria-label={t('ticket.product')} value={productId ?? ''} onChange={(e) => selectProduct(e.target.value)}>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {productLabel(p, i18n.language)}
            </option>
          ))}
        </select>
        <div className="tabs" role="tablist" aria-label={t('chart.resolution')}>
          {RESOLUTIONS.map((r) => (
            <button key={r} type="button" role="tab" aria-selected={resolution === r} onClick={() => setResolution(r)}>
              {t(`chart.res.${r}`)}
            </button>
          ))}
        </div>
        <select aria-label={t('chart.source')} value={source} onChange={(e) => setSource(e.target.value as CandleSource)}>
          <option value="trades">{t('chart.sources.trades')}</option>
          <option value="feed">{t('chart.sources.feed')}</option>
        </select>
        {product && <ForecastBand chart={seriesRef} product={product} />}
        <span className="chart-legend" data-testid="chart-legend">
          {legend ? legendText(legend, area, t) : ''}
        </span>
      </div>
      <ErrorBanner error={error} className="empty" />
      <div className="chart-host" ref={hostRef}>
        {count === 0 && <p className="muted empty">{t('chart.noTrades')}</p>}
      </div>
    </div>
  );
}
