/**
 * Mark prices for unrealized P&L. The caller chooses the source; a product the chosen source has
 * no price for falls through to the next source in `fallback` order, or stays unmarked.
 */
import type { ForwardCurve } from './forward-curve';
import type { MarkOf } from '../positions/position-book';

export type MarkSource = 'last-trade' | 'mid' | 'curve';

export interface MarkInputs {
  lastTrade?: ReadonlyMap<string, number>;
  bestBidAsk?: ReadonlyMap<string, { bid: number | null; ask: number | null }>;
  curve?: ForwardCurve;
}

/** Mid of best bid and ask, rounded down (toward the bid); either side alone when one is missing. */
export function midPrice(bidUnits: number | null, askUnits: number | null): number | undefined {
  if (bidUnits !== null && askUnits !== null) return Math.floor((bidUnits + askUnits) / 2);
  return bidUnits ?? askUnits ?? undefined;
}

export function markOf(sources: readonly MarkSource[], inputs: MarkInputs): MarkOf {
  const curve = new Map<string, number>();
  for (const point of inputs.curve?.points ?? []) if (point.priceUnits !== null) curve.set(point.productId, point.priceUnits);
  const one = (source: MarkSource, productId: string): number | undefined => {
    switch (source) {
      case 'last-trade':
        return inputs.lastTrade?.get(productId);
      case 'mid': {
        const quote = inputs.bestBidAsk?.get(productId);
        return quote ? midPrice(quote.bid, quote.ask) : undefined;
      }
      case 'curve':
        return curve.get(productId);
    }
  };
  return (productId) => {
    for (const source of sources) {
      const mark = one(source, productId);
      if (mark !== undefined) return mark;
    }
    return undefined;
  };
}
