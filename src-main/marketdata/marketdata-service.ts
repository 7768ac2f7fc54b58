import type { CandleSource, CandleView, DayAheadPoint, FeedStatus, MarketImportResult, SimulatorStatus, TapeTrade, WatchlistRow } from '../../src-shared/contract/marketdata';
import { marketAreaOf } from '../../src-shared/domain/market-areas';
import type { CallContext } from '../api/context';
import type { EventBus } from '../api/event-bus';
import type { Recorder } from '../api/recorder';
import type { UsersPort } from '../auth';
import type { Clock } from '../core/clock';
import type { CandleResolution } from '../market/candles';
import type { SecretBox } from '../store/secret-box';
import type { Db } from '../store/database';
import type { TradingPort } from '../trading';
import { CandleBook } from './candles/candle-book';
import { CandleStore, toCandleView } from './candles/candle-store';
import { TradeFolder, type FoldedTrades, type WriteFn } from './candles/trade-folder';
import type { FeedTick } from './feed/feed-ticks';
import { FeedSettingsStore } from './feed/feed-settings-store';
import { PriceFeed, type FeedSettings } from './feed/price-feed';
import { Positions } from './positions';
import type { DriverHour, ImportedPrices, PriceHistory } from './prices/port';
import { PriceHistoryReader } from './prices/price-history';
import { importDayAhead, parsePriceFile, type ParsedPriceFile, type PriceFileRequest } from './prices/price-import';
import { PriceStore } from './prices/price-store';
import type { OrderGateway } from './simulator/order-gateway';
import { SimulatorAdapter, type SimulatorSettings } from './simulator/simulator-adapter';
import { StateStore } from './state-store';
import { Uploads } from './uploads';
import { TickerBoard, withPosition } from './watchlist';

export interface MarketDataOptions {
  simulator: Partial<SimulatorSettings>;
  /**
   * Run the simulator and feed statistics on a wall-clock timer. Off under a test's manual clock,
   * where the test moves time and calls `onClock` itself.
   */
  autoTick: boolean;
  tickMs: number;
}

export interface MarketDataServiceDeps {
  db: Db;
  recorder: Recorder;
  bus: EventBus;
  clock: Clock;
  trading: TradingPort;
  users: UsersPort;
  /** How the simulator trades, and where the watchlist's products and books come from. */
  gateway: OrderGateway;
  options: MarketDataOptions;
  /** Seals the feed's password at rest. */
  secrets: SecretBox;
}

type Committer = Pick<CallContext, 'commit' | 'now'>;

/**
 * The market-data service: candles and figures from trading's trades (stored, continued after a
 * restart from the stored cursor), the watchlist, time & sales, imported day-ahead prices, the
 * simulator's market maker and the MQTT price feed, behind the `marketdata.*` calls and events.
 */
export class MarketDataService {
  private readonly state: StateStore;
  private readonly feedStore: FeedSettingsStore;
  private readonly candleStore: CandleStore;
  private readonly prices: PriceStore;
  private readonly priceHistory: PriceHistoryReader;
  private readonly positions: Positions;
  private readonly uploads = new Uploads();
  private readonly simulator: SimulatorAdapter;
  private readonly feed: PriceFeed;
  private readonly folder: TradeFolder;
  private readonly feedBook: CandleBook;
  private readonly write: WriteFn;
  private readonly bus: EventBus;
  private readonly clock: Clock;
  private readonly tickers: TickerBoard;
  private readonly options: MarketDataOptions;
  private readonly unsubscribe: Array<() => void>;
  private pendingFold = false;
  private readonly pendingTickers = new Set<string>();
  private flushQueued = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastFeedStatus = '';
  private lastSimulatorStatus = '';
  private closed = false;

  constructor(deps: MarketDataServiceDeps) {
    const { db, recorder, bus, clock, trading, gateway, options } = deps;
    this.bus = bus;
    this.clock = clock;
    this.options = options;
    // Market data's own writes carry no log entry of their own: derived candles, the simulator's set-up.
    this.write = (change) => recorder.commit(clock.now(), null, () => change());
    this.state = new StateStore(db);
    this.feedStore = new FeedSettingsStore(db, this.state, deps.secrets);
    this.candleStore = new CandleStore(db);
    this.prices = new PriceStore(db);
    this.priceHistory = new PriceHistoryReader(this.prices, trading);
    this.positions = new Positions(trading);
    this.folder = new TradeFolder(trading, this.state, new CandleBook(this.candleStore, 'trades'), this.write);
    this.feedBook = new CandleBook(this.candleStore, 'feed');
    this.tickers = new TickerBoard(gateway, this.candleStore, this.prices);
    this.simulator = new SimulatorAdapter(recorder, deps.users, this.state, gateway, {
      enabledByDefault: true,
      maker: {},
      ...options.simulator,
    });
    this.feed = new PriceFeed(clock, {
      onTick: (productId, tick) => this.onFeedTick(productId, tick),
      onStatus: (status) => this.publishFeedStatus(status),
    });
    // Trades and books are announced after their commit; trading's trades past our cursor are the truth.
    this.unsubscribe = [
      trading.onTrades(() => {
        this.pendingFold = true;
        this.queueFlush();
      }),
      bus.subscribe((name, payload) => {
        if (name !== 'trading.book.delta') return;
        this.pendingTickers.add((payload as { productId: string }).productId);
        this.queueFlush();
      }),
    ];
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
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await this.feed.stop();
  }

  candles(source: CandleSource, productId: string, resolution: CandleResolution, from: number, to: number, limit: number): CandleView[] {
    return this.candleStore.candles(source, productId, resolution, from, to, limit);
  }

  /** Stored day-ahead intervals as imported, quarters and hours alike. */
  dayAheadHistory(area: string, from: number, to: number): DayAheadPoint[] {
    return this.prices.history(marketAreaOf(area) ?? area, from, to);
  }

  /** The hourly reference history other domains read through the prices port. */
  hourlyPrices(area: string, fromMs: number, toMs: number): PriceHistory {
    return this.priceHistory.read(area, fromMs, toMs);
  }

  /** The hourly history before the end of the last known price, whatever the wall clock says. */
  latestHourlyPrices(area: string, spanMs: number, nowMs: number): PriceHistory {
    return this.priceHistory.latest(area, spanMs, nowMs);
  }

  /** Hours with known drivers, priced or not. */
  driverHours(area: string, fromMs: number, toMs: number): DriverHour[] {
    return this.priceHistory.drivers(area, fromMs, toMs);
  }

  parsePriceFile(request: PriceFileRequest): ParsedPriceFile {
    return parsePriceFile(request);
  }

  /** Inside the caller's write transaction. */
  storePrices(prices: ImportedPrices): { replaced: number } {
    return this.prices.write(prices);
  }

  importPrices(request: PriceFileRequest, ctx: Committer): MarketImportResult {
    return importDayAhead(this.prices, request, ctx);
  }

  upload(userId: number, uploadId: string | undefined, content: string, now: number): { uploadId: string; bytes: number } {
    return this.uploads.append(userId, uploadId, content, now);
  }

  takeUpload(userId: number, uploadId: string, now: number): string {
    return this.uploads.take(userId, uploadId, now);
  }

  simulatorStatus(): SimulatorStatus {
    return this.simulator.status();
  }

  async setSimulator(enabled: boolean, ctx: Committer): Promise<SimulatorStatus> {
    await this.simulator.setEnabled(enabled, ctx.now, (change) => ctx.commit((log) => (change(), log('marketdata.simulator', { enabled }))));
    const status = this.simulator.status();
    this.publishSimulatorStatus(status);
    return status;
  }

  feedStatus(): FeedStatus {
    return this.feed.status();
  }

  async configureFeed(settings: FeedSettings, ctx: Committer): Promise<FeedStatus> {
    ctx.commit((log) => {
      this.feedStore.set(settings);
      // The password stays out of the audit trail.
      log('marketdata.feed_configured', { enabled: settings.enabled, url: settings.url, site: settings.site, username: settings.username });
    });
    await this.feed.apply(settings);
    const status = this.feed.status();
    this.publishFeedStatus(status);
    return status;
  }

  feedSettings(): FeedSettings {
    return this.feedStore.get();
  }

  watchlist(userId: number, now: number): WatchlistRow[] {
    const positions = this.positions.of(userId);
    return this.tickers.rows(now).map((row) => withPosition(row, positions.get(row.productId) ?? 0));
  }

  recentTrades(productId: string | undefined, limit: number): TapeTrade[] {
    return this.folder.recent(productId, limit);
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    // Batches the trades, orders and book events of one commit into one pass.
    queueMicrotask(() => this.flush());
  }

  /** Folds new trades and publishes candle, tape, position and ticker events. */
  private flush(): void {
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
    const row = this.tickers.row(productId, now);
    if (row) this.bus.publish('marketdata.ticker', row, 'all');
  }

  private onFeedTick(productId: string, tick: FeedTick): void {
    let folded;
    try {
      folded = this.write(() => this.feedBook.fold([{ productId, tsMs: tick.ts, priceUnits: tick.price, quantity: tick.quantity }]));
    } catch (err) {
      this.feedBook.reset();
      console.error('[griddesk] feed tick could not be stored:', err);
      return;
    }
    this.publishCandles('feed', folded);
    this.pendingTickers.add(productId);
    this.queueFlush();
  }

  private publishFeedStatus(status: FeedStatus): void {
    const key = JSON.stringify(status);
    if (key === this.lastFeedStatus) return;
    this.lastFeedStatus = key;
    this.bus.publish('marketdata.feed', status, 'all');
  }

  private publishSimulatorStatus(status: SimulatorStatus): void {
    this.lastSimulatorStatus = JSON.stringify(status);
    this.bus.publish('marketdata.simulator', status, 'all');
  }
}
