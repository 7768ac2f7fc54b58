import type { AuctionDecision } from './api/events';

/**
 * Block orders, in the spirit of EUPHEMIA (the EU day-ahead algorithm): an accepted block trades its
 * whole quantity on every quarter, so it enters each quarter's curve price-taking; it may stay
 * accepted only if it is in the money at the resulting prices. No block is ever paradoxically
 * accepted; a paradoxically rejected one (in the money at the final prices, yet rejected) can remain,
 * as in EUPHEMIA, when admitting it would push some accepted block out of the money.
 */
export const BLOCK_RULE =
  'Block orders: every block enters its quarters price-taking for its whole quantity. A block stays accepted only ' +
  'if every quarter fills it whole and its surplus is not negative: sum of quantity x (block price - clearing price) ' +
  'for a buy, sum of quantity x (clearing price - block price) for a sell. While some accepted block breaks that, the ' +
  'one furthest out of the money (ties: the later one) is rejected and the auction clears again. Then each rejected ' +
  'block that is in the money at the final prices is tried once more, most in the money first, and kept only if every ' +
  'accepted block stays in the money. A rejected block ends with reason block_rejected.';

export const AUCTION_RULE =
  'Uniform price: the price with the largest matched volume min(demand, supply); ties go to the smallest ' +
  'surplus |demand - supply|, then to the price closest to the reference price (the auction command\u2019s ' +
  'override, else the last trade price, else the product\u2019s referencePrice), then to the lowest price. ' +
  'Orders priced better than the marginal price fill completely; at the marginal price the rest is shared ' +
  'pro rata to open quantity, rounded down to whole lots, leftover lots one each in time priority. ' +
  'All-or-none orders: clear with all of them, drop every one that would not fill completely, clear again, ' +
  'until all that remain fill completely. ' +
  BLOCK_RULE;

/** Aggregated call book of one product: ascending prices, quantity bid and offered at exactly each. */
export interface Ladder {
  prices: number[];
  buyAt: number[];
  sellAt: number[];
}

export interface Clearing {
  price: number | null;
  volume: number;
  demand: number;
  supply: number;
  decidedBy: AuctionDecision;
}

const NONE: Clearing = { price: null, volume: 0, demand: 0, supply: 0, decidedBy: 'none' };

/**
 * Picks the clearing price from a ladder. Demand at p is every buy priced ≥ p, supply every sell
 * priced ≤ p. Both only change at ladder prices, so the candidates are each ladder price and each
 * open gap between two neighbours (where demand is the upper neighbour's and supply the lower's):
 * a gap matters only for the reference tie-break, which may pick a price inside it.
 */
export function clearingPrice(ladder: Ladder, tick: number, reference: number | null): Clearing {
  const { prices, buyAt, sellAt } = ladder;
  const n = prices.length;
  if (n === 0) return NONE;
  const demand = new Array<number>(n);
  const supply = new Array<number>(n);
  let acc = 0;
  for (let i = n - 1; i >= 0; i--) demand[i] = acc += buyAt[i]!;
  acc = 0;
  for (let i = 0; i < n; i++) supply[i] = acc += sellAt[i]!;

  // Segments: [lo, hi] on the tick grid with constant demand d and supply s.
  const segLo: number[] = [];
  const segHi: number[] = [];
  const segD: number[] = [];
  const segS: number[] = [];
  for (let i = 0; i < n; i++) {
    segLo.push(prices[i]!);
    segHi.push(prices[i]!);
    segD.push(demand[i]!);
    segS.push(supply[i]!);
    if (i + 1 < n && prices[i + 1]! - prices[i]! > tick) {
      segLo.push(prices[i]! + tick);
      segHi.push(prices[i + 1]! - tick);
      segD.push(demand[i + 1]!);
      segS.push(supply[i]!);
    }
  }
  const m = segLo.length;
  const width = (k: number): number => (segHi[k]! - segLo[k]!) / tick + 1;

  let maxV = 0;
  for (let k = 0; k < m; k++) maxV = Math.max(maxV, Math.min(segD[k]!, segS[k]!));
  if (maxV === 0) return NONE;
  let atMaxV = 0;
  let minImb = Number.POSITIVE_INFINITY;
  for (let k = 0; k < m; k++) {
    if (Math.min(segD[k]!, segS[k]!) !== maxV) continue;
    atMaxV += width(k);
    minImb = Math.min(minImb, Math.abs(segD[k]! - segS[k]!));
  }
  const tied: number[] = [];
  let atMinImb = 0;
  for (let k = 0; k < m; k++) {
    if (Math.min(segD[k]!, segS[k]!) !== maxV || Math.abs(segD[k]! - segS[k]!) !== minImb) continue;
    tied.push(k);
    atMinImb += width(k);
  }
  const first = tied[0]!;
  const result = (price: number, k: number, decidedBy: AuctionDecision): Clearing => ({
    price,
    volume: maxV,
    demand: segD[k]!,
    supply: segS[k]!,
    decidedBy,
  });
  if (atMaxV === 1) return result(segLo[first]!, first, 'volume');
  if (atMinImb === 1) return result(segLo[first]!, first, 'imbalance');
  if (reference === null) return result(segLo[first]!, first, 'lowest');

  // Closest grid price to the reference in each tied segment; count how many share the best distance.
  let best = Number.NaN;
  let bestK = first;
  let bestDist = Number.POSITIVE_INFINITY;
  let ties = 0;
  const consider = (price: number, k: number): void => {
    const dist = Math.abs(price - reference);
    if (dist < bestDist) {
      bestDist = dist;
      best = price;
      bestK = k;
      ties = 1;
    } else if (dist === bestDist && price !== best) {
      ties++;
      if (price < best) {
        best = price;
        bestK = k;
      }
    }
  };
  for (const k of tied) {
    const lo = segLo[k]!;
    const hi = segHi[k]!;
    if (reference <= lo) consider(lo, k);
    else if (reference >= hi) consider(hi, k);
    else {
      const below: number = Math.floor(reference / tick) * tick;
      consider(below, k);
      if (below !== reference) consider(below + tick, k);
    }
  }
  return result(best, bestK, ties === 1 ? 'reference' : 'lowest');
}

/** Exact floor(a / b) for non-negative safe integers: float division alone can round up. */
export function idiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

/**
 * Pro-rata share of `rest` for an order of `qty` out of `total` at the marginal price, rounded down
 * to whole lots. rest × qty can pass 2^53 (1e14 × 1e9), so that one product goes through BigInt.
 */
export function proRataShare(rest: number, qty: number, total: number, lot: number): number {
  const units =
    rest <= Number.MAX_SAFE_INTEGER / qty ? idiv(rest * qty, total) : Number((BigInt(rest) * BigInt(qty)) / BigInt(total));
  return idiv(units, lot) * lot;
}
