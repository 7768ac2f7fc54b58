import { join } from 'node:path';
import { combineDomains, type AnyDomain } from '../api/domain';
import { CoreConnection, type PushListener } from '../api/connection';
import { EventBus } from '../api/event-bus';
import { Recorder } from '../api/recorder';
import type { RefusalPolicy } from '../api/refusals';
import { Router } from '../api/router';
import { SystemCaller } from '../api/system-caller';
import { createAudit, type Audit, type AuditOptions } from '../audit';
import { createAuth, type AuthPolicy } from '../auth';
import { createDelivery } from '../delivery';
import { createDevices, type Devices } from '../devices';
import { createForecast } from '../forecast';
import { createMarketData, type MarketData, type MarketDataOptions } from '../marketdata';
import { createPrefs } from '../prefs';
import { createReports } from '../reports';
import { createRisk } from '../risk';
import { openDatabase, type Db } from '../store/database';
import { lockDataDir } from '../store/data-dir-lock';
import { EventLog } from '../store/event-log';
import { terminalIdOf } from '../store/meta';
import { createTrading, type PreTradeCheck } from '../trading';
import { systemClock, type Clock } from './clock';

export const VERSION = '0.1.0';

export interface CoreOptions {
  dataDir: string;
  clock: Clock;
  authPolicy?: Partial<AuthPolicy>;
  /** better-sqlite3 built for Electron's ABI, when the core runs inside Electron. */
  nativeBinding?: string;
  /** Market-data options; the simulator runs on its own timer only on the system clock unless told otherwise. */
  marketdata?: Partial<MarketDataOptions>;
  /** How often the audit trail's head is signed (see createAudit). */
  audit?: Partial<AuditOptions>;
  /** How refusals are batched and throttled per source (see RefusalLog). */
  refusals?: Partial<RefusalPolicy>;
}

/**
 * The composition root: opens the store, creates each domain with the ports it needs from the
 * others, and joins their handlers behind one router. Every transport talks to the terminal through
 * `connect`; nothing else of the domains is reachable from outside.
 */
export class Core {
  private readonly db: Db;
  private readonly bus = new EventBus();
  private readonly router: Router;
  private readonly domains: readonly AnyDomain[];
  private readonly setupToken: () => string | null;
  private readonly devices: Devices;
  private readonly marketdata: MarketData;
  private readonly checkpointTrading: () => void;
  private readonly releaseLock: () => void;
  private readonly recorder: Recorder;
  private readonly audit: Audit;
  private readonly clock: Clock;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(options: CoreOptions) {
    this.releaseLock = lockDataDir(options.dataDir);
    try {
      this.db = openDatabase(join(options.dataDir, 'griddesk.sqlite'), { nativeBinding: options.nativeBinding });
    } catch (err) {
      this.releaseLock();
      throw err;
    }
    const { db, bus } = this;
    const clock = options.clock;
    const terminalId = terminalIdOf(db);
    const log = new EventLog(db, terminalId);
    const recorder = new Recorder(db, log, bus, options.refusals);
    this.recorder = recorder;
    this.clock = clock;
    const system = new SystemCaller();

    this.audit = createAudit({ db, log, recorder, dataDir: options.dataDir, clock, options: options.audit });
    const auth = createAuth({ db, bus, policy: options.authPolicy, terminalId, version: VERSION });
    // Risk and delivery check every order before the engine decides; both need trading's port first.
    const checks: { preTrade?: PreTradeCheck } = {};
    const trading = createTrading({ db, log, bus, clock, preTrade: () => checks.preTrade });
    this.checkpointTrading = () => trading.checkpoint();
    this.marketdata = createMarketData({ db, recorder, bus, clock, trading: trading.port, users: auth.users, system, options: { autoTick: clock === systemClock, ...options.marketdata } });
    const risk = createRisk({ db, recorder, bus, clock, trading: trading.port, users: auth.users, prices: this.marketdata.prices });
    this.devices = createDevices({ db, recorder, bus, clock });
    const delivery = createDelivery({ db, recorder, trading: trading.port, users: auth.users, canDeliver: this.devices.port.canDeliver });
    checks.preTrade = (order, ctx) => {
      risk.preTrade(order, ctx);
      return delivery.preTrade(order, ctx);
    };

    const domains = [
      auth.domain,
      createPrefs({ db }).domain,
      this.audit.domain,
      trading.domain,
      this.marketdata.domain,
      risk.domain,
      createForecast({ prices: this.marketdata.prices, bus, clock }).domain,
      createReports({ risk: risk.port }).domain,
      this.devices.domain,
      delivery.domain,
    ] as const;
    this.domains = domains;
    const handlers = combineDomains(domains);
    this.router = new Router({ handlers, recorder, clock, sessions: auth.sessions });
    system.bind(this.router);
    this.setupToken = () => auth.pendingSetupToken();

    for (const domain of this.domains) void domain.start?.();
    // Gate closures and product roll-over happen on the clock, not only when someone calls.
    this.timer = setInterval(() => this.runTicks(), 1_000);
    this.timer.unref();
  }

  static open(options: CoreOptions): Core {
    return new Core(options);
  }

  connect(options: { trustedLocal: boolean; remoteAddress?: string }, push: PushListener): CoreConnection {
    return new CoreConnection(this.router, this.bus, push, options);
  }

  /**
   * The MQTT door, beside `connect`: a message as the broker delivers it to the devices domain
   * (payloads are parsed there with their own schemas). The embedded broker and the MQTT link feed
   * it; tests use it to play a device.
   */
  receiveMqtt(message: Parameters<Devices['receive']>[0]): void {
    this.devices.receive(message);
  }

  /** Transactions the batched refusal log has committed so far: a burst of refusals costs few. */
  get refusalBatches(): number {
    return this.recorder.refusalBatches;
  }

  /** The first-run link's token while the terminal has no administrator; the hosts print it. */
  pendingSetupToken(): string | null {
    return this.setupToken();
  }

  private runTicks(): void {
    this.recorder.sweepRefusals(this.clock.now());
    for (const domain of this.domains) domain.tick?.();
  }

  /**
   * Runs clock-driven work now, as the timers would next: trading's on the core's timer (listing,
   * gate closures, expiries, auctions), the simulator's and the feed's, the devices' checks; all of
   * them, or one domain's. For a host with a manual clock, such as the tests.
   */
  async tick(only?: 'trading' | 'marketdata' | 'devices'): Promise<void> {
    if (only === undefined || only === 'trading') this.runTicks();
    if (only === undefined || only === 'devices') this.devices.tick();
    if (only === undefined || only === 'marketdata') await this.marketdata.tick();
  }

  /** Writes what is buffered to disk now: queued telemetry, a snapshot of the books, pending refusals and a signed audit checkpoint. */
  checkpoint(): void {
    this.devices.flush();
    this.checkpointTrading();
    // Last: the signed head then covers what the flushes above wrote, and the pending refusals.
    this.audit.checkpoint(this.clock.now());
  }

  close(): void {
    clearInterval(this.timer);
    for (const domain of [...this.domains].reverse()) void domain.stop?.();
    this.recorder.closeRefusals(this.clock.now());
    try {
      // Signed last, so that cutting entries off the end while the terminal is stopped is found.
      this.audit.checkpoint(this.clock.now());
    } catch (err) {
      console.error('[griddesk] the audit trail could not be checkpointed on stopping:', err);
    }
    this.db.close();
    this.releaseLock();
  }
}
