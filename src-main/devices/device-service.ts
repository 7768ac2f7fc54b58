import type {
  AlertActionResult,
  AlertView,
  BrokerStatusView,
  CommandView,
  DeliveryCheck,
  DeviceCommand,
  DeviceLogin,
  DeviceLoginsFile,
  DeviceSettingsInput,
  SettlementView,
  TelemetryResolution,
  TelemetrySeries,
} from '../../src-shared/contract/devices';
import { DEVICE_LOGINS_FORMAT } from '../../src-shared/contract/devices';
import type { EventBus } from '../api/event-bus';
import type { Recorder } from '../api/recorder';
import type { Clock } from '../core/clock';
import type { SecretBox } from '../store/secret-box';
import type { Db } from '../store/database';
import { deliveryCheck } from './commands/battery';
import { CommandService } from './commands/commands';
import { CommandsRepo } from './commands/commands-repo';
import type { Commit } from './commit';
import { DeviceJobs, type JobIntervals } from './device-jobs';
import { Alerts, type AlertAction } from './health/alerts';
import { healthPolicyOf, HealthMonitor } from './health/health';
import { Counters, type CounterName } from './mqtt/counters';
import { DeviceCredentials, issuedUsername } from './mqtt/credentials';
import { DeviceNetwork, type EmbeddedRefusals } from './mqtt/device-network';
import { MessageHandler, type IncomingMessage } from './mqtt/message-handler';
import { DeviceRegistry, type DeviceRecord, type DeviceSpec } from './registry/registry';
import { mergeSettings, SettingsRepo, settingsView, type DeviceSettings } from './registry/settings';
import { probeTcp } from './mqtt/probe';
import { fail } from '../../src-shared/domain/errors';
import { SettlementJob, settlementPolicyOf, type MeteredRecord, type SettlementQuery } from './settlement/settlement-job';
import { IngestQueue, type QueuedReading, type StoredListener } from './telemetry/ingest';
import { pickResolution, TelemetryStore } from './telemetry/telemetry-store';

/** Engineering knobs (not user settings): tests shorten them, the Core keeps the defaults. */
export interface DeviceServiceOptions extends JobIntervals {
  flushMs: number;
  minFlushMs: number;
  batchSize: number;
  aggregateEveryMs: number;
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

export interface DeviceServiceDeps {
  db: Db;
  recorder: Recorder;
  bus: EventBus;
  clock: Clock;
  /** Seals the broker password and TLS key at rest. */
  secrets: SecretBox;
  options?: Partial<DeviceServiceOptions>;
}

export type DeliveryTarget = { deviceId: number } | { site: string };

/**
 * The devices domain's operations: the registry, telemetry, commands, alerts and settlements, and
 * the MQTT network that feeds them. Changes a call makes run in the caller's `commit`; changes no call
 * made (births, answers, checks) go through the shared Recorder. `start()` once, `stop()` before the
 * database closes.
 */
export class DeviceService {
  private readonly counters = new Counters();
  private readonly settingsRepo: SettingsRepo;
  private current: DeviceSettings;
  private readonly registry: DeviceRegistry;
  private readonly store: TelemetryStore;
  private readonly ingest: IngestQueue;
  private readonly credentials: DeviceCredentials;
  private readonly alertBook: Alerts;
  private readonly health: HealthMonitor;
  private readonly settlement: SettlementJob;
  private readonly commandService: CommandService;
  private readonly handler: MessageHandler;
  private readonly network: DeviceNetwork;
  private readonly jobs: DeviceJobs;
  private readonly clock: Clock;
  private running = false;

  constructor({ db, recorder, bus, clock, secrets, options = {} }: DeviceServiceDeps) {
    const tuning = { ...DEFAULT_DEVICE_OPTIONS, ...options };
    const settings = () => this.current;
    this.clock = clock;
    this.settingsRepo = new SettingsRepo(db, secrets);
    this.current = this.settingsRepo.get();
    this.registry = new DeviceRegistry(db);
    this.store = new TelemetryStore(db);
    this.credentials = new DeviceCredentials(db);
    this.alertBook = new Alerts(db, { recorder });
    this.health = new HealthMonitor({ registry: this.registry, alerts: this.alertBook, store: this.store });
    this.settlement = new SettlementJob(db, { store: this.store, registry: this.registry, recorder });
    this.ingest = new IngestQueue(
      { db, recorder, store: this.store, registry: this.registry, counters: this.counters, now: () => clock.now() },
      { flushMs: tuning.flushMs, minFlushMs: tuning.minFlushMs, batchSize: tuning.batchSize, aggregateEveryMs: tuning.aggregateEveryMs, checkpoint: !db.memory },
    );
    this.recoverAggregates();
    const { registry, counters } = this;
    this.network = new DeviceNetwork({
      settings, registry, credentials: this.credentials, counters, recorder, bus, clock, onMessage: (message) => this.receive(message),
    });
    this.commandService = new CommandService({
      repo: new CommandsRepo(db), recorder, clock, counters, publisher: () => this.network.publisher, policy: () => this.current.commands,
    });
    this.handler = new MessageHandler({
      registry, ingest: this.ingest, commands: this.commandService, counters, clock, recorder,
      policy: () => ({
        maxPayloadBytes: this.current.ingest.maxPayloadBytes,
        maxFutureSkewMs: this.current.ingest.maxFutureSkewS * 1000,
      }),
    });
    this.jobs = new DeviceJobs(
      { clock, registry, commands: this.commandService, health: this.health, settlement: this.settlement, store: this.store, settings },
      tuning,
    );
    this.ingest.onStored((fresh) => {
      if (fresh.length > 0) this.health.checkReadings(fresh, clock.now(), healthPolicyOf(this.current));
    });
  }

  // ---- lifecycle ----

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.jobs.start();
    await this.network.start();
  }

  /** Writes what is queued and stops the timers at once (before any await), then closes the network. */
  async stop(): Promise<void> {
    this.jobs.stop();
    this.ingest.close();
    this.registry.saveSeen();
    const closed = this.network.stop();
    this.running = false;
    await closed;
  }

  /** Runs the periodic jobs now; the timer calls it, tests call it after moving a manual clock. */
  tick(): void {
    this.jobs.run();
  }

  /** Handles one message as if it came from the broker (the network calls this; tests may too). */
  receive(message: IncomingMessage): void {
    if (this.running) this.handler.handle(message);
  }

  /** Repairs what a crash left behind the raw rows (see IngestQueue.recover); runs on construction. */
  recoverAggregates(): number[] {
    return this.ingest.recover();
  }

  // ---- telemetry ----

  /** Queues a reading as if it had arrived and been validated (the load tools and tests feed these). */
  queueReading(reading: QueuedReading): void {
    this.ingest.push(reading);
  }

  /** Writes queued telemetry now, instead of on the ingest timer. */
  flush(): void {
    this.ingest.flush();
  }

  onStored(listener: StoredListener): () => void {
    return this.ingest.onStored(listener);
  }

  /** 'auto' picks the finest resolution kept for the whole range (see pickResolution). */
  telemetry(deviceId: number, from: number, to: number, resolution: TelemetryResolution | 'auto', limit: number, now: number): TelemetrySeries {
    const picked = resolution === 'auto' ? pickResolution(from, to, now, this.current.retention) : resolution;
    return { deviceId, resolution: picked, points: this.store.query(deviceId, from, to, picked, limit) };
  }

  /** Deletes telemetry older than the retention settings, as the hourly job does. */
  pruneTelemetry(now: number): number {
    return this.store.prune(this.registry.all().map((d) => d.id), now, this.current.retention);
  }

  counter(name: CounterName): number {
    return this.counters.get(name);
  }

  // ---- the registry ----

  devices(): DeviceRecord[] {
    return this.registry.all();
  }

  device(deviceId: number): DeviceRecord | undefined {
    return this.registry.byId(deviceId);
  }

  deviceAt(site: string, name: string): DeviceRecord | undefined {
    return this.registry.byKey(site, name);
  }

  addDevice(site: string, name: string, spec: DeviceSpec, now: number, commit: Commit): DeviceRecord {
    const device = commit((log, publish) => {
      const created = this.registry.insert(site, name, spec, 'manual', now, false);
      log('devices.added', { deviceId: created.id, site, name, ...spec });
      publish('devices.device', created, 'all');
      return created;
    });
    if (device.mapping) this.network.syncSubscriptions();
    return device;
  }

  /** `changes` is what the operator sent, for the log; `spec` the device's whole spec after it. */
  editDevice(deviceId: number, spec: DeviceSpec, changes: object, now: number, commit: Commit): DeviceRecord {
    const updated = commit((log, publish) => {
      const result = this.registry.update(deviceId, spec, now);
      log('devices.edited', { deviceId, changes });
      publish('devices.device', result, 'all');
      return result;
    });
    if (updated.mapping) this.network.syncSubscriptions();
    return updated;
  }

  setEnabled(deviceId: number, enabled: boolean, now: number, commit: Commit): DeviceRecord {
    return commit((log, publish) => {
      const result = this.registry.setEnabled(deviceId, enabled, now);
      log(enabled ? 'devices.enabled' : 'devices.disabled', { deviceId });
      publish('devices.device', result, 'all');
      return result;
    });
  }

  /** Queued readings are written first, so none of them outlives the device's rows. */
  removeDevice(device: DeviceRecord, commit: Commit): void {
    this.ingest.flush();
    commit((log, publish) => {
      this.registry.remove(device.id);
      log('devices.removed', { deviceId: device.id, site: device.site, name: device.name });
      publish('devices.removed', { deviceId: device.id }, 'all');
    });
  }

  /** Replaces the device's login on the embedded broker; a null password removes it. */
  async setCredentials(device: DeviceRecord, username: string, password: string | null, commit: Commit): Promise<void> {
    const hash = password === null ? null : await this.credentials.hash(password);
    commit((log) => {
      this.credentials.set(device.id, username, hash);
      log('devices.credentials', { deviceId: device.id, username, removed: hash === null });
    });
  }

  /**
   * Fresh random logins for these devices, answered once as a logins file. All or none: a device that
   * is missing, mapped, or whose user name another device holds refuses the whole batch.
   */
  issueCredentials(devices: DeviceRecord[], now: number, commit: Commit): DeviceLoginsFile {
    const issued = devices.map((device) => ({ device, username: issuedUsername(device), ...this.credentials.issue() }));
    commit((log) => {
      for (const { device, username, hash } of issued) this.credentials.set(device.id, username, hash);
      log('devices.credentials.issued', { deviceIds: devices.map((d) => d.id), usernames: issued.map((i) => i.username) });
    });
    const logins: DeviceLogin[] = issued.map(({ device, username, password }) => ({
      site: device.site,
      name: device.name,
      type: device.type,
      ratedPowerW: device.ratedPowerW,
      capacityWh: device.capacityWh,
      maxChargeW: device.maxChargeW,
      maxDischargeW: device.maxDischargeW,
      username,
      password,
    }));
    return { format: DEVICE_LOGINS_FORMAT, version: 1, issuedAt: now, brokerPort: this.network.status().embedded.port, devices: logins };
  }

  /** Which device, other than `deviceId`, holds this broker user name. */
  loginHolder(username: string, deviceId: number): number | null {
    const holder = this.credentials.holderOf(username);
    return holder === deviceId ? null : holder;
  }

  // ---- settings and the network ----

  get settings(): DeviceSettings {
    return this.current;
  }

  /** Persists the merged settings with their record (never a secret), then reconnects with them. */
  async changeSettings(input: DeviceSettingsInput, commit: Commit): Promise<void> {
    const next = mergeSettings(this.current, input);
    await refuseUnreachableBroker(this.current, next);
    commit((log) => {
      this.settingsRepo.save(next);
      this.current = next;
      log('devices.settings', settingsView(next));
    });
    await this.network.restart();
  }

  status(): BrokerStatusView {
    return this.network.status();
  }

  embeddedRefusals(): EmbeddedRefusals {
    return this.network.embeddedRefusals();
  }

  // ---- commands ----

  sendCommand(device: DeviceRecord, command: DeviceCommand, sentBy: string, commit: Commit): Promise<CommandView> {
    return this.commandService.send(device, command, sentBy, commit);
  }

  commands(deviceId: number | undefined, limit: number): CommandView[] {
    return this.commandService.list(deviceId, limit);
  }

  // ---- health alerts ----

  alerts(activeOnly: boolean, limit: number): AlertView[] {
    return this.alertBook.list(activeOnly, limit);
  }

  acknowledgeAlerts(action: AlertAction, commit: Commit): AlertActionResult {
    return this.alertBook.acknowledge(action, commit);
  }

  clearAlerts(action: AlertAction, commit: Commit): AlertActionResult {
    return this.alertBook.clearByHand(action, commit);
  }

  /** The temperature-trend check the jobs run every `trendEveryMs`, now. */
  checkTrends(now: number): void {
    this.health.checkTrends(now, healthPolicyOf(this.current));
  }

  // ---- settlement and delivery ----

  settlements(query: SettlementQuery): SettlementView[] {
    return this.settlement.list(query);
  }

  /** Settles every closed interval not yet settled, by the current settings; returns how many. */
  settleDue(now: number): number {
    return this.settlement.settleDue(now, settlementPolicyOf(this.current));
  }

  /** Site settlement records written after `afterSeq` (the chain domain mints and burns from them). */
  meteredAfter(afterSeq: number, limit: number): MeteredRecord[] {
    return this.settlement.siteRecordsAfter(afterSeq, limit);
  }

  /** Settles one interval (a no-op when it was settled before). */
  settleInterval(from: number, to: number, now: number, thresholdWh: number): SettlementView[] {
    return this.settlement.settle(from, to, now, thresholdWh);
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
}

/**
 * A broker the terminal is to connect to from now on (turned on, or moved to another host or port)
 * must answer: otherwise the plant's devices would go silent on Save. Other changes of a broker that
 * is already in use are stored even while it is down, so an outage does not lock the settings.
 */
async function refuseUnreachableBroker(before: DeviceSettings, next: DeviceSettings): Promise<void> {
  const b = next.broker;
  const moved = !before.broker.enabled || before.broker.host !== b.host || before.broker.port !== b.port;
  if (!b.enabled || !moved) return;
  const problem = await probeTcp(b.host, b.port);
  if (problem === null) return;
  fail('REJECTED', `The broker ${b.host}:${b.port} cannot be reached (${problem}); the settings were not changed.`, {
    field: 'broker.host',
    reason: 'BROKER_UNREACHABLE',
    params: { host: b.host, port: b.port, problem },
  });
}
