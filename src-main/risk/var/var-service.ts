/**
 * VaR of a book's current positions from the stored price history (market data's prices port).
 *
 * Risk factors are the 24 delivery hours of a delivery day of the requested area (a Europe/Berlin
 * day for DE): each open position not yet fully delivered is spread over the hours it delivers in
 * (a quarter counts 15 minutes in its hour, a block every hour it covers), positions on different days sharing an hour slot add up. Scenarios
 * are day-over-day changes of the hourly price per slot (var-inputs.ts; clock-change days and gaps
 * dropped), over the last `lookbackDays` days of changes.
 *
 * Backtest: for every day t after the first `window` changes, the VaR of the same exposures is
 * forecast from the `window` changes before t (same method; Monte Carlo with the seed + t and at
 * most 2,000 paths) and compared with the P&L the exposures would have made on day t; exceptions
 * are scored with Kupiec's POF test at the requested confidence.
 */
import { DateTime } from 'luxon';
import type { VarView } from '../../../src-shared/contract/risk';
import { fail } from '../../../src-shared/domain/errors';
import { historicalVar, scenarioPnl } from './historical-var';
import { sampleCovariance } from '../../math/linalg';
import { monteCarloVar } from './monte-carlo-var';
import { deliveryZoneOf } from '../../market/delivery-days';
import { productInfo } from '../../market/product-info';
import type { Position } from '../positions/fifo-position';
import type { PricesPort } from '../../marketdata';
import { backtestVar } from './var-backtest';
import { dailyPriceChanges, periodExposures, type PeriodPosition } from './var-inputs';
import type { VarResult } from './var-measures';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SLOTS = 24;

export interface VarRequest {
  key: string;
  area: string;
  confidence: 0.95 | 0.99;
  method: 'historical' | 'montecarlo';
  seed: number;
  paths: number;
  lookbackDays: number;
  backtestWindow: number;
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
  backtestWindow: 20,
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

function measure(method: VarRequest['method'], exposures: number[], changes: number[][], options: { seed: number; paths: number; confidences: number[]; bins: number }): VarResult {
  if (method === 'historical') return historicalVar({ exposures, changes, confidences: options.confidences, bins: options.bins });
  return monteCarloVar({ exposures, covariance: sampleCovariance(changes), paths: options.paths, seed: options.seed, confidences: options.confidences, bins: options.bins });
}

export class VarService {
  constructor(private readonly prices: Pick<PricesPort, 'latestHistory'>) {}

  compute(request: VarRequest, positions: Iterable<Position>, now: number): VarView {
    const exposures = periodExposures(periodPositions(positions, now, deliveryZoneOf(request.area)), SLOTS);
    // The days up to the last known price, whatever the wall clock says (an imported past year counts).
    const history = this.prices.latestHistory(request.area, (request.lookbackDays + 2) * DAY_MS, now);
    const all = dailyPriceChanges(history.points, SLOTS, request.area);
    const changes = all.changes.slice(-request.lookbackDays);
    if (changes.length < 2) {
      fail('NOT_FOUND', `Not enough price history for ${request.area} to compute VaR (${changes.length} days of changes; import day-ahead prices first).`, { reason: 'NO_PRICE_HISTORY' });
    }
    const confidences = [0.95, 0.99];
    const result = measure(request.method, exposures, changes, { seed: request.seed, paths: request.paths, confidences, bins: request.bins });
    const level = result.levels.find((l) => l.confidence === request.confidence) ?? (result.levels[0] as (typeof result.levels)[number]);
    return {
      portfolioId: request.key,
      method: request.method,
      confidence: request.confidence,
      horizonDays: 1,
      var: level.var,
      es: level.es,
      levels: result.levels,
      scenarios: result.scenarios,
      meanPnl: result.meanPnl,
      stdPnl: result.stdPnl,
      histogram: result.histogram,
      exposures,
      seed: request.method === 'montecarlo' ? request.seed : null,
      paths: request.method === 'montecarlo' ? request.paths : null,
      backtest: this.backtest(request, exposures, changes),
      historySource: history.source,
      changeDays: changes.length,
    };
  }

  private backtest(request: VarRequest, exposures: number[], changes: number[][]): VarView['backtest'] {
    const window = request.backtestWindow;
    if (changes.length <= window) return null;
    const pnl = Array.from(scenarioPnl(exposures, changes.slice(window)));
    const forecasts: number[] = [];
    for (let t = window; t < changes.length; t += 1) {
      const past = changes.slice(t - window, t);
      const result = measure(request.method, exposures, past, {
        seed: request.seed + t,
        paths: Math.min(request.paths, 2_000),
        confidences: [request.confidence],
        bins: 1,
      });
      forecasts.push((result.levels[0] as { var: number }).var);
    }
    const kupiec = backtestVar(pnl, forecasts, request.confidence);
    return {
      observations: kupiec.observations,
      exceptions: kupiec.exceptions,
      expectedExceptions: kupiec.expectedExceptions,
      exceptionRate: kupiec.exceptionRate,
      lr: kupiec.lr,
      pValue: kupiec.pValue,
      criticalValue: kupiec.criticalValue,
      accept: kupiec.accept,
      window,
    };
  }
}
