import type { CandleResolutionName, CandleView } from '../../../../src-shared/contract/marketdata';
import type { TradeView } from '../../../../src-shared/domain/schemas';

export const RESOLUTION_MS: Record<Exclude<CandleResolutionName, '1d'>, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
};

/** Chart time: whole seconds (the chart's unit) of a candle's start. */
export type ChartTime = number;

export interface ChartBar {
  time: ChartTime;
  open: number;
  high: number;
  low: number;
  close: number;
}
export interface ChartGap {
  time: ChartTime;
}
export interface VolumeBar {
  time: ChartTime;
  value: number;
  color: string;
}

/** Prices leave integer units only here, for drawing: €/MWh as the chart's numbers. */
export function toBar(c: CandleView): ChartBar {
  return { time: c.start / 1000, open: c.open / 100, high: c.high / 100, low: c.low / 100, close: c.close / 100 };
}

const MAX_GAP_FILL = 5_000;

/**
 * Candles with empty slots where no trade happened. The chart spaces points by index, so without
 * the empty slots a quiet hour would vanish instead of showing as a gap; nothing is invented in it.
 */
export function withGaps(candles: readonly CandleView[], resolution: CandleResolutionName): (ChartBar | ChartGap)[] {
  const step = resolution === '1d' ? null : RESOLUTION_MS[resolution];
  const out: (ChartBar | ChartGap)[] = [];
  let filled = 0;
  for (let i = 0; i < candles.length; i++) {
    const candle = candles[i]!;
    const previous = candles[i - 1];
    if (previous && step !== null) {
      for (let t = previous.start + step; t < candle.start && filled < MAX_GAP_FILL; t += step, filled++) out.push({ time: t / 1000 });
    }
    out.push(toBar(candle));
  }
  return out;
}

export function volumeBar(c: CandleView, up: string, down: string): VolumeBar {
  return { time: c.start / 1000, value: c.volume / 1000, color: c.close >= c.open ? up : down };
}

/** The start of the bucket a moment falls in, for marking own fills on their candle. */
export function bucketStart(ts: number, resolution: CandleResolutionName, dayStart: (ts: number) => number): number {
  return resolution === '1d' ? dayStart(ts) : ts - (ts % RESOLUTION_MS[resolution]);
}

export interface FillMarker {
  time: ChartTime;
  position: 'aboveBar' | 'belowBar';
  shape: 'arrowUp' | 'arrowDown';
  color: string;
  text: string;
}

/** One marker per candle and side, summing the user's fills in it, oldest first as the chart needs. */
export function fillMarkers(
  trades: readonly TradeView[],
  productId: string,
  resolution: CandleResolutionName,
  dayStart: (ts: number) => number,
  colors: { buy: string; sell: string },
  label: (side: 'buy' | 'sell', kw: number) => string,
): FillMarker[] {
  const sums = new Map<string, { time: number; side: 'buy' | 'sell'; kw: number }>();
  for (const trade of trades) {
    if (trade.productId !== productId || !trade.ownSide) continue;
    const time = bucketStart(trade.ts, resolution, dayStart) / 1000;
    const key = `${time}${trade.ownSide}`;
    const entry = sums.get(key) ?? { time, side: trade.ownSide, kw: 0 };
    entry.kw += trade.quantity;
    sums.set(key, entry);
  }
  return [...sums.values()]
    .sort((a, b) => a.time - b.time)
    .map((s) => ({
      time: s.time,
      position: s.side === 'buy' ? 'belowBar' : 'aboveBar',
      shape: s.side === 'buy' ? 'arrowUp' : 'arrowDown',
      color: s.side === 'buy' ? colors.buy : colors.sell,
      text: label(s.side, s.kw),
    }));
}
