/**
 * The reference price history behind VaR, the forward curve and forecasts, per delivery area, as
 * hourly prices (0.01 €/MWh) with the drivers known for each hour.
 *
 * Sources, in order of precedence:
 * 1. 'imported': official day-ahead prices imported with `marketdata.import` or
 *    `risk.history.import` (SMARD or Berlin CSV, ENTSO-E A44 XML through the market import code),
 *    one price per interval, the newer import's. Quarter- and half-hour prices are averaged to
 *    their hour (rounded half away from zero), so every consumer works on one hourly grid; an hour
 *    with its own price keeps that one, and of sub-hour prices the finest resolution is used.
 * 2. 'trades': for hours without an imported price, the volume-weighted average price of the
 *    terminal's own trades in that hour's hourly product (rounded the same way), from trading.
 * The result says which sources contributed.
 *
 * Drivers (md_price_drivers, kW) become `features` in MWh per hour: an hour's own value, else the
 * mean of its finest sub-hour values.
 */
import type { PriceHistorySourceView } from '../../../src-shared/contract/risk';
import { marketAreaOf } from '../../../src-shared/domain/market-areas';
import { parseProductId } from '../../../src-shared/domain/product-id';
import type { TradingPort } from '../../trading';
import type { DriverHour, HourFeatures, HourlyPrice, PriceHistory } from './port';
import type { PriceStore } from './price-store';

const HOUR_MS = 3_600_000;
const roundHalfAway = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));
const hourOf = (ms: number): number => ms - (((ms % HOUR_MS) + HOUR_MS) % HOUR_MS);

/** One value per hour from values of any resolution: the hour's own, else the mean of its finest sub-hour values. */
function byHour<K>(rows: ReadonlyArray<{ startUtcMs: number; durationMin: number; key: K; value: number }>): Map<number, Map<K, number>> {
  const best = new Map<string, { hour: number; key: K; durationMin: number; sum: number; count: number }>();
  for (const row of rows) {
    const hour = hourOf(row.startUtcMs);
    const id = `${hour}:${String(row.key)}`;
    const seen = best.get(id);
    // 60 beats any sub-hour resolution; among sub-hour ones the finer wins.
    const better = !seen || (seen.durationMin !== 60 && (row.durationMin === 60 || row.durationMin < seen.durationMin));
    if (better) best.set(id, { hour, key: row.key, durationMin: row.durationMin, sum: row.value, count: 1 });
    else if (seen.durationMin === row.durationMin && row.durationMin !== 60) {
      seen.sum += row.value;
      seen.count += 1;
    }
  }
  const out = new Map<number, Map<K, number>>();
  for (const { hour, key, sum, count } of best.values()) {
    const own = out.get(hour) ?? new Map<K, number>();
    own.set(key, sum / count);
    out.set(hour, own);
  }
  return out;
}

export class PriceHistoryReader {
  constructor(
    private readonly store: PriceStore,
    private readonly trading: Pick<TradingPort, 'vwapByProduct'>,
  ) {}

  read(code: string, fromMs: number, toMs: number): PriceHistory {
    const area = marketAreaOf(code) ?? code;
    const prices = byHour(this.store.intervals(area, fromMs, toMs).map((r) => ({ startUtcMs: r.startUtcMs, durationMin: r.durationMin, key: 'price', value: r.priceUnits })));
    const imported = new Map<number, number>();
    for (const [hour, values] of prices) imported.set(hour, roundHalfAway(values.get('price') ?? 0));

    const fromTrades = new Map<number, number>();
    for (const row of this.trading.vwapByProduct(`${area}-H-%`)) {
      const parts = parseProductId(row.productId);
      if (parts?.kind !== 'hour') continue;
      const start = parts.deliveryStart;
      if (start < fromMs || start >= toMs || imported.has(start)) continue;
      fromTrades.set(start, roundHalfAway(row.priceQuantity / row.quantity));
    }
    const features = this.featuresByHour(area, fromMs, toMs);
    const points: HourlyPrice[] = [...imported.entries(), ...fromTrades.entries()]
      .map(([startUtcMs, priceUnits]) => {
        const known = features.get(startUtcMs);
        return known === undefined ? { startUtcMs, priceUnits } : { startUtcMs, priceUnits, features: known };
      })
      .sort((a, b) => a.startUtcMs - b.startUtcMs);
    const kinds: PriceHistorySourceView['kinds'] = [];
    if (imported.size > 0) kinds.push('imported');
    if (fromTrades.size > 0) kinds.push('trades');
    return {
      points,
      source: { kinds, points: points.length, fromMs: points[0]?.startUtcMs ?? null, toMs: points.length > 0 ? (points.at(-1) as HourlyPrice).startUtcMs + HOUR_MS : null },
    };
  }

  /**
   * The end of the last known price of the area: the last imported one, whatever the clock says;
   * without imports, the last hour before `nowMs` the terminal's own trades priced (a trade in a
   * later hour is no price of that hour yet, and would move a forecast's target past tomorrow).
   */
  lastKnownEnd(code: string, nowMs: number): number | null {
    const area = marketAreaOf(code) ?? code;
    const imported = this.store.lastPriceEnd(area);
    if (imported !== null) return imported;
    let end: number | null = null;
    for (const row of this.trading.vwapByProduct(`${area}-H-%`)) {
      const parts = parseProductId(row.productId);
      if (parts?.kind === 'hour' && parts.deliveryStart < nowMs) end = Math.max(end ?? Number.NEGATIVE_INFINITY, parts.deliveryStart + HOUR_MS);
    }
    return end;
  }

  latest(code: string, spanMs: number, nowMs: number): PriceHistory {
    const end = this.lastKnownEnd(code, nowMs);
    if (end === null) return { points: [], source: { kinds: [], points: 0, fromMs: null, toMs: null } };
    const to = hourOf(end - 1) + HOUR_MS;
    return this.read(code, to - spanMs, to);
  }

  drivers(code: string, fromMs: number, toMs: number): DriverHour[] {
    const area = marketAreaOf(code) ?? code;
    return [...this.featuresByHour(area, fromMs, toMs)].map(([startUtcMs, features]) => ({ startUtcMs, features })).sort((a, b) => a.startUtcMs - b.startUtcMs);
  }

  private featuresByHour(area: string, fromMs: number, toMs: number): Map<number, HourFeatures> {
    const rows = this.store.drivers(area, fromMs, toMs).map((r) => ({ startUtcMs: r.startUtcMs, durationMin: r.durationMin, key: r.driver, value: r.kw / 1000 }));
    const out = new Map<number, HourFeatures>();
    for (const [hour, values] of byHour(rows)) out.set(hour, Object.fromEntries(values));
    return out;
  }
}
