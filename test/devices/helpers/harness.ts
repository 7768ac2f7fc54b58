import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceSettingsInput } from '../../../src-shared/contract/devices';
import { combineSomeDomains } from '../../../src-main/api/domain';
import { EventBus } from '../../../src-main/api/event-bus';
import { Recorder } from '../../../src-main/api/recorder';
import { Router } from '../../../src-main/api/router';
import { createAudit } from '../../../src-main/audit';
import { createAuth } from '../../../src-main/auth';
import { ManualClock, systemClock, type Clock } from '../../../src-main/core/clock';
import { CoreConnection } from '../../../src-main/api/connection';
import { createDevices, type DeviceService, type DeviceServiceOptions } from '../../../src-main/devices';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { openSecretBox } from '../../../src-main/store/secret-box';
import { EventLog } from '../../../src-main/store/event-log';
import { terminalIdOf } from '../../../src-main/store/meta';
import { clientOf, type Client } from '../../helpers/core';

/**
 * The devices domain wired the way the Core wires it (same factories, router, recorder, event log
 * and bus) with only the auth and audit domains beside it, so these tests do not depend on the
 * others. Short intervals keep tests fast.
 */
export interface DeviceHarness {
  dir: string;
  db: Db;
  log: EventLog;
  bus: EventBus;
  clock: Clock;
  devices: DeviceService;
  connect(): Client;
  admin: Client;
  userWithRole(username: string, role: 'viewer' | 'operator' | 'trader' | 'admin'): Promise<Client>;
  /** Points the terminal at a broker and waits until it is connected. */
  useBroker(url: string, extra?: DeviceSettingsInput): Promise<void>;
  close(): Promise<void>;
}

export type { Client };

export const FAST: Partial<DeviceServiceOptions> = { flushMs: 10, tickMs: 25, healthEveryMs: 0, trendEveryMs: 3_600_000 };

export async function openDeviceHarness(options: { clock?: Clock; service?: Partial<DeviceServiceOptions> } = {}): Promise<DeviceHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-devices-'));
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(dir, 'griddesk.sqlite'));
  const terminalId = terminalIdOf(db);
  const log = new EventLog(db, terminalId);
  const bus = new EventBus();
  const recorder = new Recorder(db, log, bus);
  const secrets = openSecretBox(db, { kind: 'key-file', dir });
  const auth = createAuth({ db, recorder, clock, terminalId, version: 'test', dataDir: dir, secrets: () => secrets });
  const devicesDomain = createDevices({ db, recorder, bus, clock, secrets, options: { ...FAST, ...options.service } });
  const devices = devicesDomain.service;
  const handlers = combineSomeDomains([auth.domain, createAudit({ db, log, recorder, dataDir: dir, clock }).domain, devicesDomain.domain]);
  const router = new Router({ handlers, recorder, clock, sessions: auth.sessions });
  const connections: CoreConnection[] = [];

  const connect = (): Client => {
    const events: Client['events'] = [];
    const connection = new CoreConnection(router, bus, (name, payload) => events.push({ name, payload }), { trustedLocal: false }, { sessions: auth.sessions, clock });
    connections.push(connection);
    return clientOf(connection, events);
  };

  const admin = connect();
  await admin.ok('auth.setup', {
    username: 'admin',
    displayName: 'Ada Admin',
    password: 'correct horse battery',
    setupToken: auth.pendingSetupToken() ?? '',
  });
  await devicesDomain.domain.start?.();

  const harness: DeviceHarness = {
    dir,
    db,
    log,
    bus,
    clock,
    devices,
    connect,
    admin,
    async userWithRole(username, role) {
      const password = `${username}-password-123`;
      await admin.ok('auth.users.create', { username, displayName: username, password, role });
      const client = connect();
      await client.ok('auth.login', { username, password });
      return client;
    },
    async useBroker(url, extra = {}) {
      const { hostname, port } = new URL(url);
      await admin.ok('devices.settings.set', {
        ...extra,
        broker: { enabled: true, host: hostname, port: Number(port), reconnectMinMs: 50, reconnectMaxMs: 400, ...extra.broker },
      });
      await until(() => devices.status().connected, 'the terminal to connect to the broker');
    },
    async close() {
      for (const c of connections) c.close();
      await devicesDomain.domain.stop?.();
      recorder.closeRefusals(clock.now());
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Polls until `check` holds; the message names what was awaited when it never does. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A raw MQTT client for publishing exactly what a test needs (bad payloads, spoofing, …). */
export async function rawClient(url: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
}

export { ManualClock };
