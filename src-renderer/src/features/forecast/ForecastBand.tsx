import type { IPriceLine, ISeriesApi } from 'lightweight-charts';
import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForecastHourView, ForecastResultView } from '../../../../src-shared/contract/forecast';
import type { ProductView } from '../../../../src-shared/domain/schemas';
import { call, subscribe } from '../../transport/client';

interface ChartRef {
  candles: ISeriesApi<'Candlestick'>;
}

/** One forecast run serves every product of the day it forecasts. */
const results = new Map<string, Promise<ForecastResultView | null>>();

function forecastFor(area: string): Promise<ForecastResultView | null> {
  let pending = results.get(area);
  if (!pending) {
    // Listen before asking: a quick job can finish before the call's answer arrives.
    pending = new Promise<ForecastResultView | null>((resolve, reject) => {
      let jobId: string | null = null;
      const early = new Map<string, ForecastResultView | null>();
      const stop = subscribe('forecast.done', (job) => {
        if (jobId === null) early.set(job.jobId, job.result);
        else if (job.jobId === jobId) {
          stop();
          resolve(job.result);
        }
      });
      call('forecast.run', { area }).then(
        (started) => {
          jobId = started.jobId;
          if (early.has(jobId)) {
            stop();
            resolve(early.get(jobId) ?? null);
          }
        },
        (err: unknown) => {
          stop();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
    pending.catch(() => results.delete(area));
    results.set(area, pending);
  }
  return pending;
}

export function hourCovering(result: ForecastResultView, deliveryStart: number): ForecastHourView | undefined {
  return result.hours.find((h) => h.startUtcMs <= deliveryStart && deliveryStart < h.startUtcMs + 3_600_000);
}

/**
 * The day-ahead forecast of this delivery period as a band on the chart: the point forecast and its
 * prediction interval as three price lines, so a trader sees at once whether the market is rich.
 */
export function ForecastBand({ chart, product }: { chart: RefObject<ChartRef | null>; product: ProductView }) {
  const { t } = useTranslation();
  const [on, setOn] = useState(false);
  const [status, setStatus] = useState<'idle' | 'running' | 'none' | 'shown' | 'failed'>('idle');

  useEffect(() => {
    const series = chart.current?.candles;
    if (!on || !series) return;
    let lines: IPriceLine[] = [];
    let cancelled = false;
    forecastFor(product.area)
      .then((result) => {
        if (cancelled) return;
        const hour = result ? hourCovering(result, product.deliveryStart) : undefined;
        if (!hour) return setStatus('none');
        const line = (units: number, title: string, style: 0 | 2) =>
          series.createPriceLine({ price: units / 100, color: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(), lineWidth: 1, lineStyle: style, axisLabelVisible: true, title });
        lines = [line(hour.upperUnits, 'P90', 2), line(hour.pointUnits, t('forecast.lineTitle'), 0), line(hour.lowerUnits, 'P10', 2)];
        setStatus('shown');
      })
      .catch(() => !cancelled && setStatus('failed'));
    return () => {
      cancelled = true;
      for (const l of lines) series.removePriceLine(l);
    };
  }, [on, product.area, product.deliveryStart, chart, t]);

  return (
    <label className="toggle" title={status === 'none' ? t('forecast.noBand') : undefined}>
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          setOn(e.target.checked);
          setStatus('running');
        }}
      />
      {t('forecast.band')}
      {on && status === 'running' && <span className="muted">…</span>}
      {on && status === 'none' && <span className="muted"> ({t('forecast.noBandShort')})</span>}
      {on && status === 'failed' && <span className="error"> ({t('forecast.bandFailed')})</span>}
    </label>
  );
}
