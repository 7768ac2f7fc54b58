import type { TradingPort } from '../trading';

/** Entries kept before the cache starts over (users × products of a few days). */
const MAX_CACHED = 100_000;

/** A user's net position per product from their trades: bought minus sold, kW (trading's figures). */
export class Positions {
  /**
   * Net positions asked for since start, kept up to date trade by trade: asking trading for a user's
   * sum after every fill grew with the day's trades (the simulator's desks trade all day).
   */
  private readonly nets = new Map<string, number>();

  constructor(private readonly trading: Pick<TradingPort, 'netPositions' | 'netPosition'>) {}

  of(userId: number): Map<string, number> {
    return this.trading.netPositions(userId);
  }

  inProduct(userId: number, productId: string): number {
    const key = `${userId}:${productId}`;
    let net = this.nets.get(key);
    if (net === undefined) {
      if (this.nets.size >= MAX_CACHED) this.nets.clear();
      net = this.trading.netPosition(userId, productId);
      this.nets.set(key, net);
    }
    return net;
  }

  /**
   * A committed trade, once folded. Only known positions move; one not asked for yet is read from
   * trading (which already counts this trade) when it is.
   */
  applyTrade(userId: number, productId: string, deltaKw: number): void {
    const key = `${userId}:${productId}`;
    const net = this.nets.get(key);
    if (net !== undefined) this.nets.set(key, net + deltaKw);
  }
}
