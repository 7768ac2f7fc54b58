import type { Duplex } from 'node:stream';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Publisher } from '../commands/commands';
import type { IncomingMessage } from './message-handler';
import type { DeviceSettings } from '../registry/settings';
import { TERMINAL_SUBSCRIPTIONS } from './topics';

/** The broker part of the device settings, as the link needs it. */
export type LinkSettings = Omit<DeviceSettings['broker'], 'enabled'>;

export interface LinkHooks {
  onMessage(message: IncomingMessage): void;
  onStatus(connected: boolean): void;
  /** Topics of mapped (Tasmota/Shelly) devices, subscribed besides our namespace. */
  extraTopics(): string[];
}

/** TCP and TLS sockets both have setNoDelay; other transports (none today) simply lack it. */
export function noDelay(client: MqttClient): void {
  const stream = client.stream as { setNoDelay?: (on: boolean) => void };
  stream.setNoDelay?.(true);
}

/**
 * mqtt.js writes one PUBACK per QoS 1 message, each flushed on its own tick: at 50k messages a second
 * that is 50k small writes. Corking the socket from the arrival of a chunk until the event loop has
 * handled every packet in it sends that chunk's acknowledgements in one write.
 */
function batchAcks(client: MqttClient): void {
  const stream = client.stream as Partial<Pick<Duplex, 'cork' | 'uncork'>> & Pick<Duplex, 'prependListener'>;
  const { cork, uncork } = stream;
  if (!cork || !uncork) return;
  let corked = false;
  stream.prependListener('data', () => {
    if (corked) return;
    corked = true;
    cork.call(stream);
    setImmediate(() => {
      corked = false;
      uncork.call(stream);
    });
  });
}

/**
 * QoS 1 messages the broker may have in flight to us. Unset, MQTT 5 means 65,535, and under overload
 * the broker pushed tens of thousands at us unacknowledged and fell far behind (seen with Mosquitto
 * in bench/devices.ts). Bounded, the backlog waits in the broker's queue for our session instead; a
 * thousand still covers the acknowledgement round trip at 50k messages a second.
 */
export const RECEIVE_MAXIMUM = 1_000;

/** How long the broker keeps our session (and queues QoS 1 messages for us) while we are away. */
const SESSION_EXPIRY_S = 7 * 24 * 3600;

/**
 * The terminal's one connection to the broker: persistent session (fixed client id, clean:false) so
 * QoS 1 telemetry published while we are away is delivered when we are back; reconnect with
 * exponential backoff between `reconnectMinMs` and `reconnectMaxMs`.
 */
export class MqttLink implements Publisher {
  private client: MqttClient | null = null;
  private subscribed = new Set<string>();

  constructor(
    private readonly settings: LinkSettings,
    private readonly hooks: LinkHooks,
  ) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get protocolVersion(): 4 | 5 {
    return this.settings.protocolVersion;
  }

  get url(): string {
    return `${this.settings.tls.enabled ? 'mqtts' : 'mqtt'}://${this.settings.host}:${this.settings.port}`;
  }

  start(): void {
    const s = this.settings;
    const options: IClientOptions = {
      host: s.host,
      port: s.port,
      protocol: s.tls.enabled ? 'mqtts' : 'mqtt',
      protocolVersion: s.protocolVersion,
      clientId: s.clientId,
      clean: false,
      keepalive: s.keepaliveS,
      reconnectPeriod: s.reconnectMinMs,
      connectTimeout: 10_000,
      // We resubscribe ourselves on every connect, including mapped topics added meanwhile.
      resubscribe: false,
      // mqtt.js logs every packet through `debug`; even disabled, that costs ~2 µs a message at 50k/s.
      log: () => undefined,
      ...(s.username !== null ? { username: s.username } : {}),
      ...(s.password !== null ? { password: s.password } : {}),
      ...(s.protocolVersion === 5 ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: RECEIVE_MAXIMUM } } : {}),
      ...(s.tls.enabled
        ? {
            rejectUnauthorized: s.tls.rejectUnauthorized,
            ...(s.tls.ca !== null ? { ca: s.tls.ca } : {}),
            ...(s.tls.cert !== null ? { cert: s.tls.cert } : {}),
            ...(s.tls.key !== null ? { key: s.tls.key } : {}),
          }
        : {}),
    };
    const client = mqtt.connect(options);
    this.client = client;
    client.on('connect', () => {
      // Commands are single small packets: Nagle plus delayed ACKs would add ~40 ms to each.
      noDelay(client);
      batchAcks(client);
      // Back to the shortest delay once a connection succeeded.
      client.options.reconnectPeriod = s.reconnectMinMs;
      this.subscribed = new Set();
      this.syncSubscriptions();
      this.hooks.onStatus(true);
    });
    client.on('close', () => {
      // Each failed attempt doubles the wait, with jitter so many terminals do not retry in step.
      const current = client.options.reconnectPeriod ?? s.reconnectMinMs;
      const next = Math.min(s.reconnectMaxMs, Math.max(s.reconnectMinMs, current * 2));
      client.options.reconnectPeriod = Math.round(next * (0.8 + Math.random() * 0.4));
      this.hooks.onStatus(false);
    });
    client.on('error', () => {
      // Connection errors end in 'close' and a reconnect; nothing else to do here.
    });
    client.on('message', (topic, payload, packet) => {
      const correlationData = packet.properties?.correlationData;
      this.hooks.onMessage({ topic, payload, retain: packet.retain, ...(correlationData ? { correlationData } : {}) });
    });
  }

  /** Subscribes to topics not yet subscribed (mapped devices may be added while connected). */
  syncSubscriptions(): void {
    const client = this.client;
    if (!client?.connected) return;
    const wanted = [...TERMINAL_SUBSCRIPTIONS, ...this.hooks.extraTopics()].filter((t) => !this.subscribed.has(t));
    if (wanted.length === 0) return;
    for (const t of wanted) this.subscribed.add(t);
    client.subscribe(wanted, { qos: 1 }, (err) => {
      if (err) for (const t of wanted) this.subscribed.delete(t);
    });
  }

  async publish(topic: string, payload: string, properties?: { responseTopic: string; correlationData: Buffer }): Promise<void> {
    const client = this.client;
    if (!client?.connected) throw new Error('not connected to the broker');
    await client.publishAsync(topic, payload, { qos: 1, ...(properties ? { properties } : {}) });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeAllListeners('message');
    // Not forced: the session stays on the broker, which keeps queueing QoS 1 messages for us.
    const graceful = client.endAsync(false).catch(() => undefined);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2_000).unref());
    if ((await Promise.race([graceful, timeout])) === 'timeout') await client.endAsync(true).catch(() => undefined);
  }
}
