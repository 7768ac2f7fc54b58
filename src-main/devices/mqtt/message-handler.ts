import type { Recorder } from '../../api/recorder';
import type { Clock } from '../../core/clock';
import { deviceActor } from '../commit';
import type { CommandService } from '../commands/commands';
import type { Counters } from './counters';
import type { IngestQueue, QueuedReading } from '../telemetry/ingest';
import { extractMapped, type MappedValues } from './mapping';
import {
  BirthPayloadSchema,
  CommandResponseSchema,
  parseJson,
  StatusPayloadSchema,
  TelemetryPayloadSchema,
  type BirthPayload,
  type TelemetryPayload,
} from './payloads';
import { specOf, type DeviceRecord, type DeviceRegistry, type DeviceSpec } from '../registry/registry';
import { parseDeviceTopic, type DeviceTopic } from './topics';
import { orNull, toDc, toDv, toMhz, toPm } from '../telemetry/units';

export interface IncomingMessage {
  topic: string;
  payload: Buffer;
  /** A retained message replays the last known value; it is not news that the device is alive. */
  retain: boolean;
  correlationData?: Buffer;
}

export interface HandlerPolicy {
  maxPayloadBytes: number;
  maxFutureSkewMs: number;
}

/** Readings older than this are counted as late (still stored): buffered data after an outage. */
const LATE_MS = 5 * 60_000;

/**
 * Turns one MQTT message into a registry change, a queued reading or a command answer. Everything is
 * validated first; a message that fails is counted by reason and dropped, never thrown.
 */
export class MessageHandler {
  constructor(
    private readonly deps: {
      registry: DeviceRegistry;
      ingest: IngestQueue;
      commands: CommandService;
      counters: Counters;
      clock: Clock;
      recorder: Recorder;
      policy: () => HandlerPolicy;
    },
  ) {}

  handle(message: IncomingMessage): void {
    const { counters } = this.deps;
    counters.add('received');
    if (message.payload.length > this.deps.policy().maxPayloadBytes) return counters.add('oversized');
    // An empty retained payload is how a retained topic is cleared: nothing to do.
    if (message.payload.length === 0) return;
    const topic = parseDeviceTopic(message.topic);
    if (!topic) return this.handleMapped(message);
    const json = parseJson(message.payload);
    if (!json.ok) return counters.add('malformed_json');
    switch (topic.kind) {
      case 'telemetry':
        return this.handleTelemetry(topic, json.value);
      case 'birth':
        return this.handleBirth(topic, json.value, message.retain);
      case 'status':
        return this.handleStatus(topic, json.value, message.retain);
      case 'cmd/res':
        return this.handleResponse(topic, json.value, message.correlationData);
      case 'cmd':
        return;
    }
  }

  /** On an external broker anyone may publish anywhere: a payload naming another device is refused. */
  private spoofed(topic: DeviceTopic, payload: { device?: string; site?: string }): boolean {
    const bad = (payload.device !== undefined && payload.device !== topic.device) || (payload.site !== undefined && payload.site !== topic.site);
    if (bad) this.deps.counters.add('spoofed');
    return bad;
  }

  private device(topic: DeviceTopic): DeviceRecord | null {
    const device = this.deps.registry.byKey(topic.site, topic.device);
    if (!device) {
      this.deps.counters.add('unknown_device');
      return null;
    }
    return device;
  }

  private handleTelemetry(topic: DeviceTopic, value: unknown): void {
    const parsed = TelemetryPayloadSchema.safeParse(value);
    if (!parsed.success) return this.deps.counters.add('invalid');
    if (this.spoofed(topic, parsed.data)) return;
    const device = this.device(topic);
    if (!device) return;
    if (!device.enabled) return this.deps.counters.add('disabled_device');
    this.deps.ingest.push(this.reading(device.id, parsed.data));
  }

  /**
   * Clock skew rule: a device timestamp more than `maxFutureSkewMs` ahead of the terminal's clock is
   * replaced by the arrival time and the reading is flagged `skewed`. Past timestamps are trusted
   * (late data is buffered data, not a wrong clock). A reading without a timestamp gets arrival time.
   */
  private reading(deviceId: number, t: TelemetryPayload): QueuedReading {
    const now = this.deps.clock.now();
    let ts = t.ts ?? now;
    let skewed = false;
    if (ts > now + this.deps.policy().maxFutureSkewMs) {
      ts = now;
      skewed = true;
      this.deps.counters.add('skewed');
    } else if (ts < now - LATE_MS) {
      this.deps.counters.add('late');
    }
    return {
      deviceId,
      ts,
      powerW: t.powerW ?? null,
      importWh: t.importWh ?? null,
      exportWh: t.exportWh ?? null,
      voltageDv: orNull(t.voltageV, toDv),
      frequencyMhz: orNull(t.frequencyHz, toMhz),
      socPm: orNull(t.socPct, toPm),
      tempDc: orNull(t.temperatureC, toDc),
      skewed,
      receivedAt: now,
    };
  }

  private handleBirth(topic: DeviceTopic, value: unknown, retained: boolean): void {
    const parsed = BirthPayloadSchema.safeParse(value);
    if (!parsed.success) return this.deps.counters.add('invalid');
    if (this.spoofed(topic, parsed.data)) return;
    this.deps.counters.add('birth');
    const { registry, clock, recorder } = this.deps;
    const now = clock.now();
    const actor = deviceActor(topic.site, topic.device);
    const existing = registry.byKey(topic.site, topic.device);
    const spec = specFromBirth(parsed.data, existing);
    if (!existing) {
      return recorder.commit(now, actor, (log, publish) => {
        const created = registry.insert(topic.site, topic.device, spec, 'birth', now, !retained);
        log('devices.registered', { site: topic.site, name: topic.device, ...spec });
        publish('devices.device', created, 'all');
      });
    }
    const specChanged = JSON.stringify(specOf(existing)) !== JSON.stringify(spec);
    const comesOnline = !retained && !existing.online;
    if (!specChanged && !comesOnline) {
      // A retained birth is replayed on every reconnect: it says nothing about the device being alive.
      if (!retained) registry.markSeen(existing.id, now);
      return;
    }
    recorder.commit(now, actor, (log, publish) => {
      registry.update(existing.id, spec, now);
      const updated = comesOnline ? registry.setOnline(existing.id, true, now) : registry.byId(existing.id);
      log('devices.birth', { deviceId: existing.id, ...spec });
      if (updated) publish('devices.device', updated, 'all');
    });
  }

  private handleStatus(topic: DeviceTopic, value: unknown, retained: boolean): void {
    const parsed = StatusPayloadSchema.safeParse(value);
    if (!parsed.success) return this.deps.counters.add('invalid');
    if (this.spoofed(topic, parsed.data)) return;
    this.deps.counters.add('status');
    const device = this.device(topic);
    if (!device) return;
    const online = parsed.data.state === 'online';
    const now = this.deps.clock.now();
    if (device.online === online) {
      // A heartbeat: the device is alive, nothing changed.
      if (online && !retained) this.deps.registry.markSeen(device.id, now);
      return;
    }
    this.setOnline(device, online, now);
  }

  private setOnline(device: DeviceRecord, online: boolean, now: number): void {
    this.deps.recorder.commit(now, deviceActor(device.site, device.name), (log, publish) => {
      const updated = this.deps.registry.setOnline(device.id, online, now);
      log(online ? 'devices.online' : 'devices.offline', { deviceId: device.id });
      publish('devices.device', updated, 'all');
    });
  }

  private handleResponse(topic: DeviceTopic, value: unknown, correlationData: Buffer | undefined): void {
    const parsed = CommandResponseSchema.safeParse(value);
    if (!parsed.success) return this.deps.counters.add('invalid');
    const correlation = correlationData && correlationData.length <= 64 ? correlationData.toString('utf8') : null;
    this.deps.commands.onResponse(topic.site, topic.device, parsed.data, correlation);
  }

  /** Tasmota/Shelly topics: each device whose mapping reads this topic gets a reading at arrival time. */
  private handleMapped(message: IncomingMessage): void {
    const devices = this.deps.registry.mappedOn(message.topic);
    if (devices.length === 0) return this.deps.counters.add('unknown_device');
    for (const device of devices) {
      if (!device.enabled || device.mapping === null) {
        this.deps.counters.add('disabled_device');
        continue;
      }
      const values = extractMapped(device.mapping, message.topic, message.payload);
      if (!values) {
        this.deps.counters.add('invalid');
        continue;
      }
      const telemetry = TelemetryPayloadSchema.safeParse(mappedToTelemetry(values));
      if (!telemetry.success) {
        this.deps.counters.add('invalid');
        continue;
      }
      this.deps.counters.add('mapped');
      const now = this.deps.clock.now();
      // These devices have no status topic of ours: data arriving is what tells us they are online.
      if (!device.online && !message.retain) this.setOnline(device, true, now);
      this.deps.ingest.push(this.reading(device.id, telemetry.data));
    }
  }
}

function mappedToTelemetry(values: MappedValues): Record<string, number> {
  return Object.fromEntries(Object.entries(values));
}

/** The birth message is the device's word on what it is; limits set by an operator are kept. */
function specFromBirth(b: BirthPayload, existing: DeviceRecord | undefined): DeviceSpec {
  return {
    type: b.type,
    model: b.model,
    firmware: b.firmware,
    ratedPowerW: b.ratedPowerW,
    capacityWh: b.capacityWh ?? existing?.capacityWh ?? null,
    maxChargeW: b.maxChargeW ?? existing?.maxChargeW ?? null,
    maxDischargeW: b.maxDischargeW ?? existing?.maxDischargeW ?? null,
    minSocPct: existing?.minSocPct ?? 10,
    maxSocPct: existing?.maxSocPct ?? 95,
    heartbeatS: b.heartbeatS ?? existing?.heartbeatS ?? 60,
    protocol: b.protocol ?? existing?.protocol ?? 4,
    mapping: existing?.mapping ?? null,
  };
}
