/**
 * Forward curve of one delivery area: a price for every product, traded or not.
 *
 * - A product with trades (at or before `asOfMs`) is worth its latest trade price.
 * - Otherwise: shape + level. The shape is the average historical price per hour of the week
 *   (local weekday × hour in the area's zone, over the last `shapeWeeks` weeks before asOfMs); a
 *   product's shape value is the mean of the shape over its quarter-hours, so quarters, hours and
 *   blocks are all covered. The level is the mean gap (trade − shape) of the traded products
 *   delivering the same local day, or, if that day has none, of all traded products; 0 if none
 *   traded. The shape is shifted, not scaled: with prices near zero or negative, a ratio to the
 *   shape's level is unstable and can even flip the sign of the whole curve.
 * - No shape for any of its hours: the mean of the history window ('history-mean'); no history:
 *   the mean of the latest trade prices ('trades-mean'); nothing at all: null ('none').
 * Values are rounded to whole price units, half away from zero.
 */
import { DateTime } from 'luxon';
import { deliveryZoneOf } from '../../market/delivery-days';
import type { PricePoint } from '../var/var-inputs';

export interface CurveProduct {
  productId: string;
  startUtcMs: number;
  durationMin: number;
}

export interface LatestPrice {
  productId: string;
  priceUnits: number;
  ts: number;
}

export interface ForwardCurveOptions {
  area: string;
  asOfMs: number;
  shapeWeeks?: number;
  zone?: string;
}

export type CurveSource = 'trade' | 'shape' | 'history-mean' | 'trades-mean' | 'none';

export interface CurvePoint {
  productId: string;
  startUtcMs: number;
  durationMin: number;
  priceUnits: number | null;
  source: CurveSource;
}

export interface ForwardCurve {
  area: string;
  asOfMs: number;
  shapeWeeks: number;
  /** Level shift per local delivery day that had trades, price units. */
  levelByDay: Record<string, number>;
  /** Shift used for days without trades; null when nothing traded. */
  globalLevel: number | null;
  points: CurvePoint[];
}

const WEEK_MS = 7 * 24 * 3_600_000;
const QUARTER_MS = 900_000;

const roundHalfAway = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));

function hourOfWeek(ms: number, zone: string): number {
  const local = DateTime.fromMillis(ms, { zone });
  return (local.weekday - 1) * 24 + local.hour;
}

/** Mean price per hour of the week; NaN where the window has no price. */
export function hourOfWeekShape(history: readonly PricePoint[], fromMs: number, toMs: number, zone: string = deliveryZoneOf()): Float64Array {
  const sums = new Float64Array(168);
  const counts = new Float64Array(168);
  for (const point of history) {
    if (point.startUtcMs < fromMs || point.startUtcMs >= toMs) continue;
    const slot = hourOfWeek(point.startUtcMs, zone);
    sums[slot] = (sums[slot] as number) + point.priceUnits;
    counts[slot] = (counts[slot] as number) + 1;
  }
  return sums.map((sum, slot) => ((counts[slot] as number) > 0 ? sum / (counts[slot] as number) : Number.NaN));
}

function shapeOf(product: CurveProduct, shape: Float64Array, zone: string): number | null {
  const end = product.startUtcMs + product.durationMin * 60_000;
  let sum = 0;
  let count = 0;
  for (let t = product.startUtcMs; t < end; t += QUARTER_MS) {
    const value = shape[hourOfWeek(t, zone)] as number;
    if (Number.isNaN(value)) continue;
    sum += value;
    count += 1;
  }
  return count > 0 ? sum / count : null;
}

export function buildForwardCurve(
  products: readonly CurveProduct[],
  latest: readonly LatestPrice[],
  history: readonly PricePoint[],
  options: ForwardCurveOptions,
): ForwardCurve {
  const zone = options.zone ?? deliveryZoneOf(options.area);
  const shapeWeeks = options.shapeWeeks ?? 4;
  const lastTrade = new Map<string, LatestPrice>();
  for (const trade of latest) {
    if (trade.ts > options.asOfMs) continue;
    const known = lastTrade.get(trade.productId);
    if (!known || trade.ts > known.ts) lastTrade.set(trade.productId, trade);
  }
  const shape = hourOfWeekShape(history, options.asOfMs - shapeWeeks * WEEK_MS, options.asOfMs, zone);
  const dayOf = (ms: number): string => DateTime.fromMillis(ms, { zone }).toISODate() as string;

  const gapsByDay = new Map<string, number[]>();
  const allGaps: number[] = [];
  const shapes = products.map((product) => shapeOf(product, shape, zone));
  products.forEach((product, i) => {
    const trade = lastTrade.get(product.productId);
    const value = shapes[i];
    if (!trade || value === null || value === undefined) return;
    const gap = trade.priceUnits - value;
    const day = dayOf(product.startUtcMs);
    gapsByDay.set(day, [...(gapsByDay.get(day) ?? []), gap]);
    allGaps.push(gap);
  });
  const average = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const levelByDay: Record<string, number> = {};
  for (const [day, gaps] of gapsByDay) levelByDay[day] = average(gaps);
  const globalLevel = allGaps.length > 0 ? average(allGaps) : null;

  const windowPrices = history.filter((p) => p.startUtcMs >= options.asOfMs - shapeWeeks * WEEK_MS && p.startUtcMs < options.asOfMs);
  const historyMean = windowPrices.length > 0 ? average(windowPrices.map((p) => p.priceUnits)) : null;
  const tradesMean = lastTrade.size > 0 ? average([...lastTrade.values()].map((t) => t.priceUnits)) : null;

  const points = products.map((product, i): CurvePoint => {
    const base = { productId: product.productId, startUtcMs: product.startUtcMs, durationMin: product.durationMin };
    const trade = lastTrade.get(product.productId);
    if (trade) return { ...base, priceUnits: trade.priceUnits, source: 'trade' };
    const value = shapes[i];
    if (value !== null && value !== undefined) {
      const level = levelByDay[dayOf(product.startUtcMs)] ?? globalLevel ?? 0;
      return { ...base, priceUnits: roundHalfAway(value + level), source: 'shape' };
    }
    if (historyMean !== null) return { ...base, priceUnits: roundHalfAway(historyMean), source: 'history-mean' };
    if (tradesMean !== null) return { ...base, priceUnits: roundHalfAway(tradesMean), source: 'trades-mean' };
    return { ...base, priceUnits: null, source: 'none' };
  });
  return { area: options.area, asOfMs: options.asOfMs, shapeWeeks, levelByDay, globalLevel, points };
}
