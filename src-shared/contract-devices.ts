/**
 * Device calls and events (MQTT registry, telemetry, commands, settlement). Spread into the contract
 * by contract.ts; kept in its own module so the domain can grow without one huge file.
 */
export const deviceCalls = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DeviceEvents {}

export const DEVICE_EVENT_NAMES: ReadonlyArray<keyof DeviceEvents> = [];
