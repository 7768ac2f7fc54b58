import { join } from 'node:path';
import type { Handlers } from '../api/context';
import { auditHandlers } from '../audit/handlers';
import { EventBus } from '../api/event-bus';
import { Recorder } from '../api/recorder';
import { Router } from '../api/router';
import { AuthService, DEFAULT_AUTH_POLICY, type AuthPolicy } from '../auth/auth-service';
import { SessionsRepo } from '../auth/sessions-repo';
import { UsersRepo } from '../auth/users-repo';
import { PrefsService } from '../prefs/prefs-service';
import { openDatabase, type Db } from '../store/database';
import { lockDataDir } from '../store/data-dir-lock';
import { EventLog } from '../store/event-log';
import { terminalIdOf } from '../store/meta';
import { TradingService, type TradingOptions } from '../trading/trading-service';
import { DeviceService } from '../devices/device-service';
import { DeliveryHook } from '../delivery/delivery-hook';
import { deliveryHandlers } from '../delivery/handlers';
import { RiskService } from '../risk/risk-service';
import { tradingPort } from '../risk/trading-port';
import { MarketDataService, type MarketDataOptions } from '../marketdata/marketdata-service';
import { systemClock, type Clock } from './clock';
import { CoreConnection, type PushListener } from '../api/connection';

export const VERSION = '0.1.0';

export interface CoreOptions {
  dataDir: string;
  clock: Clock;
  authPolicy?: Partial<AuthPolicy>;
  /** better-sqlite3 built for Electron's ABI, when the core runs inside Electron. */
  nativeBinding?: string;
  /** Market-data options; the simulator runs on its own timer only on the system clock unless told otherwise. */
  marketdata?: Partial<MarketDataOptions>;
}

/** The whole terminal behind one object: every transport talks to it through `connect`. */
export class Core {
  readonly db: Db;
  readonly bus = new EventBus();
  readonly auth: AuthService;
  readonly trading: TradingService;
  readonly devices: DeviceService;
  readonly risk: RiskService;
  readonly marketdata: MarketDataService;
  private readonly router: Router;
  private readonly releaseLock: () => void;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(options: CoreOptions) {
    this.releaseLock = lockDataDir(options.dataDir);
    try {
      this.db = openDatabase(join(options.dataDir, 'griddesk.sqlite'), { nativeBinding: options.nativeBinding });
    } catch (err) {
      this.releaseLock();
      throw err;
    }
    const terminalId = terminalIdOf(this.db);
    const log = new EventLog(this.db, terminalId);
    this.auth = new AuthService(
      new UsersRepo(this.db),
      new SessionsRepo(this.db),
      this.bus,
      { ...DEFAULT_AUTH_POLICY, ...options.authPolicy },
      terminalId,
      VERSION,
    );
    this.risk = new RiskService(this.db, this.bus, options.clock, log);
    // Sells on the local market are also checked against the seller's site batteries (devices exist by the first order).
    const delivery = new DeliveryHook(this.db, log, this.bus, (target, wh, window) => this.devices.canDeliver(target, wh, window));
    const preTrade: TradingOptions['preTrade'] = (order, ctx) => {
      this.risk.preTrade(order, ctx);
      return delivery.check(order, ctx);
    };
    this.trading = new TradingService(this.db, log, this.bus, options.clock, { preTrade });
    this.risk.attach(tradingPort(this.trading.handlers(), () => options.clock.now()));
    this.devices = new DeviceService(this.db, log, this.bus, options.clock);
    this.marketdata = MarketDataService.withTrading(this.db, log, this.bus, options.clock, this.trading.handlers(), {
      autoTick: options.clock === systemClock,
      ...options.marketdata,
    });
    const handlers: Handlers = {
      ...this.auth.handlers(),
      ...new PrefsService(this.db).handlers(),
      ...this.trading.handlers(),
      ...this.devices.handlers(),
      ...this.risk.handlers(),
      ...this.marketdata.handlers(),
      ...auditHandlers(log),
      ...deliveryHandlers(delivery),
    };
    this.router = new Router({ handlers, recorder: new Recorder(this.db, log, this.bus), clock: options.clock, sessions: this.auth });
    // Connects only when an admin has configured a broker or enabled the embedded one.
    void this.devices.start();
    this.marketdata.start();
    // Gate closures and product roll-over happen on the clock, not only when someone calls.
    this.timer = setInterval(() => this.trading.onClock(), 1_000);
    this.timer.unref();
  }

  static open(options: CoreOptions): Core {
    return new Core(options);
  }

  connect(options: { trustedLocal: boolean }, push: PushListener): CoreConnection {
    return new CoreConnection(this.router, this.bus, push, options);
  }

  close(): void {
    clearInterval(this.timer);
    void this.marketdata.close();
    this.trading.close();
    this.risk.close();
    void this.devices.stop();
    this.db.close();
    this.releaseLock();
  }
}
