import type { CandleSource, FeedStatus, SimulatorStatus, WatchlistRow } from '../../src-shared/contract/marketdata';
import type { FeedTick } from './feed-ticks';
import type { ProductView } from '../../src-shared/domain/schemas';
import type { PartialHandlers } from '../api/context';
import type { SystemCaller } from '../api/system-caller';
import type { TradingPort } from '../trading';
import type { EventBus } from '../api/event-bus';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { CandleBook } from './candle-book';
import { CandleStore, toCandleView } from './candle-store';
import { PriceStore } from './prices/price-store';
import { marketDataHandlers, type MarketMethod } from './handlers';
import { TradingGateway, type OrderGateway } from './order-gateway';
import { Positions } from './positions';
import { DEFAULT_FEED_SETTINGS, PriceFeed, type FeedSettings } from './price-feed';
import { SimulatorAdapter, type SimulatorSettings } from './simulator-adapter';
import { StateStore } from './state-store';
import { TradeFolder, type FoldedTrades } from './trade-folder';
import { Uploads } from './uploads';
import { sortProducts, tickerRow, withPosition } from './watchlist';

export interface MarketDataOptions {
  simulator: Partial<SimulatorSettings>;
  /**
   * Run the simulator and feed statistics on a wall-clock timer. Off under a test's manual clock,
   * where the test moves time and calls `onClock` itself.
   */
  autoTick: boolean;
  tickMs: number;
}

type ProductsSource = Pick<OrderGateway, 'products' | 'book'>;

/**
 * The market-data service: candles and figures from the engine's trades (stored, continued after a
 * restart from the stored cursor), the watchlist, time & sales, imported day-ahead prices, the
 * simulator's market maker and the MQTT price feed, behind the `marketdata.*` calls and events.
 */
export class MarketDataService {
  readonly state: StateStore;
  readonly candleStore: CandleStore;
  readonly prices: PriceStore;
  readonly positions: Positions;
  readonly uploads = new Uploads();
  readonly simulator: SimulatorAdapter;
  readonly feed: PriceFeed;
  private readonly folder: TradeFolder;
  private readonly feedBook: CandleBook;
  private readonly unsubscribe: () => void;
  private products = new Map<string, ProductView>();
  private productsAt = Number.NEGATIVE_INFINITY;
  private pendingFold = false;
  private readonly pendingTickers = new Set<string>();
  private flushQueued = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastFeedStatus = '';
  private lastSimulatorStatus = '';
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly gateway: OrderGateway & ProductsSource,
    private readonly options: MarketDataOptions,
  ) {
    this.state = new StateStore(db);
    this.candleStore = new CandleStore(db);
    this.prices = new PriceStore(db);
    this.positions = new Positions(db);
    this.folder = new TradeFolder(db, this.state, new CandleBook(this.candleStore, 'trades'));
    this.feedBook = new CandleBook(this.candleStore, 'feed');
    this.simulator = new SimulatorAdapter(db, log, this.state, gateway, {
      enabledByDefault: true,
      maker: {},
      ...options.simulator,
    });
    this.feed = new PriceFeed(clock, {
      onTick: (productId, tick) => this.onFeedTick(productId, tick),
      onStatus: (status) => this.publishFeedStatus(status),
    });
    // Trades and books are published after their commit; the stored trades past our cursor are the truth.
    this.unsubscribe = bus.subscribe((name, payload) => {
      if (name === 'trading.trade') this.pendingFold = true;
      else if (name === 'trading.book.delta') this.pendingTickers.add((payload as { productId: string }).productId);
      else return;
      this.queueFlush();
    });
  }

  static withTrading(
    db: Db,
    log: EventLog,
    bus: EventBus,
    clock: Clock,
    trading: TradingPort,
    system: SystemCaller,
    options: Partial<MarketDataOptions> = {},
  ): MarketDataService {
    return new MarketDataService(db, log, bus, clock, new TradingGateway(trading, system), {
      simulator: {},
      autoTick: false,
      tickMs: 1_000,
      ...options,
    });
  }

  /** Folds trades committed while the terminal was down, connects the feed, starts the timer. */
  start(): void {
    this.publishFolded(this.folder.catchUp());
    void this.feed.apply(this.feedSettings());
    if (this.options.autoTick) {
      this.timer = setInterval(() => {
        void this.onClock().catch((err: unknown) => console.error('[griddesk] market simulator:', err));
      }, this.options.tickMs);
      this.timer.unref();
    }
  }

  /** One step of the clock: the simulator quotes, feed figures go out if they changed. */
  async onClock(): Promise<void> {
    if (this.closed) return;
    await this.simulator.tick(this.clock.now());
    this.publishFeedStatus(this.feed.status());
    const simulator = this.simulator.status();
    const key = JSON.stringify(simulator);
    if (key !== this.lastSimulatorStatus) this.publishSimulatorStatus(simulator);
    this.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.unsubscribe();
    await this.feed.stop();
  }

  feedSettings(): FeedSettings {
    const stored = this.state.get('feed.settings');
    return stored && typeof stored === 'object' ? { ...DEFAULT_FEED_SETTINGS, ...(stored as Partial<FeedSettings>) } : DEFAULT_FEED_SETTINGS;
  }

  productIndex(now: number): Map<string, ProductView> {
    // The listing changes at most once a day; a minute's staleness only delays a new day's rows.
    if (now - this.productsAt > 60_000 || now < this.productsAt) {
      this.products = new Map(this.gateway.products(now).map((p) => [p.id, p]));
      this.productsAt = now;
    }
    return this.products;
  }

  watchlist(userId: number, now: number): WatchlistRow[] {
    const positions = this.positions.of(userId);
    return sortProducts([...this.productIndex(now).values()]).map((p) =>
      withPosition(
        tickerRow(
          p,
          {
            trades: this.candleStore.stats('trades', p.id),
            feed: this.candleStore.stats('feed', p.id),
            book: this.gateway.book(p.id, now, 1),
          },
          this.prices,
        ),
        positions.get(p.id) ?? 0,
      ),
    );
  }

  recentTrades(productId: string | undefined, limit: number) {
    return this.folder.recent(productId, limit);
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    // Batches the trades, orders and book events of one commit into one pass.
    queueMicrotask(() => this.flush());
  }

  /** Folds new trades and publishes candle, tape, position and ticker events. */
  flush(): void {
    this.flushQueued = false;
    if (this.pendingFold) {
      this.pendingFold = false;
      try {
        this.publishFolded(this.folder.catchUp());
      } catch (err) {
        // The trades stay in their table; the next trade or start folds them in.
        console.error('[griddesk] candles could not be updated:', err);
      }
    }
    const now = this.clock.now();
    for (const productId of this.pendingTickers) this.publishTicker(productId, now);
    this.pendingTickers.clear();
  }

  private publishFolded(result: FoldedTrades): void {
    this.publishCandles('trades', result.folded);
    for (const trade of result.tape) this.bus.publish('marketdata.trade', trade, 'all');
    for (const { productId, userId, deltaKw } of result.participants) this.positions.applyTrade(userId, productId, deltaKw);
    const seen = new Set<string>();
    for (const { productId, userId } of result.participants) {
      const key = `${userId}:${productId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.bus.publish('marketdata.position', { productId, position: this.positions.inProduct(userId, productId) }, { userIds: [userId] });
    }
    for (const f of result.folded) this.pendingTickers.add(f.productId);
  }

  private publishCandles(source: CandleSource, folded: ReadonlyArray<{ productId: string; candles: ReadonlyArray<Parameters<typeof toCandleView>[0] & { resolution: string }> }>): void {
    for (const f of folded) {
      for (const c of f.candles) {
        this.bus.publish(
          'marketdata.candle',
          { productId: f.productId, resolution: c.resolution as never, source, candle: toCandleView(c) },
          'all',
        );
      }
    }
  }

  private publishTicker(productId: string, now: number): void {
    const product = this.productIndex(now).get(productId);
    if (!product) return;
    const row = tickerRow(
      product,
      {
        trades: this.candleStore.stats('trades', productId),
        feed: this.candleStore.stats('feed', productId),
        book: this.gateway.book(productId, now, 1),
      },
      this.prices,
    );
    this.bus.publish('marketdata.ticker', row, 'all');
  }

  private onFeedTick(productId: string, tick: FeedTick): void {
    let folded;
    try {
      folded = this.db.transaction(() => this.feedBook.fold([{ productId, tsMs: tick.ts, priceUnits: tick.price, quantity: tick.quantity }]))();
    } catch (err) {
      this.feedBook.reset();
      console.error('[griddesk] feed tick could not be stored:', err);
      return;
    }
    this.publishCandles('feed', folded);
    this.pendingTickers.add(productId);
    this.queueFlush();
  }

  publishFeedStatus(status: FeedStatus): void {
    const key = JSON.stringify(status);
    if (key === this.lastFeedStatus) return;
    this.lastFeedStatus = key;
    this.bus.publish('marketdata.feed', status, 'all');
  }

  publishSimulatorStatus(status: SimulatorStatus): void {
    this.lastSimulatorStatus = JSON.stringify(status);
    this.bus.publish('marketdata.simulator', status, 'all');
  }

  handlers(): PartialHandlers<MarketMethod> {
    return marketDataHandlers(this);
  }
}
