/**
 * Mark prices and the forward curve for the service layer.
 *
 * Mark source chosen by the caller, with documented fallbacks so that every open position gets a
 * mark whenever any price for it exists:
 *   'last'  → last trade of the product, else the forward curve;
 *   'mid'   → mid of the engine's best bid and ask, else the last trade, else the curve;
 *   'curve' → the forward curve only (which itself uses the last trade where there is one).
 * The curve is built only when a product is still unmarked after the earlier sources.
 */
import type { CurveView, MarkSourceName } from '../../../src-shared/contract/risk';
import { buildForwardCurve, type CurveProduct, type LatestPrice } from './forward-curve';
import { midPrice } from './marks';
import type { MarkOf } from '../positions/position-book';
import type { PositionKeeper } from '../positions/position-keeper';
import type { PricesPort } from '../../marketdata';
import type { TradingPort } from '../../trading';
import { productInfo } from '../../market/product-info';

const WEEK_MS = 7 * 24 * 3_600_000;

export class MarksService {
  constructor(
    private readonly keeper: PositionKeeper,
    private readonly prices: Pick<PricesPort, 'latestHistory'>,
    private readonly trading: Pick<TradingPort, 'quote'>,
  ) {}

  lastTrade(productId: string): number | undefined {
    return this.keeper.lastTrade.get(productId)?.priceUnits;
  }

  mid(productId: string): number | undefined {
    const quote = this.trading.quote(productId);
    return quote ? midPrice(quote.bid, quote.ask) : undefined;
  }

  curve(area: string, products: readonly CurveProduct[], now: number, shapeWeeks = 4): CurveView {
    // The weeks up to the last known price, whatever the wall clock says (an imported past year counts).
    const history = this.prices.latestHistory(area, shapeWeeks * WEEK_MS, now);
    const latest: LatestPrice[] = [];
    for (const [productId, trade] of this.keeper.lastTrade) {
      if (productId.startsWith(`${area}-`)) latest.push({ productId, priceUnits: trade.priceUnits, ts: trade.ts });
    }
    const curve = buildForwardCurve(products, latest, history.points, { area, asOfMs: now, shapeWeeks });
    return { area, asOfMs: curve.asOfMs, shapeWeeks, globalLevel: curve.globalLevel, points: curve.points, historySource: history.source };
  }

  /** Reference price of one product: last trade, else mid, else the forward curve. */
  reference(productId: string, now: number): number | null {
    return this.lastTrade(productId) ?? this.mid(productId) ?? this.markOf('curve', [productId], now)(productId) ?? null;
  }

  /** A mark function for the given products, resolved once (the curve is built at most once per area). */
  markOf(source: MarkSourceName, productIds: Iterable<string>, now: number): MarkOf {
    const marks = new Map<string, number>();
    const needCurve = new Map<string, CurveProduct[]>();
    for (const productId of productIds) {
      const chain = source === 'last' ? [this.lastTrade(productId)] : source === 'mid' ? [this.mid(productId), this.lastTrade(productId)] : [];
      const mark = chain.find((m) => m !== undefined);
      if (mark !== undefined) {
        marks.set(productId, mark);
        continue;
      }
      const info = productInfo(productId);
      if (!info) continue;
      const list = needCurve.get(info.area) ?? [];
      list.push({ productId, startUtcMs: info.deliveryStart, durationMin: info.durationMin });
      needCurve.set(info.area, list);
    }
    for (const [area, products] of needCurve) {
      for (const point of this.curve(area, products, now).points) if (point.priceUnits !== null) marks.set(point.productId, point.priceUnits);
    }
    return (productId) => marks.get(productId);
  }
}
