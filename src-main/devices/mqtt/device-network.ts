import { randomBytes } from 'node:crypto';
import type { BrokerStatusView, EmbeddedRefusals } from '../../../src-shared/contract/devices';
import type { EventBus } from '../../api/event-bus';
import type { Recorder } from '../../api/recorder';
import type { Clock } from '../../core/clock';
import type { Publisher } from '../commands/commands';
import type { DeviceRegistry } from '../registry/registry';
import type { DeviceSettings } from '../registry/settings';
import type { Counters } from './counters';
import type { DeviceCredentials } from './credentials';
import { EmbeddedBroker } from './embedded-broker';
import type { IncomingMessage } from './message-handler';
import { MqttLink, type LinkSettings } from './mqtt-link';

export type { EmbeddedRefusals };

const NO_REFUSALS: EmbeddedRefusals = { auth: 0, protocol: 0, publish: 0, subscribe: 0, oversized: 0 };

/**
 * The terminal's side of MQTT: the link to the configured broker, or the embedded broker and the
 * link to it, as the device settings say. Restarts are queued, so two settings changes in a row
 * never open two links; only transitions of the link are logged.
 */
export class DeviceNetwork {
  private link: MqttLink | null = null;
  private embedded: EmbeddedBroker | null = null;
  private running = false;
  private linkUp = false;
  private lastError: string | null = null;
  private pending: Promise<void> = Promise.resolve();
  /** The terminal's login on the embedded broker: random per start, never stored. */
  private readonly terminalLogin = { username: 'griddesk-terminal', password: randomBytes(24).toString('base64url') };

  constructor(
    private readonly deps: {
      settings: () => DeviceSettings;
      registry: DeviceRegistry;
      credentials: DeviceCredentials;
      counters: Counters;
      recorder: Recorder;
      bus: EventBus;
      clock: Clock;
      onMessage(message: IncomingMessage): void;
    },
  ) {}

  /** What commands publish through; null while no broker is configured. */
  get publisher(): Publisher | null {
    return this.link;
  }

  /** Connects only when an admin has configured a broker or enabled the embedded one. */
  start(): Promise<void> {
    this.running = true;
    return this.restart();
  }

  /** Records the link going down now (the Core may close the database right after), then closes. */
  stop(): Promise<void> {
    if (this.linkUp) this.onLinkStatus(false);
    this.running = false;
    this.pending = this.pending.then(() => this.close());
    return this.pending;
  }

  /** Closes what is open and opens what the current settings ask for. */
  restart(): Promise<void> {
    this.pending = this.pending.then(async () => {
      await this.close();
      if (this.running) await this.open();
      // Nothing was written: a restart is announced, not recorded (transitions of the link are).
      this.deps.bus.publish('devices.status', this.status(), 'all');
    });
    return this.pending;
  }

  /** Subscribes topics of mapped devices added or edited while connected. */
  syncSubscriptions(): void {
    this.link?.syncSubscriptions();
  }

  status(): BrokerStatusView {
    const settings = this.deps.settings();
    const b = settings.broker;
    const e = this.embedded;
    const refusedBy = this.embeddedRefusals();
    const refused = Object.values(refusedBy).reduce((sum, n) => sum + n, 0);
    return {
      connected: this.link?.connected ?? false,
      url: this.link?.url ?? (b.enabled ? `${b.tls.enabled ? 'mqtts' : 'mqtt'}://${b.host}:${b.port}` : null),
      enabled: b.enabled || settings.embedded.enabled,
      embedded: { running: e !== null, port: e?.port ?? null, clients: e?.clients ?? 0, refused, refusedBy },
      lastError: this.lastError,
      counters: this.deps.counters.snapshot(),
    };
  }

  /** Refusal counts of the embedded broker by reason (zero when it is not running). */
  embeddedRefusals(): EmbeddedRefusals {
    return { ...(this.embedded?.refused ?? NO_REFUSALS) };
  }

  private async open(): Promise<void> {
    const s = this.deps.settings();
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
            const id = await this.deps.credentials.check(username, password);
            const device = id === null ? undefined : this.deps.registry.byId(id);
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
      onMessage: (message) => this.deps.onMessage(message),
      // A link being replaced may still report its close; only the current one speaks.
      onStatus: (connected) => {
        if (this.link === link) this.onLinkStatus(connected);
      },
      extraTopics: () => this.deps.registry.mappedTopics(),
    });
    this.link = link;
    link.start();
  }

  private async close(): Promise<void> {
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
    this.linkUp = connected;
    if (!this.running) return;
    this.deps.recorder.commit(this.deps.clock.now(), null, (log, publish) => {
      log(connected ? 'devices.broker.connected' : 'devices.broker.disconnected', { url: this.link?.url ?? null });
      publish('devices.status', this.status(), 'all');
    });
  }
}
