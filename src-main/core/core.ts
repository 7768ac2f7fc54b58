import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { combineDomains, type AnyDomain } from '../api/domain';
import { CoreConnection, type ConnectionOptions, type PushListener } from '../api/connection';
import { EventBus } from '../api/event-bus';
import { Recorder } from '../api/recorder';
import type { RefusalPolicy } from '../api/refusals';
import { Router } from '../api/router';
import { SystemCaller } from '../api/system-caller';
import { createAlerts } from '../alerts';
import { CHECKPOINT_KEY_FILE, createAudit, type Audit, type AuditOptions } from '../audit';
import { createChain, type ChainOptions } from '../chain';
import { createAuth, DEFAULT_AUTH_POLICY, issueAdminUnlock, type AuthPolicy } from '../auth';
import type { SessionCheck } from '../api/router';
import { createDelivery } from '../delivery';
import { createDevices, type Devices } from '../devices';
import { createForecast } from '../forecast';
import { createHealth, type HealthOptions } from '../health';
import { createMarketData, type MarketData, type MarketDataOptions } from '../marketdata';
import { createPrefs } from '../prefs';
import { createReports } from '../reports';
import { createRisk } from '../risk';
import { createSync, type SyncOptions } from '../sync';
import { createSettings } from '../settings';
import { tracesOfTerminal } from '../store/data-dir';
import { openDatabase, StoreOpenError, type Db } from '../store/database';
import { lockDataDir } from '../store/data-dir-lock';
import { EventLog } from '../store/event-log';
import { checkAgainstMarker, readHeadMarker, writeHeadMarker, type StoreWarning } from '../store/head-marker';
import { terminalIdOf } from '../store/meta';
import { openSecretBox, SECRET_KEY_FILE, type SecretKeySource } from '../store/secret-box';
import { createTrading, type PreTradeCheck } from '../trading';
import { createUpdates, type UpdatesOptions } from '../updates';
import { systemClock, type Clock } from './clock';
import { version } from '../../package.json';

/** Hosts know no domain: the start errors they word come through the composition root. */
export { ReleaseKeyError } from '../updates';

/** The release's own version, from package.json, so a release bump cannot leave the update check comparing against an old one. */
export const VERSION: string = version;

export interface CoreOptions {
  dataDir: string;
  clock: Clock;
  authPolicy?: Partial<AuthPolicy>;
  /** better-sqlite3 built for Electron's ABI, when the core runs inside Electron. */
  nativeBinding?: string;
  /** Market-data options; the simulator runs on its own timer only on the system clock unless told otherwise. */
  marketdata?: Partial<MarketDataOptions>;
  /** The key for secrets at rest; by default `<dataDir>/secret.key`, created at first start. */
  keySource?: SecretKeySource;
  /** How often the audit trail's head is signed (see createAudit). */
  audit?: Partial<AuditOptions>;
  /** How refusals are batched and throttled per source (see RefusalLog). */
  refusals?: Partial<RefusalPolicy>;
  /** The wallets' unlock policy, keystore cost and node timeout (see createChain). */
  chain?: Partial<ChainOptions>;
  /** The sync loop's interval and batch size; attempts start by themselves only on the system clock unless told otherwise. */
  sync?: Partial<SyncOptions>;
  /** How many backups are kept (see createHealth). */
  health?: Partial<HealthOptions>;
  /** Release keys trusted beside (or instead of) the bundled ones, the check interval, size caps (see createUpdates). */
  updates?: Partial<UpdatesOptions>;
}

const DATABASE_FILE = 'griddesk.sqlite';

/**
 * The composition root: opens the store, creates each domain with the ports it needs from the
 * others, and joins their handlers behind one router. Every transport talks to the terminal through
 * `connect`; nothing else of the domains is reachable from outside.
 */
export class Core {
  private readonly db: Db;
  private readonly bus = new EventBus();
  private readonly router: Router;
  private readonly sessions: SessionCheck;
  private readonly clock: Clock;
  private readonly domains: readonly AnyDomain[];
  private readonly setupToken: () => string | null;
  private readonly devices: Devices;
  private readonly marketdata: MarketData;
  private readonly checkpointTrading: () => void;
  private readonly releaseLock: () => void;
  private readonly log: EventLog;
  private readonly dataDir: string;
  private readonly warnings: readonly StoreWarning[];
  private markedHead = -1;
  private readonly recorder: Recorder;
  private readonly audit: Audit;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(options: CoreOptions, db: Db, releaseLock: () => void) {
    this.db = db;
    this.releaseLock = releaseLock;
    this.dataDir = options.dataDir;
    const { bus } = this;
    const clock = options.clock;
    const terminalId = terminalIdOf(db);
    const log = new EventLog(db, terminalId);
    this.log = log;
    const warning = checkAgainstMarker(readHeadMarker(options.dataDir), terminalId, log.head());
    this.warnings = warning === null ? [] : [warning];
    const recorder = new Recorder(db, log, bus, options.refusals);
    this.recorder = recorder;
    const system = new SystemCaller();

    this.clock = clock;
    this.audit = createAudit({ db, log, recorder, dataDir: options.dataDir, clock, options: options.audit });
    // The secret box opens further down (after trading's replay); auth needs it only once calls arrive.
    const auth = createAuth({ db, recorder, clock, policy: options.authPolicy, terminalId, version: VERSION, dataDir: options.dataDir, secrets: () => secrets });
    this.sessions = auth.sessions;
    // Risk and delivery check every order before the engine decides; both need trading's port first.
    const checks: { preTrade?: PreTradeCheck } = {};
    const trading = createTrading({ db, log, bus, clock, preTrade: () => checks.preTrade });
    this.checkpointTrading = () => trading.checkpoint();
    // After trading rebuilt its books: a journal that cannot be replayed refuses the start before
    // anything (here: a first key and its check value) is written.
    const secrets = openSecretBox(db, options.keySource ?? { kind: 'key-file', dir: options.dataDir });
    this.marketdata = createMarketData({ db, recorder, secrets, bus, clock, trading: trading.port, users: auth.users, system, options: { autoTick: clock === systemClock, ...options.marketdata } });
    const risk = createRisk({ db, recorder, bus, clock, trading: trading.port, users: auth.users, prices: this.marketdata.prices });
    this.devices = createDevices({ db, recorder, bus, clock, secrets });
    const delivery = createDelivery({ db, recorder, trading: trading.port, users: auth.users, canDeliver: this.devices.port.canDeliver });
    checks.preTrade = (order, ctx) => {
      risk.preTrade(order, ctx);
      return delivery.preTrade(order, ctx);
    };

    const chain = createChain({ db, secrets, recorder, clock, trading: trading.port, devices: this.devices.port, delivery: delivery.port, terminalId, options: options.chain });
    const audit = this.audit;
    const health = createHealth({
      db,
      log,
      clock,
      dataDir: options.dataDir,
      databaseFile: join(options.dataDir, DATABASE_FILE),
      version: VERSION,
      nativeBinding: options.nativeBinding,
      // The Electron host's key wrapped by the OS keychain is secret.key.keychain (electron/keychain-key.ts).
      keyFiles: [SECRET_KEY_FILE, `${SECRET_KEY_FILE}.keychain`, CHECKPOINT_KEY_FILE],
      links: {
        broker: () => {
          const broker = this.devices.port.broker();
          if (broker.enabled) return broker.connected ? 'connected' : 'disconnected';
          return broker.embedded.running ? 'connected' : 'off';
        },
        feed: () => {
          const feed = this.marketdata.feed();
          if (!feed.enabled) return 'off';
          return feed.connected ? 'connected' : 'disconnected';
        },
        chain: (timeoutMs) => chain.reachability(timeoutMs),
        auditChain: () => {
          const last = audit.lastVerify();
          return last && { ok: last.verdict.ok, checkedAt: last.at, checkedTo: last.verdict.checkedTo, firstBad: last.verdict.firstBad ?? null };
        },
      },
      options: options.health,
    });

    const domains = [
      auth.domain,
      createPrefs({ db }).domain,
      createAlerts({ db, recorder, clock, trading: trading.port }).domain,
      this.audit.domain,
      health.domain,
      trading.domain,
      this.marketdata.domain,
      risk.domain,
      createForecast({ prices: this.marketdata.prices, bus, clock }).domain,
      createReports({ risk: risk.port }).domain,
      this.devices.domain,
      delivery.domain,
      chain.domain,
      createSync({ db, log, recorder, bus, clock, secrets: () => secrets, users: auth.users, system, options: { auto: clock === systemClock, ...options.sync } }).domain,
      createSettings({
        db,
        terminalId,
        secrets: () => secrets,
        now: () => clock.now(),
        system,
        // The one way to a secret in clear, for an export the admin asked to carry them encrypted.
        secretsInClear: { broker: () => this.devices.brokerSecrets(), feedPassword: () => this.marketdata.feedPassword() },
      }).domain,
      createUpdates({ db, recorder, bus, clock, dataDir: options.dataDir, version: VERSION, options: { auto: clock === systemClock, ...options.updates } }).domain,
    ] as const;
    this.domains = domains;
    const handlers = combineDomains(domains);
    this.router = new Router({ handlers, recorder, clock, sessions: auth.sessions });
    system.bind(this.router);
    this.setupToken = () => auth.pendingSetupToken();
    // The gap goes into the audit trail as well as to the host's stderr: it outlives the console.
    if (warning?.code === 'EVENTS_MISSING') db.transaction(() => log.append(clock.now(), 'system', 'store.events_missing', warning))();
    this.markHead();

    for (const domain of this.domains) void domain.start?.();
    // Gate closures and product roll-over happen on the clock, not only when someone calls.
    this.timer = setInterval(() => this.runTicks(), 1_000);
    this.timer.unref();
  }

  /**
   * Locks the data folder, opens the database and builds the domains; anything that fails on the way
   * closes what was opened, so a refused start leaves the folder as it found it.
   */
  static open(options: CoreOptions): Core {
    const lock = lockDataDir(options.dataDir, { nativeBinding: options.nativeBinding });
    let db: Db | undefined;
    try {
      const file = join(options.dataDir, DATABASE_FILE);
      refuseMissingDatabase(options.dataDir, file, lock.staleOwner);
      db = openDatabase(file, { nativeBinding: options.nativeBinding });
      return new Core(options, db, () => lock.release());
    } catch (err) {
      db?.close();
      lock.abandon();
      throw err;
    }
  }

  /** What start-up found wrong with the store but started anyway (see head-marker.ts); empty when healthy. */
  storeWarnings(): readonly StoreWarning[] {
    return this.warnings;
  }

  /** Records the log's committed head for the next start's check; a write only when it moved. */
  private markHead(): void {
    if (this.db.inTransaction) return;
    const head = this.log.head();
    if (head === this.markedHead) return;
    try {
      writeHeadMarker(this.dataDir, { terminalId: this.log.terminalId, seq: head });
      this.markedHead = head;
    } catch {
      // A full disk or a read-only folder must not stop trading; the next tick tries again, and
      // until then the check only covers less.
    }
  }

  connect(options: ConnectionOptions, push: PushListener): CoreConnection {
    return new CoreConnection(this.router, this.bus, push, options, { sessions: this.sessions, clock: this.clock });
  }

  /**
   * Issues the one-time administrator unlock link's token for the terminal on `dataDir`, running or
   * not: the host's console prints the link. Touches no database, so it works beside a running terminal.
   */
  static issueAdminUnlock(dataDir: string, now: number, validForMs = DEFAULT_AUTH_POLICY.adminUnlockMs): { token: string; expiresAt: number } {
    return { token: issueAdminUnlock(dataDir, now, validForMs), expiresAt: now + validForMs };
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
    this.markHead();
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
    this.markHead();
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
    this.markHead();
    this.db.close();
    this.releaseLock();
  }
}

/** A folder that held a terminal gets no new one in place of a deleted database: that would hand it to whoever opens the setup link. */
function refuseMissingDatabase(dir: string, file: string, staleLockOwner: number | null): void {
  if (existsSync(file)) return;
  const traces = tracesOfTerminal(dir, file, staleLockOwner);
  if (traces.length === 0) return;
  throw new StoreOpenError(
    `The data file ${file} is missing, but this folder held a terminal (${traces.map((t) => t.what).join(', ')}). ` +
      'Nothing has been changed; restore the database from a backup, or start with an empty --data folder for a new terminal.',
  );
}
