/**
 * One position (one portfolio, one product) and the FIFO rule that books a fill into it.
 *
 * FIFO, precisely:
 * - A fill on the side of the open position (or on a flat one) opens a new lot at the fill price.
 * - A fill on the other side closes open lots oldest first, at the fill price. Each closed slice
 *   realizes (fill price − lot price) × kW × minutes for a long lot and (lot price − fill price) ×
 *   kW × minutes for a short lot. A lot closed in part keeps its price for the rest.
 * - A fill larger than the whole open quantity flips the position: the part equal to the open
 *   quantity closes every lot as above, and the excess opens one new lot on the other side at the
 *   fill price and time. Nothing of the excess is realized.
 * - The fill's fee is booked whole, at the fill, into `feesValue`: it is neither split between the
 *   closing and the opening part of a flipping fill nor folded into a lot's price, so average open
 *   price and realized P&L are gross of fees and `realized − fees` is the net.
 *
 * Positions are immutable values: applying a fill returns a new one. Open lots are a LotQueue that
 * successive positions share, so a fill costs O(lots it closes), however many lots are open.
 */
import { LotQueue } from './lot-queue';
import { assertInteger, tradeValue, valueFromMoney } from '../math/money';

export type Side = 'buy' | 'sell';

export interface Fill {
  productId: string;
  side: Side;
  priceUnits: number;
  quantityKw: number;
  durationMin: number;
  /** Fee of this fill in money units (0.00001 €), ≥ 0 for a charge. */
  feeMoney: number;
  ts: number;
}

export interface Lot {
  readonly priceUnits: number;
  /** Remaining open quantity, always > 0; the direction is the position's. */
  readonly quantityKw: number;
  readonly ts: number;
}

export interface Position {
  readonly portfolioId: string;
  readonly productId: string;
  readonly durationMin: number;
  /** Signed: > 0 long, < 0 short. */
  readonly netKw: number;
  /** Open lots, oldest first. */
  readonly lots: LotQueue;
  /**
   * Σ over open lots of ±price × kW (− for short lots). Kept so that unrealized P&L at any mark is
   * O(1): (mark × netKw − openCostPk) × minutes.
   */
  readonly openCostPk: bigint;
  /** Realized P&L gross of fees, value units (1/6,000,000 €). */
  readonly realizedValue: bigint;
  readonly feesValue: bigint;
  /** Σ sells − Σ buys of price × kW × minutes, value units: the trade cash flow, fees excluded. */
  readonly cashValue: bigint;
  readonly boughtKw: number;
  readonly soldKw: number;
  readonly fillCount: number;
  readonly lastFillTs: number | null;
}

export interface FillEffect {
  readonly position: Position;
  /** Realized by this fill alone, gross of its fee. */
  readonly realizedValue: bigint;
  readonly feeValue: bigint;
  readonly closedKw: number;
  readonly openedKw: number;
  readonly flipped: boolean;
}

export function emptyPosition(portfolioId: string, productId: string, durationMin: number): Position {
  assertInteger('durationMin', durationMin);
  if (durationMin <= 0) throw new RangeError('durationMin must be > 0');
  return {
    portfolioId,
    productId,
    durationMin,
    netKw: 0,
    lots: LotQueue.empty,
    openCostPk: 0n,
    realizedValue: 0n,
    feesValue: 0n,
    cashValue: 0n,
    boughtKw: 0,
    soldKw: 0,
    fillCount: 0,
    lastFillTs: null,
  };
}

function validate(position: Position, fill: Fill): void {
  if (fill.productId !== position.productId) throw new Error(`fill for ${fill.productId} applied to ${position.productId}`);
  if (fill.durationMin !== position.durationMin) {
    throw new Error(`product ${fill.productId} has duration ${position.durationMin} min, fill says ${fill.durationMin}`);
  }
  if (fill.side !== 'buy' && fill.side !== 'sell') throw new Error(`unknown side ${String(fill.side)}`);
  assertInteger('priceUnits', fill.priceUnits);
  assertInteger('quantityKw', fill.quantityKw);
  assertInteger('feeMoney', fill.feeMoney);
  if (fill.quantityKw <= 0) throw new RangeError('quantityKw must be > 0');
}

export function applyFill(position: Position, fill: Fill): FillEffect {
  validate(position, fill);
  const direction = fill.side === 'buy' ? 1 : -1;
  const minutes = BigInt(position.durationMin);
  const price = BigInt(fill.priceUnits);
  const feeValue = valueFromMoney(fill.feeMoney);
  const cashDelta = -BigInt(direction) * tradeValue(fill.priceUnits, fill.quantityKw, position.durationMin);

  let lots = position.lots;
  let openCostPk = position.openCostPk;
  let realizedPk = 0n;
  let closedKw = 0;
  let remaining = fill.quantityKw;
  const positionDirection = Math.sign(position.netKw);

  if (positionDirection === -direction) {
    // Closing side: walk the lots oldest first.
    let consumed = 0;
    let partial: Lot | null = null;
    for (let i = 0; i < lots.length && remaining > 0; i++) {
      const lot = lots.at(i)!;
      const take = Math.min(remaining, lot.quantityKw);
      const lotPrice = BigInt(lot.priceUnits);
      const kw = BigInt(take);
      // Long lot (positionDirection 1) earns fill − lot; short lot earns lot − fill.
      realizedPk += BigInt(positionDirection) * (price - lotPrice) * kw;
      openCostPk -= BigInt(positionDirection) * lotPrice * kw;
      remaining -= take;
      closedKw += take;
      if (take === lot.quantityKw) consumed += 1;
      else partial = { priceUnits: lot.priceUnits, quantityKw: lot.quantityKw - take, ts: lot.ts };
    }
    lots = lots.dropOldest(consumed, partial);
  }

  const flipped = remaining > 0 && positionDirection === -direction;
  if (remaining > 0) {
    lots = lots.push({ priceUnits: fill.priceUnits, quantityKw: remaining, ts: fill.ts });
    openCostPk += BigInt(direction) * price * BigInt(remaining);
  }

  const realizedValue = realizedPk * minutes;
  const next: Position = {
    portfolioId: position.portfolioId,
    productId: position.productId,
    durationMin: position.durationMin,
    netKw: position.netKw + direction * fill.quantityKw,
    lots,
    openCostPk,
    realizedValue: position.realizedValue + realizedValue,
    feesValue: position.feesValue + feeValue,
    cashValue: position.cashValue + cashDelta,
    boughtKw: position.boughtKw + (direction === 1 ? fill.quantityKw : 0),
    soldKw: position.soldKw + (direction === -1 ? fill.quantityKw : 0),
    fillCount: position.fillCount + 1,
    lastFillTs: fill.ts,
  };
  return { position: next, realizedValue, feeValue, closedKw, openedKw: remaining, flipped };
}

/** Unrealized P&L at a mark price, value units; exact. */
export function unrealizedValue(position: Position, markPriceUnits: number): bigint {
  assertInteger('markPriceUnits', markPriceUnits);
  return (BigInt(markPriceUnits) * BigInt(position.netKw) - position.openCostPk) * BigInt(position.durationMin);
}

/** Volume-weighted price of the open lots, price units (a float); null when flat. */
export function averageOpenPrice(position: Position): number | null {
  if (position.netKw === 0) return null;
  return Number(position.openCostPk) / position.netKw;
}

export function positionSide(position: Position): 'long' | 'short' | 'flat' {
  return position.netKw > 0 ? 'long' : position.netKw < 0 ? 'short' : 'flat';
}
