import { randomBytes } from 'node:crypto';
import type { BrokerStatusView, DeliveryCheck, LatestReading } from '../../src-shared/contract/devices';
import type { PartialHandlers } from '../api/context';
import type { EventBus } from '../api/event-bus';
import type { Recorder } from '../api/recorder';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import { Alerts } from './health/alerts';
import { deliveryCheck } from './commands/battery';
import { CommandService } from './commands/commands';
import { CommandsRepo } from './commands/commands-repo';
import { Counters } from './mqtt/counters';
import { DeviceCredentials } from './mqtt/credentials';
import { EmbeddedBroker } from './mqtt/embedded-broker';
import { deviceHandlers, type DeviceMethod } from './handlers';
import { HealthMonitor, type HealthPolicy } from './health/health';
import { IngestQueue, type StoredListener } from './telemetry/ingest';
import { MessageHandler, type IncomingMessage } from './mqtt/message-handler';
import { MqttLink, type LinkSettings } from './mqtt/mqtt-link';
import { DeviceRegistry } from './registry/registry';
import { SettlementJob, type SettlementPolicy } from './settlement/settlement-job';
import { SettingsRepo, type DeviceSettings } from './registry/settings';
import { TelemetryStore } from './telemetry/telemetry-store';
import { DAY_MS } from './telemetry/units';

/** Engineering knobs (not user settings): tests shorten them, the Core keeps the defaults. */
export interface DeviceServiceOptions {
  flushMs: number;
  minFlushMs: number;
  batchSize: number;
  aggregateEveryMs: number;
  /** Command timeouts, settlement and the cheap checks run on this tick. */
  tickMs: number;
  healthEveryMs: number;
  trendEveryMs: number;
  pruneEveryMs: number;
}

export const DEFAULT_DEVICE_OPTIONS: DeviceServiceOptions = {
  flushMs: 50,
  minFlushMs: 10,
  // Each flush rewrites about one B-tree page per active device, whatever the batch size; so under
  // heavy load a bigger batch is what keeps throughput up (measured in bench/devices.ts).
  batchSize: 5_000,
  aggregateEveryMs: 1_000,
  tickMs: 250,
  healthEveryMs: 5_000,
  trendEveryMs: 15 * 60_000,
  pruneEveryMs: 3_600_000,
};

export type DeliveryTarget = { deviceId: number } | { site: string };

/**
 * The devices domain behind one object: the Core constructs it, calls `start()` once and `stop()`
 * before closing the database, and spreads `handlers()` into the router's map.
 */
export class DeviceService {
  readonly counters = new Counters();
  readonly registry: DeviceRegistry;
  readonly store: TelemetryStore;
  readonly ingest: IngestQueue;
  readonly commands: CommandService;
  readonly settlement: SettlementJob;
  readonly alerts: Alerts;
  readonly health: HealthMonitor;
  readonly credentials: DeviceCredentials;
  private readonly settingsRepo: SettingsRepo;
  private readonly handler: MessageHandler;
  private readonly options: DeviceServiceOptions;
  private current: DeviceSettings;
  private link: MqttLink | null = null;
  private embedded: EmbeddedBroker | null = null;
  private linkUp = false;
  private lastError: string | null = null;
  private network: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private due = { health: 0, trend: 0, prune: 0 };
  /** The terminal's login on the embedded broker: random per start, never stored. */
  private readonly terminalLogin = { username: 'griddesk-terminal', password: randomBytes(24).toString('base64url') };

  constructor(
    readonly db: Db,
    private readonly recorder: Recorder,
    readonly bus: EventBus,
    readonly clock: Clock,
    options: Partial<DeviceServiceOptions> = {},
  ) {
    this.options = { ...DEFAULT_DEVICE_OPTIONS, ...options };
    this.settingsRepo = new SettingsRepo(db);
    this.current = this.settingsRepo.get();
    this.registry = new DeviceRegistry(db);
    this.store = new TelemetryStore(db);
    this.credentials = new DeviceCredentials(db);
    this.alerts = new Alerts(db, { recorder });
    this.health = new HealthMonitor({ registry: this.registry, alerts: this.alerts, store: this.store });
    this.settlement = new SettlementJob(db, { store: this.store, registry: this.registry, recorder });
    this.ingest = new IngestQueue(
      { db, recorder, store: this.store, registry: this.registry, counters: this.counters, now: () => clock.now() },
      { flushMs: this.options.flushMs, minFlushMs: this.options.minFlushMs, batchSize: this.options.batchSize, aggregateEveryMs: this.options.aggregateEveryMs, checkpoint: !db.memory },
    );
    this.recoverAggregates();
    this.commands = new CommandService({
      repo: new CommandsRepo(db),
      recorder,
      clock,
      counters: this.counters,
      publisher: () => this.link,
      policy: () => this.current.commands,
    });
    this.handler = new MessageHandler({
      registry: this.registry,
      ingest: this.ingest,
      commands: this.commands,
      counters: this.counters,
      clock,
      recorder,
      policy: () => ({
        maxPayloadBytes: this.current.ingest.maxPayloadBytes,
        maxFutureSkewMs: this.current.ingest.maxFutureSkewS * 1000,
      }),
    });
    this.ingest.onStored((fresh) => {
      if (fresh.length > 0) this.health.checkReadings(fresh, clock.now(), this.healthPolicy());
    });
  }

  /** A crash may leave aggregates and latest values behind committed raw rows; see TelemetryStore.recover. */
  private recoverAggregates(): void {
    const latest = new Map<number, LatestReading>();
    for (const id of this.store.recover()) {
      const newest = this.store.newest(id);
      if (newest) latest.set(id, newest);
    }
    if (latest.size === 0) return;
    this.db.transaction(() => {
      for (const [id, reading] of latest) this.registry.writeLatest(id, reading, reading.ts);
    })();
    for (const [id, reading] of latest) this.registry.applyLatest(new Map([[id, reading]]), reading.ts);
  }

  get settings(): DeviceSettings {
    return this.current;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
    await this.restartNetwork();
  }

  /** Writes what is queued and stops the timers at once (before any await), then closes the network. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.ingest.close();
    this.registry.saveSeen();
    // Recorded now: the Core may close the database right after this call returns its promise.
    if (this.linkUp) this.onLinkStatus(false);
    this.running = false;
    this.network = this.network.then(() => this.closeNetwork());
    await this.network;
  }

  /** Persists new settings (the caller logs them) and reconnects with them. */
  replaceSettings(next: DeviceSettings): void {
    this.settingsRepo.save(next);
    this.current = next;
  }

  restartNetwork(): Promise<void> {
    this.network = this.network.then(async () => {
      await this.closeNetwork();
      if (this.running) await this.openNetwork();
      this.publishStatus();
    });
    return this.network;
  }

  /** Subscribes topics of mapped devices added or edited while connected. */
  syncSubscriptions(): void {
    this.link?.syncSubscriptions();
  }

  /** Handles one message as if it came from the broker (the link calls this; tests may too). */
  receive(message: IncomingMessage): void {
    if (this.running) this.handler.handle(message);
  }

  handlers(): PartialHandlers<DeviceMethod> {
    return deviceHandlers(this);
  }

  onStored(listener: StoredListener): () => void {
    return this.ingest.onStored(listener);
  }

  /** Runs the periodic jobs now; the tick calls it, tests call it after moving a manual clock. */
  tick(): void {
    const now = this.clock.now();
    this.registry.saveSeen();
    this.commands.sweep();
    if (now >= this.due.health) {
      this.due.health = now + this.options.healthEveryMs;
      this.health.checkDevices(now, this.healthPolicy());
    }
    if (now >= this.due.trend) {
      this.due.trend = now + this.options.trendEveryMs;
      this.health.checkTrends(now, this.healthPolicy());
    }
    this.settlement.settleDue(now, this.settlementPolicy());
    if (now >= this.due.prune) {
      this.due.prune = now + this.options.pruneEveryMs;
      this.store.prune(this.registry.all().map((d) => d.id), now, this.current.retention);
    }
  }

  status(): BrokerStatusView {
    const b = this.current.broker;
    const e = this.embedded;
    const refused = e ? e.refused.auth + e.refused.publish + e.refused.subscribe + e.refused.oversized : 0;
    return {
      connected: this.link?.connected ?? false,
      url: this.link?.url ?? (b.enabled ? `${b.tls.enabled ? 'mqtts' : 'mqtt'}://${b.host}:${b.port}` : null),
      enabled: b.enabled || this.current.embedded.enabled,
      embedded: { running: e !== null, port: e?.port ?? null, clients: e?.clients ?? 0, refused },
      lastError: this.lastError,
      counters: this.counters.snapshot(),
    };
  }

  /** Refusal counts of the embedded broker by reason (zero when it is not running). */
  embeddedRefusals(): { auth: number; publish: number; subscribe: number; oversized: number } {
    return { ...(this.embedded?.refused ?? { auth: 0, publish: 0, subscribe: 0, oversized: 0 }) };
  }

  /**
   * For the trading side: could the batteries of one device or one site deliver `energyWh` over the
   * window? The verdict is 'ok', or 'warn'/'refuse' by the admin's `battery.deliveryCheck` setting.
   */
  canDeliver(target: DeliveryTarget, energyWh: number, window: { from: number; to: number }): DeliveryCheck {
    const batteries = this.registry.all().filter((d) => ('deviceId' in target ? d.id === target.deviceId : d.site === target.site));
    return deliveryCheck(batteries, energyWh, window, this.clock.now(), {
      mode: this.current.battery.deliveryCheck,
      socMaxAgeMs: this.current.battery.socMaxAgeS * 1000,
    });
  }

  private healthPolicy(): HealthPolicy {
    const h = this.current.health;
    return { staleMs: h.staleS * 1000, heartbeatMissFactor: h.heartbeatMissFactor, maxTemperatureC: h.maxTemperatureC, trendSigma: h.trendSigma };
  }

  settlementPolicy(): SettlementPolicy {
    const s = this.current.settlement;
    return {
      intervalMs: s.intervalMin * 60_000,
      thresholdWh: s.thresholdWh,
      graceMs: s.graceS * 1000,
      maxBackfillMs: this.current.retention.rawDays * DAY_MS,
    };
  }

  private async openNetwork(): Promise<void> {
    const s = this.current;
    this.lastError = null;
    let linkSettings: LinkSettings | null = s.broker.enabled ? s.broker : null;
    if (s.embedded.enabled) {
      try {
        this.embedded = await EmbeddedBroker.start({
          host: s.embedded.host,
          port: s.embedded.port,
          maxPayloadBytes: s.ingest.maxPayloadBytes,
          terminal: this.terminalLogin,
          authenticateDevice: async (username, password) => {
            const id = await this.credentials.check(username, password);
            const device = id === null ? undefined : this.registry.byId(id);
            if (!device || !device.enabled) return null;
            return { kind: 'device', site: device.site, name: device.name, mappedTopics: device.mapping?.entries.map((e) => e.topic) ?? [] };
          },
        });
      } catch (err) {
        this.lastError = `The embedded broker could not start on ${s.embedded.host}:${s.embedded.port}: ${(err as Error).message}`;
      }
      // With the embedded broker on, the terminal talks to it (aedes speaks MQTT 3.1.1 only).
      linkSettings = this.embedded
        ? {
            ...s.broker,
            host: '127.0.0.1',
            port: this.embedded.port,
            protocolVersion: 4,
            username: this.terminalLogin.username,
            password: this.terminalLogin.password,
            tls: { ...s.broker.tls, enabled: false },
          }
        : null;
    }
    if (!linkSettings) return;
    const link: MqttLink = new MqttLink(linkSettings, {
      onMessage: (message) => this.receive(message),
      // A link being replaced may still report its close; only the current one speaks.
      onStatus: (connected) => {
        if (this.link === link) this.onLinkStatus(connected);
      },
      extraTopics: () => this.registry.mappedTopics(),
    });
    this.link = link;
    link.start();
  }

  private async closeNetwork(): Promise<void> {
    const link = this.link;
    const embedded = this.embedded;
    this.link = null;
    this.embedded = null;
    if (link) await link.stop();
    if (embedded) await embedded.stop();
    if (this.linkUp) this.onLinkStatus(false);
  }

  /** Only transitions are logged: a broker that stays down must not fill the log with retries. */
  private onLinkStatus(connected: boolean): void {
    if (connected === this.linkUp || (!this.running && connected)) return;
    if (!this.running) {
      this.linkUp = connected;
      return;
    }
    this.linkUp = connected;
    this.recorder.commit(this.clock.now(), null, (log, publish) => {
      log(connected ? 'devices.broker.connected' : 'devices.broker.disconnected', { url: this.link?.url ?? null });
      publish('devices.status', this.status(), 'all');
    });
  }

  private publishStatus(): void {
    this.bus.publish('devices.status', this.status(), 'all');
  }
}
