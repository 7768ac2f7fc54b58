import { ColorType, createChart, LineSeries, TickMarkType, type IChartApi, type ISeriesApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TelemetryPoint } from '../../../../../src-shared/contract/devices';
import { HOME_AREA } from '../../../../../src-shared/domain/market-areas';
import { areaClock } from '../../../ui/format';
import { formatStamp } from '../format';
import { lineData, toSeconds, type MetricDef } from '../metrics';

export interface Tail {
  /** Increments with every batch of appended points, so an identical batch still counts. */
  seq: number;
  points: TelemetryPoint[];
}

interface Props {
  def: MetricDef;
  points: TelemetryPoint[];
  tail: Tail;
  theme: string;
  /** Raw readings a second apart need seconds on the time axis; aggregates do not. */
  seconds: boolean;
}


function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function themeOptions() {
  return {
    layout: { background: { type: ColorType.Solid, color: cssVar('--panel') }, textColor: cssVar('--muted'), fontSize: 11, attributionLogo: false },
    grid: { vertLines: { color: cssVar('--border') }, horzLines: { color: cssVar('--border') } },
    rightPriceScale: { borderColor: cssVar('--border') },
    timeScale: { borderColor: cssVar('--border') },
  };
}

/**
 * One metric of one device. History is drawn once with setData; live points are appended with
 * series.update, which redraws only the last bar instead of the whole series.
 */
export function MetricChart({ def, points, tail, theme, seconds }: Props) {
  const { i18n } = useTranslation();
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const seriesRef = useRef<Array<ISeriesApi<'Line'>>>([]);
  /** Last time drawn per line: lightweight-charts refuses an update older than the last bar. */
  const lastTimeRef = useRef<number[]>([]);
  const language = i18n.language;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const chart = createChart(host, {
      autoSize: true,
      ...themeOptions(),
      localization: { locale: 'en-GB', timeFormatter: (time: Time) => formatStamp((time as number) * 1000, language) },
      timeScale: {
        timeVisible: true,
        secondsVisible: false,
        borderColor: cssVar('--border'),
        tickMarkFormatter: (time: Time, type: TickMarkType) => {
          const ms = (time as number) * 1000;
          // Plants have no market area: their time axis is on the home area's clock, like formatStamp.
          const shape = type === TickMarkType.TimeWithSeconds ? 'seconds' : type === TickMarkType.Time ? 'time' : 'day';
          return areaClock(HOME_AREA, shape, language).format(ms);
        },
      },
      handleScale: { axisPressedMouseMove: { time: true, price: false } },
    });
    chartRef.current = chart;
    seriesRef.current = def.lines.map((line) =>
      chart.addSeries(LineSeries, {
        color: cssVar(line.colorVar),
        lineWidth: 2,
        priceFormat: { type: 'price', precision: def.precision, minMove: 10 ** -def.precision },
        priceLineVisible: false,
      }),
    );
    return () => {
      chart.remove();
      chartRef.current = null;
      seriesRef.current = [];
    };
  }, [def, language]);

  useEffect(() => {
    chartRef.current?.applyOptions({ timeScale: { secondsVisible: seconds } });
  }, [seconds, def, language]);

  useEffect(() => {
    chartRef.current?.applyOptions(themeOptions());
    def.lines.forEach((line, i) => seriesRef.current[i]?.applyOptions({ color: cssVar(line.colorVar) }));
  }, [theme, def]);

  useEffect(() => {
    def.lines.forEach((line, i) => {
      const data = lineData(points, line);
      seriesRef.current[i]?.setData(data.map((d) => ({ time: d.time as UTCTimestamp, value: d.value })));
      lastTimeRef.current[i] = data[data.length - 1]?.time ?? 0;
    });
    chartRef.current?.timeScale().fitContent();
  }, [points, def, language]);

  useEffect(() => {
    if (tail.points.length === 0) return;
    def.lines.forEach((line, i) => {
      const series = seriesRef.current[i];
      if (!series) return;
      for (const p of tail.points) {
        const raw = p[line.field];
        const time = toSeconds(p.ts);
        // A reading buffered on the device and delivered late belongs in the history, not at the tip.
        if (raw === null || time < (lastTimeRef.current[i] ?? 0)) continue;
        series.update({ time: time as UTCTimestamp, value: raw / line.divisor });
        lastTimeRef.current[i] = time;
      }
    });
  }, [tail, def]);

  return <div className="dev-chart" dir="ltr" ref={hostRef} data-metric={def.id} />;
}
