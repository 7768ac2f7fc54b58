import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CallInput, CallOutput, EventName, Events, Method } from '../../src-shared/contract';
import type { CallResult } from '../../src-shared/domain/errors';
import { ManualClock } from '../../src-main/core/clock';
import { Core, type CoreOptions } from '../../src-main/core/core';
import type { CoreConnection } from '../../src-main/api/connection';

/** 2026-11-23 10:00 Berlin: products of today and tomorrow are open. */
export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

export function tempDir(prefix = 'griddesk-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Harness {
  core: Core;
  clock: ManualClock;
  dataDir: string;
  /** `remoteAddress` plays a network peer, as the WebSocket server passes it in. */
  connect(options?: { trustedLocal?: boolean; remoteAddress?: string }): Client;
  close(): void;
}

export interface Client {
  connection: CoreConnection;
  events: Array<{ name: EventName; payload: unknown }>;
  call<M extends Method>(method: M, input: CallInput<M>): Promise<CallResult<CallOutput<M>>>;
  /** Unwraps a successful call, failing the test with the error otherwise. */
  ok<M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>>;
  raw(method: unknown, input: unknown): Promise<CallResult<unknown>>;
  eventsOf<E extends EventName>(name: E): Array<Events[E]>;
}

/** A test client over a connection whose published events land in `events`. */
export function clientOf(connection: CoreConnection, events: Client['events']): Client {
  return {
    connection,
    events,
    call: (method, input) => connection.call(method, input) as never,
    async ok(method, input) {
      const result = await connection.call(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value as never;
    },
    raw: (method, input) => connection.call(method, input),
    eventsOf: (name) => events.filter((e) => e.name === name).map((e) => e.payload) as never,
  };
}

export function openHarness(dataDir = tempDir(), clock = new ManualClock(T0), options: Partial<Pick<CoreOptions, 'authPolicy' | 'refusals' | 'chain' | 'sync' | 'updates'>> = {}): Harness {
  const core = Core.open({ dataDir, clock, ...options });
  const clients: Client[] = [];
  return {
    core,
    clock,
    dataDir,
    connect(options = {}) {
      const events: Client['events'] = [];
      const connection = core.connect({ trustedLocal: options.trustedLocal ?? false, remoteAddress: options.remoteAddress }, (name, payload) =>
        events.push({ name, payload }),
      );
      const client = clientOf(connection, events);
      clients.push(client);
      return client;
    },
    close() {
      for (const client of clients) client.connection.close();
      core.close();
    },
  };
}

export const ADMIN = { username: 'admin', displayName: 'Ada Admin', password: 'correct horse battery' };

/** A terminal with its first admin created, and that admin signed in. */
export async function withAdmin(harness: Harness): Promise<Client> {
  const admin = harness.connect();
  const token = harness.core.pendingSetupToken();
  if (!token) throw new Error('expected a fresh terminal');
  await admin.ok('auth.setup', { ...ADMIN, setupToken: token });
  return admin;
}

export async function withUser(harness: Harness, admin: Client, username: string, role: 'viewer' | 'trader' | 'operator' | 'risk_manager' | 'admin'): Promise<Client> {
  const password = `${username}-password-123`;
  await admin.ok('auth.users.create', { username, displayName: username, password, role });
  const client = harness.connect();
  await client.ok('auth.login', { username, password });
  return client;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The terminal's SQLite file through a connection of the test's own, as an operator's sqlite3 shell
 * would see it: the core keeps its store to itself, and the test inspects or damages the file.
 */
export function withStore<T>(harness: Pick<Harness, 'dataDir'>, use: (db: Database.Database) => T): T {
  const db = new Database(join(harness.dataDir, 'griddesk.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    return use(db);
  } finally {
    db.close();
  }
}
