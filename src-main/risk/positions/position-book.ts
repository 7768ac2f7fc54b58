/**
 * All positions of all portfolios, keyed for O(1) fill booking.
 *
 * The book is the one mutable holder in this folder: a Map of immutable positions, because copying
 * a 10,000-entry map per fill would make booking O(n). Each entry it stores is a value produced by
 * the pure `applyFill`, so a position read from the book never changes under the reader.
 */
import { applyFill, averageOpenPrice, emptyPosition, positionSide, unrealizedValue, type Fill, type FillEffect, type Position } from './fifo-position';
import { energyKwMin, energyMwh, moneyFromValue } from '../math/money';

export interface BookedFill extends FillEffect {
  readonly portfolioId: string;
  readonly fill: Fill;
}

export class PositionBook {
  private readonly byPortfolio = new Map<string, Map<string, Position>>();
  private openPositions = 0;

  apply(portfolioId: string, fill: Fill): BookedFill {
    let products = this.byPortfolio.get(portfolioId);
    if (!products) {
      products = new Map();
      this.byPortfolio.set(portfolioId, products);
    }
    const before = products.get(fill.productId) ?? emptyPosition(portfolioId, fill.productId, fill.durationMin);
    const effect = applyFill(before, fill);
    products.set(fill.productId, effect.position);
    this.openPositions += (effect.position.netKw !== 0 ? 1 : 0) - (before.netKw !== 0 ? 1 : 0);
    return { ...effect, portfolioId, fill };
  }

  get(portfolioId: string, productId: string): Position | undefined {
    return this.byPortfolio.get(portfolioId)?.get(productId);
  }

  positionsOf(portfolioId: string): Position[] {
    return [...(this.byPortfolio.get(portfolioId)?.values() ?? [])];
  }

  portfolios(): string[] {
    return [...this.byPortfolio.keys()];
  }

  *all(): IterableIterator<Position> {
    for (const products of this.byPortfolio.values()) yield* products.values();
  }

  get openCount(): number {
    return this.openPositions;
  }
}

export function bookFromFills(fills: Iterable<{ portfolioId: string; fill: Fill }>): PositionBook {
  const book = new PositionBook();
  for (const { portfolioId, fill } of fills) book.apply(portfolioId, fill);
  return book;
}

/** Mark price for a product, in price units; undefined when the caller has none. */
export type MarkOf = (productId: string) => number | undefined;

export interface PositionView {
  portfolioId: string;
  productId: string;
  durationMin: number;
  side: 'long' | 'short' | 'flat';
  netKw: number;
  /** Exact energy, kW·min (60 = 1 kWh). */
  netKwMin: number;
  netMwh: number;
  avgOpenPriceUnits: number | null;
  markPriceUnits: number | null;
  realizedMoney: number;
  feesMoney: number;
  unrealizedMoney: number | null;
  /** realized − fees + unrealized (unrealized counted as 0 when there is no mark). */
  totalMoney: number;
  fillCount: number;
}

export function positionView(position: Position, markPriceUnits?: number): PositionView {
  const mark = markPriceUnits ?? null;
  const unrealized = mark === null ? null : unrealizedValue(position, mark);
  return {
    portfolioId: position.portfolioId,
    productId: position.productId,
    durationMin: position.durationMin,
    side: positionSide(position),
    netKw: position.netKw,
    netKwMin: energyKwMin(position.netKw, position.durationMin),
    netMwh: energyMwh(position.netKw, position.durationMin),
    avgOpenPriceUnits: averageOpenPrice(position),
    markPriceUnits: mark,
    realizedMoney: moneyFromValue(position.realizedValue),
    feesMoney: moneyFromValue(position.feesValue),
    unrealizedMoney: unrealized === null ? null : moneyFromValue(unrealized),
    totalMoney: moneyFromValue(position.realizedValue - position.feesValue + (unrealized ?? 0n)),
    fillCount: position.fillCount,
  };
}

export interface BookTotals {
  realizedMoney: number;
  feesMoney: number;
  unrealizedMoney: number;
  /** realized − fees + unrealized. */
  totalMoney: number;
  /** Open positions that had no mark; their unrealized P&L is left out of the totals. */
  unmarked: string[];
}

/** Sums in exact value units and rounds once per figure. */
export function bookTotals(positions: Iterable<Position>, markOf: MarkOf): BookTotals {
  let realized = 0n;
  let fees = 0n;
  let unrealized = 0n;
  const unmarked: string[] = [];
  for (const position of positions) {
    realized += position.realizedValue;
    fees += position.feesValue;
    if (position.netKw === 0) continue;
    const mark = markOf(position.productId);
    if (mark === undefined) unmarked.push(`${position.portfolioId}/${position.productId}`);
    else unrealized += unrealizedValue(position, mark);
  }
  return {
    realizedMoney: moneyFromValue(realized),
    feesMoney: moneyFromValue(fees),
    unrealizedMoney: moneyFromValue(unrealized),
    totalMoney: moneyFromValue(realized - fees + unrealized),
    unmarked,
  };
}
