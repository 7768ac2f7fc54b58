import mqtt, { type MqttClient } from 'mqtt';
import type { FeedDropCode, FeedStatus } from '../../../src-shared/contract/marketdata';
import type { FeedTick } from './feed-ticks';
import type { Clock } from '../../core/clock';
import { feedSubscription, parseTick } from './feed-ticks';

export interface FeedSettings {
  enabled: boolean;
  url: string | null;
  site: string;
  username: string | null;
  password: string | null;
}

export const DEFAULT_FEED_SETTINGS: FeedSettings = { enabled: false, url: null, site: 'desk', username: null, password: null };

export interface FeedHooks {
  onTick(productId: string, tick: FeedTick): void;
  onStatus(status: FeedStatus): void;
}

/**
 * Prices from a gateway over MQTT: one topic per product. Every message is parsed; one that does
 * not parse is counted and dropped before anything else sees it.
 */
export class PriceFeed {
  private client: MqttClient | null = null;
  private settings: FeedSettings = DEFAULT_FEED_SETTINGS;
  private accepted = 0;
  private dropped = 0;
  private lastDropReason: string | null = null;
  private lastDropCode: FeedDropCode | null = null;
  private lastTickAt: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly hooks: FeedHooks,
  ) {}

  status(): FeedStatus {
    return {
      enabled: this.settings.enabled,
      connected: this.client?.connected ?? false,
      url: this.settings.url,
      site: this.settings.site,
      topic: feedSubscription(this.settings.site),
      accepted: this.accepted,
      dropped: this.dropped,
      lastDropReason: this.lastDropReason,
      lastDropCode: this.lastDropCode,
      lastTickAt: this.lastTickAt,
    };
  }

  async apply(settings: FeedSettings): Promise<void> {
    await this.stop();
    this.settings = settings;
    if (!settings.enabled || settings.url === null) {
      this.hooks.onStatus(this.status());
      return;
    }
    const client = mqtt.connect(settings.url, {
      clientId: `griddesk-market-feed-${settings.site}`,
      clean: true,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      ...(settings.username !== null ? { username: settings.username } : {}),
      ...(settings.password !== null ? { password: settings.password } : {}),
    });
    this.client = client;
    client.on('connect', () => {
      client.subscribe(feedSubscription(settings.site), { qos: 0 }, () => this.hooks.onStatus(this.status()));
    });
    client.on('close', () => this.hooks.onStatus(this.status()));
    client.on('error', () => {
      // Ends in 'close' and a reconnect.
    });
    client.on('message', (topic, payload) => this.receive(topic, payload));
  }

  /** Exposed for the transport; also what a test drives when it needs no broker. */
  receive(topic: string, payload: Uint8Array): void {
    const now = this.clock.now();
    const parsed = parseTick(this.settings.site, topic, payload, now);
    if (!parsed.ok) {
      this.dropped++;
      this.lastDropReason = parsed.reason;
      this.lastDropCode = parsed.code;
      return;
    }
    this.accepted++;
    this.lastTickAt = now;
    this.hooks.onTick(parsed.productId, parsed.tick);
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeAllListeners('message');
    await client.endAsync(true).catch(() => undefined);
  }
}
