/**
 * The reference price history behind VaR, the forward curve and forecasts, per delivery area, as
 * hourly prices (0.01 €/MWh).
 *
 * Sources, in order of precedence:
 * 1. 'imported': day-ahead prices imported with `marketdata.import` or `risk.history.import` (SMARD
 *    or Berlin CSV, ENTSO-E A44 XML through the market import code), one price per interval, the
 *    newer import's. Quarter-hour prices are averaged to their hour (rounded half away from zero),
 *    so every consumer works on one hourly grid; an hour with its own price keeps that one.
 * 2. 'trades': for hours without an imported price, the volume-weighted average price of the
 *    terminal's own trades in that hour's hourly product (rounded the same way), from trading.
 * The result says which sources contributed.
 */
import type { PriceHistorySourceView } from '../../../src-shared/contract/risk';
import { parseProductId } from '../../../src-shared/domain/product-id';
import type { TradingPort } from '../../trading';
import type { HourlyPrice, PriceHistory } from './port';
import type { PriceStore } from './price-store';

const HOUR_MS = 3_600_000;
const roundHalfAway = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));

export class PriceHistoryReader {
  constructor(
    private readonly store: PriceStore,
    private readonly trading: Pick<TradingPort, 'vwapByProduct'>,
  ) {}

  read(area: string, fromMs: number, toMs: number): PriceHistory {
    const hourly = new Map<number, number>();
    const quarters = new Map<number, { sum: number; count: number }>();
    for (const row of this.store.intervals(area, fromMs, toMs)) {
      const hour = row.startUtcMs - (((row.startUtcMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
      if (row.durationMin === 60) {
        hourly.set(hour, row.priceUnits);
        continue;
      }
      const acc = quarters.get(hour) ?? { sum: 0, count: 0 };
      acc.sum += row.priceUnits;
      acc.count += 1;
      quarters.set(hour, acc);
    }
    // An hour with both an hourly price and quarter prices keeps the hourly one.
    const imported = new Map<number, number>(hourly);
    for (const [hour, acc] of quarters) if (!imported.has(hour)) imported.set(hour, roundHalfAway(acc.sum / acc.count));

    const fromTrades = new Map<number, number>();
    for (const row of this.trading.vwapByProduct(`${area}-H-%`)) {
      const parts = parseProductId(row.productId);
      if (parts?.kind !== 'hour') continue;
      const start = parts.deliveryStart;
      if (start < fromMs || start >= toMs || imported.has(start)) continue;
      fromTrades.set(start, roundHalfAway(row.priceQuantity / row.quantity));
    }
    const points: HourlyPrice[] = [...imported.entries(), ...fromTrades.entries()]
      .map(([startUtcMs, priceUnits]) => ({ startUtcMs, priceUnits }))
      .sort((a, b) => a.startUtcMs - b.startUtcMs);
    const kinds: PriceHistorySourceView['kinds'] = [];
    if (imported.size > 0) kinds.push('imported');
    if (fromTrades.size > 0) kinds.push('trades');
    return {
      points,
      source: { kinds, points: points.length, fromMs: points[0]?.startUtcMs ?? null, toMs: points.length > 0 ? (points.at(-1) as HourlyPrice).startUtcMs + HOUR_MS : null },
    };
  }
}
