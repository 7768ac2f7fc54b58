import type { TFunction } from 'i18next';
import { areaClock, num } from '../../ui/format';
import type { ChartBar } from './chart-data';

/** The bar under the crosshair in the user's words and figures (chart prices are € per MWh, volumes MW). */
export function legendText(bar: ChartBar & { volume?: number }, area: string, t: TFunction): string {
  const price = (value: number) => num(value, 2);
  const text = t('chart.legend', { time: areaClock(area, 'dayTime').format(bar.time * 1000), open: price(bar.open), high: price(bar.high), low: price(bar.low), close: price(bar.close) });
  return bar.volume === undefined ? text : text + t('chart.legendVolume', { volume: num(bar.volume, 1) });
}
