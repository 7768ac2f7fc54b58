import { defineDomain, type Domain } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { Recorder } from '../api/recorder';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import { DeviceService, type DeviceServiceOptions } from './device-service';

export interface DevicesPort {
  /** Whether a site's batteries can deliver `energyWh` over a window (for delivery's pre-trade check). */
  canDeliver: DeviceService['canDeliver'];
}

export interface Devices {
  domain: Domain<'devices'>;
  port: DevicesPort;
  /** The MQTT door: a message as the broker delivers it (tests and the embedded broker feed it here). */
  receive: DeviceService['receive'];
  /** Writes queued telemetry now, instead of on the ingest timer. */
  flush(): void;
  /** The checks the devices' own timer runs (every 250 ms by default), now. */
  tick(): void;
}

/** The devices domain: the MQTT registry, telemetry, commands, health alerts and metered settlement. */
export function createDevices(deps: { db: Db; recorder: Recorder; bus: EventBus; clock: Clock; options?: Partial<DeviceServiceOptions> }): Devices {
  const service = new DeviceService(deps.db, deps.recorder, deps.bus, deps.clock, deps.options);
  return {
    domain: defineDomain('devices', {
      handlers: service.handlers(),
      // Connects only when an admin has configured a broker or enabled the embedded one.
      start: () => service.start(),
      stop: () => service.stop(),
    }),
    port: { canDeliver: (target, wh, window) => service.canDeliver(target, wh, window) },
    receive: (message) => service.receive(message),
    flush: () => service.ingest.flush(),
    tick: () => service.tick(),
  };
}
