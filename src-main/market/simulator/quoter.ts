import { chance, intBetween, uniform01, type Rng } from './rng';

export interface QuoteInput {
  /** Price units (0.01 €/MWh). */
  fairPrice: number;
  /** Price units per tick; every quoted price is a multiple of it. */
  tickSize: number;
  /** kW per lot; every quantity is a multiple of it. */
  lotSize: number;
  /** Levels per side. Default 5. */
  levels?: number;
  /** Distance from fair to the best bid/ask before snapping, in price units. Default 40 (0.40 €/MWh). */
  halfSpread?: number;
  /** Extra distance per level, in price units. Default 25. */
  levelStep?: number;
  /** Lots at the best level; deeper levels hold more. Default 10. */
  baseLots?: number;
  /** Chance per call that a taker sends a crossing order. Default 0.2. */
  aggressiveChance?: number;
  minPrice?: number;
  maxPrice?: number;
}

export interface QuoteLevel {
  price: number;
  quantity: number;
}

export interface AggressiveOrder {
  side: 'buy' | 'sell';
  /** A limit through the opposite best, so it trades at once. */
  price: number;
  quantity: number;
}

export interface Quotes {
  /** Best first: prices strictly falling. */
  bids: QuoteLevel[];
  /** Best first: prices strictly rising. */
  asks: QuoteLevel[];
  aggressive: AggressiveOrder[];
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

// + 0: Math.ceil(-0.3) is -0, and a -0 price would not equal 0 under Object.is.
const floorTo = (value: number, tick: number): number => Math.floor(value / tick) * tick + 0;
const ceilTo = (value: number, tick: number): number => Math.ceil(value / tick) * tick + 0;

/**
 * The ladder a market maker would rest around a fair price, plus now and then a taker's
 * crossing order so that trades happen. Pure: the given generator is cloned, not advanced; the
 * advanced clone is returned for the next call.
 */
export function quote(input: QuoteInput, rng: Rng): { quotes: Quotes; rng: Rng } {
  positiveInteger('tickSize', input.tickSize);
  positiveInteger('lotSize', input.lotSize);
  if (!Number.isSafeInteger(input.fairPrice)) throw new RangeError(`fairPrice must be integer price units, got ${input.fairPrice}`);
  const r = rng.clone();
  const tick = input.tickSize;
  const levels = input.levels ?? 5;
  const halfSpread = input.halfSpread ?? 40;
  const step = input.levelStep ?? 25;
  const baseLots = input.baseLots ?? 10;
  const minPrice = input.minPrice ?? -Infinity;
  const maxPrice = input.maxPrice ?? Infinity;

  const bids: QuoteLevel[] = [];
  const asks: QuoteLevel[] = [];
  for (let i = 0; i < levels; i += 1) {
    // Jitter keeps the ladder from looking machine-made and lets the spread breathe.
    const distance = halfSpread + i * step + uniform01(r) * step * 0.5;
    const lots = (): number => intBetween(r, baseLots * (i + 1), baseLots * (i + 1) * 3);
    const prevBid = bids[bids.length - 1]?.price;
    const prevAsk = asks[asks.length - 1]?.price;
    let bid = floorTo(input.fairPrice - distance, tick);
    let ask = ceilTo(input.fairPrice + distance, tick);
    if (prevBid !== undefined && bid >= prevBid) bid = prevBid - tick;
    if (prevAsk !== undefined && ask <= prevAsk) ask = prevAsk + tick;
    if (i === 0 && ask <= bid) ask = bid + tick;
    const bidLots = lots();
    const askLots = lots();
    if (bid >= minPrice && bid <= maxPrice) bids.push({ price: bid, quantity: bidLots * input.lotSize });
    if (ask >= minPrice && ask <= maxPrice) asks.push({ price: ask, quantity: askLots * input.lotSize });
  }

  const aggressive: AggressiveOrder[] = [];
  if (chance(r, input.aggressiveChance ?? 0.2)) {
    const side = chance(r, 0.5) ? 'buy' : 'sell';
    const through = intBetween(r, 0, 2) * tick;
    const quantity = intBetween(r, 1, Math.max(1, baseLots)) * input.lotSize;
    const best = side === 'buy' ? asks[0]?.price : bids[0]?.price;
    if (best !== undefined) {
      const price = Math.min(maxPrice, Math.max(minPrice, side === 'buy' ? best + through : best - through));
      aggressive.push({ side, price, quantity });
    }
  }
  return { quotes: { bids, asks, aggressive }, rng: r };
}
