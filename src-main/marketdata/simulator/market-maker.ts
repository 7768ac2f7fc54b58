/**
 * The simulator, the service half: its participants, their accounts and its place on the clock. The
 * price process, fair prices and quotes are the pure library's (market/simulator/).
 */
import type { ProductView } from '../../../src-shared/domain/schemas';
import { MarketSimulator, quote, rngFor } from '../../market/simulator';
import type { GatewayUser, OrderGateway } from './order-gateway';

export interface MarketMakerOptions {
  seed: number;
  /** First quarter-hour of the simulated price curve; kept across restarts so prices stay the same. */
  originUtcMs: number;
  /**
   * A product's quotes are replaced after this long. Default 2 min: with ~250 listed products that is
   * about two products a second, enough to look alive without filling the journal with requotes.
   */
  refreshMs: number;
  /** Products (re)quoted per tick, nearest gate closure first, so the top of the watchlist fills first. */
  productsPerTick: number;
  levels: number;
  /** Chance per product refresh that the taker sends a crossing order. */
  aggressiveChance: number;
  /** No quotes this close to gate closure: the engine would refuse them. */
  gateMarginMs: number;
}

export const DEFAULT_MAKER_OPTIONS: Omit<MarketMakerOptions, 'seed' | 'originUtcMs'> = {
  refreshMs: 120_000,
  productsPerTick: 12,
  levels: 3,
  aggressiveChance: 0.5,
  gateMarginMs: 30_000,
};

export interface TickReport {
  quoted: number;
  placed: number;
  crossing: number;
  rejected: number;
}

/**
 * The simulator's participants: a market maker that rests a ladder around the seeded fair price of
 * each open product, and a taker that now and then crosses it so trades (and candles) happen. Each
 * refresh draws from a generator keyed by seed, product and time, so the same seed and clock give
 * the same orders.
 */
export class MarketMaker {
  private readonly simulator: MarketSimulator;
  private readonly quotedAt = new Map<string, number>();

  constructor(
    private readonly gateway: OrderGateway,
    private readonly users: { maker: GatewayUser; taker: GatewayUser },
    private readonly options: MarketMakerOptions,
  ) {
    this.simulator = new MarketSimulator({ seed: options.seed, originUtcMs: options.originUtcMs });
  }

  get quotedProducts(): number {
    return this.quotedAt.size;
  }

  private quotable(p: ProductView, now: number): boolean {
    return now >= p.openAt && now < p.gateClosure - this.options.gateMarginMs && p.deliveryStart >= this.options.originUtcMs;
  }

  /** Refreshes the products most in need of it; resolves when every order is stored, so ticks never overlap. */
  async tick(now: number): Promise<TickReport> {
    const report: TickReport = { quoted: 0, placed: 0, crossing: 0, rejected: 0 };
    const products = this.gateway.products(now).filter((p) => this.quotable(p, now));
    const live = new Set(products.map((p) => p.id));
    for (const id of this.quotedAt.keys()) if (!live.has(id)) this.quotedAt.delete(id);
    const due = products
      .filter((p) => (this.quotedAt.get(p.id) ?? -Infinity) <= now - this.options.refreshMs)
      .sort((a, b) => (this.quotedAt.get(a.id) ?? -Infinity) - (this.quotedAt.get(b.id) ?? -Infinity) || a.gateClosure - b.gateClosure || a.deliveryEnd - b.deliveryEnd)
      .slice(0, this.options.productsPerTick);
    // Submitted without waiting in between, so the whole round is one group commit (one disk flush),
    // applied in submission order: cancels, then quotes, then the crossing orders that hit them.
    const outcomes: Array<Promise<'placed' | 'crossing' | 'rejected' | 'cancelled'>> = [];
    for (const product of due) {
      outcomes.push(...this.requote(product, now));
      this.quotedAt.set(product.id, now);
      report.quoted++;
    }
    for (const outcome of await Promise.all(outcomes)) {
      if (outcome === 'placed') report.placed++;
      else if (outcome === 'crossing') report.crossing++;
      else if (outcome === 'rejected') report.rejected++;
    }
    return report;
  }

  private requote(product: ProductView, now: number): Array<Promise<'placed' | 'crossing' | 'rejected' | 'cancelled'>> {
    const fairPrice = this.simulator.fairPrice(product, now);
    const rng = rngFor(this.options.seed, product.deliveryStart, product.deliveryEnd, Math.floor(now / 1_000));
    const { quotes } = quote(
      {
        fairPrice,
        tickSize: product.tickSize,
        lotSize: product.lotSize,
        levels: this.options.levels,
        aggressiveChance: this.options.aggressiveChance,
        minPrice: product.minPrice,
        maxPrice: product.maxPrice,
      },
      rng,
    );
    const out: Array<Promise<'placed' | 'crossing' | 'rejected' | 'cancelled'>> = [
      this.gateway.cancelAll(this.users.maker, product.id, now).then(() => 'cancelled' as const),
    ];
    const resting = [...quotes.bids.map((l) => ({ side: 'buy' as const, ...l })), ...quotes.asks.map((l) => ({ side: 'sell' as const, ...l }))];
    for (const level of resting) {
      const quantity = Math.min(level.quantity, product.maxQuantity);
      out.push(
        this.gateway
          .place(this.users.maker, { productId: product.id, type: 'limit', side: level.side, price: level.price, quantity }, now)
          .then((o) => (o.ok ? 'placed' : 'rejected')),
      );
    }
    for (const order of quotes.aggressive) {
      const quantity = Math.min(order.quantity, product.maxQuantity);
      out.push(
        this.gateway
          .place(this.users.taker, { productId: product.id, type: 'ioc', side: order.side, price: order.price, quantity }, now)
          .then((o) => (o.ok ? 'crossing' : 'rejected')),
      );
    }
    return out;
  }

  /** Takes the simulated liquidity off the books (when an admin stops the simulator). */
  async withdraw(now: number): Promise<number> {
    const products = new Set(this.gateway.openOrders(this.users.maker).map((o) => o.productId));
    const cancelled = await Promise.all([...products].map((productId) => this.gateway.cancelAll(this.users.maker, productId, now)));
    this.quotedAt.clear();
    return cancelled.reduce((a, b) => a + b, 0);
  }
}
