/**
 * VaR of a book's current positions from the stored price history (market data's prices port).
 *
 * Risk factors are the 24 delivery hours of a delivery day of the requested area (a Europe/Berlin
 * day for DE): each open position not yet fully delivered is spread over the hours it delivers in
 * (a quarter counts 15 minutes in its hour, a block every hour it covers), positions on different days sharing an hour slot add up. Scenarios
 * are day-over-day changes of the hourly price per slot (var-inputs.ts; clock-change days and gaps
 * dropped), over the last `lookbackDays` (250) days of changes where the history has them; the
 * view says when it has fewer, and flags a 99% figure from fewer than 100 (the 1% tail of fewer
 * than 100 days is a single day or none: it cannot be told from the 95% one). Monte Carlo draws
 * from the mean and covariance of the same window.
 *
 * Backtest at 95% and 99%: for every day t of the history's last BACKTEST_DAYS, the VaR of the
 * same exposures is forecast from the `backtestWindow` changes before t (the figure's window by
 * default; fewer at the start of the history, but at least min(window, 100) or the day is not
 * scored), by the same method (Monte Carlo with the seed + t and at most 2,000 paths), and compared
 * with the P&L the exposures would have made on day t. Exceptions are scored with Kupiec's POF and
 * Christoffersen's independence test (var-backtest.ts).
 */
import { DateTime } from 'luxon';
import type { VarBacktestView, VarView } from '../../../src-shared/contract/risk';
import { fail } from '../../../src-shared/domain/errors';
import { historicalVar, scenarioPnl } from './historical-var';
import { sampleCovariance } from '../../math/linalg';
import { monteCarloVar } from './monte-carlo-var';
import { deliveryZoneOf } from '../../market/delivery-days';
import { productInfo } from '../../market/product-info';
import type { Position } from '../positions/fifo-position';
import type { PricesPort } from '../../marketdata';
import { christoffersenIndependence, countExceptions, kupiecPof } from './var-backtest';
import { dailyPriceChanges, periodExposures, type PeriodPosition } from './var-inputs';
import type { VarResult } from './var-measures';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SLOTS = 24;
const CONFIDENCES = [0.95, 0.99];
/** Fewest changes a 99% figure is trusted from. */
export const MIN_OBSERVATIONS_99 = 100;
/** Days scored by the backtest, at most. */
export const BACKTEST_DAYS = 250;

export interface VarRequest {
  key: string;
  area: string;
  confidence: 0.95 | 0.99;
  method: 'historical' | 'montecarlo';
  seed: number;
  paths: number;
  lookbackDays: number;
  /** The window of each backtest day's VaR; the figure's `lookbackDays` when left out. */
  backtestWindow?: number | undefined;
  bins: number;
}

/** The request `risk.var` makes with its defaults: what the VaR panel and the daily report show first. */
export const DEFAULT_VAR_REQUEST: Omit<VarRequest, 'key'> = {
  area: 'DE',
  confidence: 0.99,
  method: 'historical',
  seed: 1,
  paths: 10_000,
  lookbackDays: 250,
  bins: 40,
};

/** Hour slots a position delivers in after `now`, with the minutes it delivers in each. */
export function periodPositions(positions: Iterable<Position>, now: number, zone: string): PeriodPosition[] {
  const result: PeriodPosition[] = [];
  for (const position of positions) {
    if (position.netKw === 0) continue;
    const info = productInfo(position.productId);
    if (!info || info.deliveryEnd <= now) continue;
    let t = info.deliveryStart;
    while (t < info.deliveryEnd) {
      const next = Math.min(info.deliveryEnd, t - (t % HOUR_MS) + HOUR_MS);
      const slot = DateTime.fromMillis(t, { zone }).hour;
      result.push({ period: slot, netKw: position.netKw, durationMin: (next - t) / 60_000 });
      t = next;
    }
  }
  return result;
}

function meanChanges(changes: readonly number[][]): number[] {
  const means = new Array<number>(SLOTS).fill(0);
  for (const row of changes) row.forEach((v, k) => (means[k] = (means[k] as number) + v / changes.length));
  return means;
}

function measure(method: VarRequest['method'], exposures: number[], changes: number[][], options: { seed: number; paths: number; confidences: number[]; bins: number }): VarResult {
  if (method === 'historical') return historicalVar({ exposures, changes, confidences: options.confidences, bins: options.bins });
  return monteCarloVar({
    exposures,
    covariance: sampleCovariance(changes),
    meanChanges: meanChanges(changes),
    paths: options.paths,
    seed: options.seed,
    confidences: options.confidences,
    bins: options.bins,
  });
}

export class VarService {
  constructor(private readonly prices: Pick<PricesPort, 'latestHistory'>) {}

  compute(request: VarRequest, positions: Iterable<Position>, now: number): VarView {
    const exposures = periodExposures(periodPositions(positions, now, deliveryZoneOf(request.area)), SLOTS);
    const backtestWindow = request.backtestWindow ?? request.lookbackDays;
    // The days up to the last known price, whatever the wall clock says (an imported past year counts).
    const spanMs = (Math.max(request.lookbackDays, backtestWindow) + BACKTEST_DAYS + 3) * DAY_MS;
    const history = this.prices.latestHistory(request.area, spanMs, now);
    const all = dailyPriceChanges(history.points, SLOTS, request.area);
    const changes = all.changes.slice(-request.lookbackDays);
    const changeDays = all.days.slice(-request.lookbackDays);
    if (changes.length < 2) {
      fail('NOT_FOUND', `Not enough price history for ${request.area} to compute VaR (${changes.length} days of changes; import day-ahead prices first).`, { reason: 'NO_PRICE_HISTORY', params: { area: request.area, count: changes.length } });
    }
    const result = measure(request.method, exposures, changes, { seed: request.seed, paths: request.paths, confidences: CONFIDENCES, bins: request.bins });
    const levels = result.levels.map((l) => ({ ...l, reliable: l.confidence < 0.99 || changes.length >= MIN_OBSERVATIONS_99 }));
    const level = levels.find((l) => l.confidence === request.confidence) ?? (levels[0] as (typeof levels)[number]);
    const backtests = this.backtests(request, backtestWindow, exposures, all.changes, all.days);
    const warnings: VarView['warnings'] = [];
    if (changes.length < request.lookbackDays) warnings.push('SHORT_WINDOW');
    if (changes.length < MIN_OBSERVATIONS_99) warnings.push('TOO_FEW_FOR_99');
    return {
      portfolioId: request.key,
      method: request.method,
      confidence: request.confidence,
      horizonDays: 1,
      var: level.var,
      es: level.es,
      levels,
      scenarios: result.scenarios,
      meanPnl: result.meanPnl,
      stdPnl: result.stdPnl,
      histogram: result.histogram,
      exposures,
      seed: request.method === 'montecarlo' ? request.seed : null,
      paths: request.method === 'montecarlo' ? request.paths : null,
      backtest: backtests.find((b) => b.confidence === request.confidence) ?? null,
      backtests,
      historySource: history.source,
      changeDays: changes.length,
      window: { requestedDays: request.lookbackDays, usedDays: changes.length, firstDay: changeDays[0] ?? null, lastDay: changeDays.at(-1) ?? null },
      warnings,
    };
  }

  private backtests(request: VarRequest, window: number, exposures: number[], changes: number[][], days: string[]): VarBacktestView[] {
    const minimum = Math.min(window, MIN_OBSERVATIONS_99);
    const first = Math.max(minimum, changes.length - BACKTEST_DAYS);
    if (first >= changes.length) return [];
    const forecasts = new Map<number, number[]>(CONFIDENCES.map((c) => [c, []]));
    for (let t = first; t < changes.length; t += 1) {
      const past = changes.slice(Math.max(0, t - window), t);
      const result = measure(request.method, exposures, past, { seed: request.seed + t, paths: Math.min(request.paths, 2_000), confidences: CONFIDENCES, bins: 1 });
      for (const level of result.levels) forecasts.get(level.confidence)?.push(level.var);
    }
    const pnl = Array.from(scenarioPnl(exposures, changes.slice(first)));
    return CONFIDENCES.map((confidence) => {
      const count = countExceptions(pnl, forecasts.get(confidence) ?? []);
      const kupiec = kupiecPof(count.observations, count.exceptions, confidence);
      const flags = pnl.map(() => false);
      for (const t of count.exceptionIndexes) flags[t] = true;
      const independence = pnl.length >= 2 ? christoffersenIndependence(flags, confidence) : null;
      return {
        confidence,
        observations: kupiec.observations,
        exceptions: kupiec.exceptions,
        expectedExceptions: kupiec.expectedExceptions,
        exceptionRate: kupiec.exceptionRate,
        lr: kupiec.lr,
        pValue: kupiec.pValue,
        criticalValue: kupiec.criticalValue,
        accept: kupiec.accept,
        window,
        firstDay: days[first] ?? null,
        lastDay: days.at(-1) ?? null,
        independence: independence && {
          transitions: independence.transitions,
          lr: independence.lr,
          pValue: independence.pValue,
          accept: independence.accept,
          lrConditional: independence.lrConditional,
          pValueConditional: independence.pValueConditional,
          acceptConditional: independence.acceptConditional,
        },
      };
    });
  }
}
