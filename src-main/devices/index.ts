import { defineDomain, type Domain } from '../api/domain';
import { DeviceService, type DeviceServiceDeps } from './device-service';
import { deviceHandlers } from './handlers';

export type { MeteredRecord } from './settlement/settlement-job';
export { DEFAULT_DEVICE_OPTIONS, type DeliveryTarget, type DeviceService, type DeviceServiceDeps, type DeviceServiceOptions } from './device-service';

export interface DevicesPort {
  /** Whether a site's batteries can deliver `energyWh` over a window (for delivery's pre-trade check). */
  canDeliver: DeviceService['canDeliver'];
  /** The MQTT link's and the embedded broker's state (for the health screen). */
  broker: DeviceService['status'];
  /** Each site's net energy per settled interval, after a sequence number the reader keeps (see MeteredRecord). */
  meteredAfter: DeviceService['meteredAfter'];
}

export interface Devices {
  domain: Domain<'devices'>;
  port: DevicesPort;
  /** The MQTT door: a message as the broker delivers it (tests and the embedded broker feed it here). */
  receive: DeviceService['receive'];
  /**
   * The broker password and TLS private key in clear, for the settings file's encrypted secrets
   * section only. No call answers them, and they stay off the port other domains get: the core
   * hands this to the settings domain alone.
   */
  brokerSecrets(): { password: string | null; tlsKey: string | null };
  /** Writes queued telemetry now, instead of on the ingest timer. */
  flush(): void;
  /** The checks the devices' own timer runs (every 250 ms by default), now. */
  tick(): void;
  /**
   * The domain's operations without the router, for its own tests and load tools (the bench feeds
   * readings and sends commands through it). The Core and other domains use the port.
   */
  service: DeviceService;
}

/** The devices domain: the MQTT registry, telemetry, commands, health alerts and metered settlement. */
export function createDevices(deps: DeviceServiceDeps): Devices {
  const service = new DeviceService(deps);
  const port: DevicesPort = {
    canDeliver: (target, energyWh, window) => service.canDeliver(target, energyWh, window),
    broker: () => service.status(),
    meteredAfter: (afterSeq, limit) => service.meteredAfter(afterSeq, limit),
  };
  return {
    domain: defineDomain('devices', {
      handlers: deviceHandlers(service),
      // Connects only when an admin has configured a broker or enabled the embedded one.
      start: () => service.start(),
      stop: () => service.stop(),
    }),
    port,
    receive: (message) => service.receive(message),
    brokerSecrets: () => ({ password: service.settings.broker.password, tlsKey: service.settings.broker.tls.key }),
    flush: () => service.flush(),
    tick: () => service.tick(),
    service,
  };
}
