import type { DeviceType } from '../../../src-shared/contract/devices';
import type { Random } from './physics';
import { SimDevice, type SimDeviceSpec } from './sim-device';

/** mulberry32: a tiny seeded generator, so a fleet and its readings can be replayed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MIX: Array<[DeviceType, number]> = [
  ['solar', 0.4],
  ['meter', 0.3],
  ['battery', 0.2],
  ['wind', 0.1],
];

/**
 * Which MQTT version the simulated devices speak: one for all, or `mixed` (every fifth device MQTT 5,
 * the rest 3.1.1), which exercises both paths of a broker that speaks both, such as Mosquitto.
 */
export type FleetProtocol = 4 | 5 | 'mixed';

/** `count` devices over sites of 50, a realistic mix of types. */
export function fleetSpecs(count: number, random: Random, protocolChoice: FleetProtocol = 'mixed'): SimDeviceSpec[] {
  const specs: SimDeviceSpec[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    let acc = 0;
    const type = MIX.find(([, share]) => (acc += share) >= roll)?.[0] ?? 'solar';
    const site = `site-${String(Math.floor(i / 50)).padStart(3, '0')}`;
    const name = `${type}-${String(i).padStart(5, '0')}`;
    const protocol: 4 | 5 = protocolChoice === 'mixed' ? (i % 5 === 0 ? 5 : 4) : protocolChoice;
    if (type === 'battery') {
      specs.push({ site, name, type, ratedPowerW: 5_000, capacityWh: 10_000, maxChargeW: 5_000, maxDischargeW: 5_000, initialSocPct: 20 + random() * 60, protocol });
    } else {
      specs.push({ site, name, type, ratedPowerW: type === 'meter' ? 8_000 : type === 'wind' ? 20_000 : 10_000, protocol });
    }
  }
  return specs;
}

export interface FleetOptions {
  url: string;
  /** A generated fleet of this many devices, or exactly these devices (e.g. from a logins file). */
  devices: number | SimDeviceSpec[];
  seed?: number;
  protocol?: FleetProtocol;
  /** Login per device (embedded broker); none for an open broker. */
  login?: (spec: SimDeviceSpec) => { username: string; password: string };
  now?: () => number;
}

/** Many simulated devices, connected in parallel batches so a broker is not hit by 1,000 CONNECTs at once. */
export class Fleet {
  private timers: Array<ReturnType<typeof setInterval>> = [];

  private constructor(readonly devices: SimDevice[]) {}

  static async connect(options: FleetOptions): Promise<Fleet> {
    const random = seededRandom(options.seed ?? 1);
    const specs = typeof options.devices === 'number' ? fleetSpecs(options.devices, random, options.protocol) : options.devices;
    const devices = specs.map((spec) => new SimDevice(spec, random, options.now));
    for (let i = 0; i < devices.length; i += 50) {
      await Promise.all(
        devices.slice(i, i + 50).map((d) => d.connect({ url: options.url, ...(options.login ? options.login(d.spec) : {}) })),
      );
    }
    return new Fleet(devices);
  }

  /** Telemetry every `intervalMs` per device (spread over the interval) and a heartbeat every `heartbeatMs`. */
  run(intervalMs: number, heartbeatMs = 30_000): void {
    this.timers.push(
      setInterval(() => {
        for (const d of this.devices) void d.publishTelemetry().catch(() => undefined);
      }, intervalMs),
      setInterval(() => {
        for (const d of this.devices) void d.heartbeat().catch(() => undefined);
      }, heartbeatMs),
    );
  }

  /** Crashes a share of devices without DISCONNECT: the broker publishes their last will. */
  crash(share: number, random: Random = Math.random): SimDevice[] {
    const victims = this.devices.filter((d) => d.client !== null && random() < share);
    for (const d of victims) d.crash();
    return victims;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.all(this.devices.map((d) => d.stop().catch(() => undefined)));
  }
}
