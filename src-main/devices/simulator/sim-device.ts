import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { z } from 'zod';
import { CommandSchema, type DeviceType } from '../../../src-shared/contract/devices';
import { noDelay } from '../mqtt/mqtt-link';
import { deviceTopic } from '../mqtt/topics';
import { daylightFactor, inverterTemperatureC, meterLoadW, windFactor, type Random } from './physics';

export interface SimDeviceSpec {
  site: string;
  name: string;
  type: DeviceType;
  ratedPowerW: number;
  capacityWh?: number;
  maxChargeW?: number;
  maxDischargeW?: number;
  initialSocPct?: number;
  protocol?: 4 | 5;
  heartbeatS?: number;
}

export interface SimConnectOptions {
  url: string;
  username?: string;
  password?: string;
  /** Answer commands (default true); false simulates a device that never replies. */
  answerCommands?: boolean;
}

const IncomingCommandSchema = z.intersection(z.object({ id: z.string().min(1).max(64) }), CommandSchema);

/**
 * One simulated device on its own MQTT connection, speaking the GridDesk namespace: retained birth and
 * status, a last will that marks it offline, QoS 1 telemetry with cumulative counters, and answers to
 * commands (MQTT 5 responseTopic/correlationData, or the id in the payload for 3.1.1).
 */
export class SimDevice {
  client: MqttClient | null = null;
  importWh = 0;
  exportWh = 0;
  socPct: number;
  powerW = 0;
  private wind = 0.5;
  private lastTs = 0;
  private plan: { mode: 'idle' | 'charge' | 'discharge' | 'setpoint'; powerW: number; until: number } = { mode: 'idle', powerW: 0, until: 0 };
  private running = true;
  /** Exact-energy accounting between readings, so counters only ever hold whole Wh. */
  private importFrac = 0;
  private exportFrac = 0;
  private lastEnergyAt: number | null = null;
  published = 0;
  commandsReceived = 0;

  constructor(
    readonly spec: SimDeviceSpec,
    private readonly random: Random = Math.random,
    private readonly now: () => number = Date.now,
  ) {
    this.socPct = spec.initialSocPct ?? 50;
  }

  topic(kind: 'birth' | 'telemetry' | 'status' | 'cmd' | 'cmd/res'): string {
    return deviceTopic(this.spec.site, this.spec.name, kind);
  }

  async connect(options: SimConnectOptions): Promise<void> {
    const protocolVersion = this.spec.protocol ?? 4;
    const opts: IClientOptions = {
      clientId: `sim-${this.spec.site}-${this.spec.name}`,
      protocolVersion,
      clean: true,
      reconnectPeriod: 200,
      connectTimeout: 5_000,
      keepalive: 30,
      will: { topic: this.topic('status'), payload: Buffer.from(JSON.stringify({ state: 'offline' })), qos: 1, retain: true },
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
    };
    const client = await mqtt.connectAsync(options.url, opts);
    this.client = client;
    noDelay(client);
    const answer = options.answerCommands ?? true;
    client.on('message', (topic, payload, packet) => {
      if (topic !== this.topic('cmd')) return;
      this.commandsReceived++;
      if (answer) this.onCommand(payload, packet.properties?.responseTopic, packet.properties?.correlationData);
    });
    await client.subscribeAsync(this.topic('cmd'), { qos: 1 });
    client.on('connect', () => {
      noDelay(client);
      void this.announce();
    });
    await this.announce();
  }

  private async announce(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const s = this.spec;
    const birth = {
      type: s.type,
      model: `sim-${s.type}`,
      firmware: '1.0.0',
      ratedPowerW: s.ratedPowerW,
      heartbeatS: s.heartbeatS ?? 60,
      protocol: s.protocol ?? 4,
      ...(s.capacityWh !== undefined ? { capacityWh: s.capacityWh } : {}),
      ...(s.maxChargeW !== undefined ? { maxChargeW: s.maxChargeW } : {}),
      ...(s.maxDischargeW !== undefined ? { maxDischargeW: s.maxDischargeW } : {}),
    };
    await client.publishAsync(this.topic('birth'), JSON.stringify(birth), { qos: 1, retain: true });
    await client.publishAsync(this.topic('status'), JSON.stringify({ state: 'online' }), { qos: 1, retain: true });
  }

  /** Moves the simulated physics to `ts` and returns the telemetry payload for it. */
  sample(requested = this.now()): Record<string, number> {
    const ts = this.nextTs(requested);
    const s = this.spec;
    this.advanceEnergy(ts);
    if (!this.running) this.powerW = 0;
    else if (s.type === 'solar') this.powerW = Math.round(s.ratedPowerW * daylightFactor(ts, this.random));
    else if (s.type === 'wind') this.powerW = Math.round(s.ratedPowerW * (this.wind = windFactor(this.wind, this.random)));
    else if (s.type === 'meter') this.powerW = meterLoadW(s.ratedPowerW, ts, this.random);
    else if (s.type === 'battery') this.powerW = this.batteryPower(ts);
    else this.powerW = 0;
    const payload: Record<string, number> = {
      ts,
      powerW: this.powerW,
      importWh: this.importWh,
      exportWh: this.exportWh,
      voltageV: Math.round((230 + (this.random() - 0.5) * 4) * 10) / 10,
      frequencyHz: Math.round((50 + (this.random() - 0.5) * 0.1) * 1000) / 1000,
    };
    if (s.type !== 'meter') payload.temperatureC = inverterTemperatureC(this.powerW, s.ratedPowerW, this.random);
    if (s.type === 'battery') payload.socPct = Math.round(this.socPct * 10) / 10;
    return payload;
  }

  async publishTelemetry(ts?: number): Promise<void> {
    const client = this.client;
    if (!client) return;
    const payload = JSON.stringify(this.sample(ts));
    this.published++;
    await client.publishAsync(this.topic('telemetry'), payload, { qos: 1 });
  }

  /** Fire-and-forget variant for load generation: resolves nothing, counts the broker's acks. */
  publishTelemetryNoWait(ts: number, onAck: (err?: Error) => void): void {
    const client = this.client;
    if (!client) return;
    this.published++;
    client.publish(this.topic('telemetry'), JSON.stringify(this.sample(ts)), { qos: 1 }, (err) => onAck(err ?? undefined));
  }

  /** The next telemetry payload at `ts`, for a publisher other than this device's own client. */
  telemetryJson(ts: number): string {
    this.published++;
    return JSON.stringify(this.sample(ts));
  }

  async heartbeat(): Promise<void> {
    await this.client?.publishAsync(this.topic('status'), JSON.stringify({ state: 'online' }), { qos: 1, retain: true });
  }

  /** Dies without DISCONNECT, so the broker publishes the last will (status offline). */
  crash(): void {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.options.reconnectPeriod = 0;
    client.stream.destroy();
    client.end(true);
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.endAsync(true);
  }

  private nextTs(requested: number): number {
    // Strictly increasing per device: the store dedupes on (device, ts), so two readings in the same
    // millisecond would be one. Real firmware must do the same (docs/mqtt-namespace.md).
    this.lastTs = Math.max(requested, this.lastTs + 1);
    return this.lastTs;
  }

  private batteryPower(ts: number): number {
    if (this.plan.mode === 'idle' || ts >= this.plan.until) {
      this.plan = { mode: 'idle', powerW: 0, until: 0 };
      return 0;
    }
    // A real battery management system stops at the ends whatever it was told.
    if (this.plan.mode === 'discharge' && this.socPct <= 5) return 0;
    if (this.plan.mode === 'charge' && this.socPct >= 100) return 0;
    return this.plan.mode === 'charge' ? -this.plan.powerW : this.plan.powerW;
  }

  private advanceEnergy(ts: number): void {
    const since = this.lastEnergyAt;
    this.lastEnergyAt = ts;
    if (since === null || ts <= since) return;
    const wh = (this.powerW * (ts - since)) / 3_600_000;
    if (wh >= 0) this.exportFrac += wh;
    else this.importFrac -= wh;
    const exp = Math.floor(this.exportFrac);
    const imp = Math.floor(this.importFrac);
    this.exportWh += exp;
    this.importWh += imp;
    this.exportFrac -= exp;
    this.importFrac -= imp;
    const capacity = this.spec.capacityWh;
    if (this.spec.type === 'battery' && capacity) this.socPct = Math.min(100, Math.max(0, this.socPct - (wh / capacity) * 100));
  }

  private onCommand(payload: Buffer, responseTopic: string | undefined, correlationData: Buffer | undefined): void {
    let parsed;
    try {
      parsed = IncomingCommandSchema.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const command = parsed.data;
    const error = this.apply(command);
    const body = JSON.stringify({ id: command.id, ok: error === null, ...(error ? { error } : {}) });
    const v5 = (this.spec.protocol ?? 4) === 5 && responseTopic !== undefined;
    void this.client
      ?.publishAsync(v5 ? responseTopic : this.topic('cmd/res'), body, {
        qos: 1,
        ...(v5 && correlationData ? { properties: { correlationData } } : {}),
      })
      .catch(() => undefined);
  }

  /** Null when applied; otherwise why the device refuses (its own limits, checked again here). */
  private apply(command: z.infer<typeof IncomingCommandSchema>): string | null {
    const now = this.now();
    switch (command.type) {
      case 'start':
        this.running = true;
        return null;
      case 'stop':
        this.running = false;
        return null;
      case 'reset_counter':
        if (command.counter !== 'export') this.importWh = 0;
        if (command.counter !== 'import') this.exportWh = 0;
        return null;
      case 'setpoint':
        if (Math.abs(command.powerW) > this.spec.ratedPowerW) return 'setpoint beyond rated power';
        this.plan = { mode: 'setpoint', powerW: command.powerW, until: Number.MAX_SAFE_INTEGER };
        return null;
      case 'charge':
      case 'discharge': {
        if (this.spec.type !== 'battery') return 'not a battery';
        const limit = command.type === 'charge' ? (this.spec.maxChargeW ?? this.spec.ratedPowerW) : (this.spec.maxDischargeW ?? this.spec.ratedPowerW);
        if (command.powerW > limit) return 'power beyond limit';
        this.plan = { mode: command.type, powerW: command.powerW, until: now + command.durationS * 1000 };
        return null;
      }
    }
  }
}
