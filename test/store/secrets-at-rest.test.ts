import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSecretBox } from '../../src-main/store/secret-box';
import { ADMIN, openHarness, tempDir, withAdmin, withStore, type Harness } from '../helpers/core';
import { connectSocket, runServe, type ServeRun } from '../helpers/serve';

const BROKER_PASSWORD = 'brokerPw-7f3Kq9xZ';
const FEED_PASSWORD = 'feedPw-Qm8vT2nL';
/** A real key, so the broker link really loads it (a malformed one fails the settings call). */
const TLS_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
/** The key's secret part: its second base64 line, past the fixed algorithm header. */
const TLS_KEY_BODY = TLS_KEY.split('\n')[2]!;
const SECRETS = [BROKER_PASSWORD, FEED_PASSWORD, TLS_KEY_BODY];

let serve: ServeRun | undefined;
let harness: Harness | undefined;
let refuser: Server | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
  await new Promise((resolve) => (refuser ? refuser.close(resolve) : resolve(undefined)));
  refuser = undefined;
  harness?.close();
  harness = undefined;
});

/** Every file in the data folder (database, WAL, shm, key, lock, marker), as bytes. */
function filesOf(dir: string): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

function clearTextIn(dir: string, secrets: readonly string[]): string[] {
  return filesOf(dir).flatMap(({ name, bytes }) => secrets.filter((s) => bytes.includes(s)).map((s) => `${s} in ${name}`));
}

describe('secrets at rest', () => {
  it('stores the broker password, the TLS key and the feed password only sealed, and prints, audits and echoes none of them', async () => {
    const dataDir = tempDir();
    serve = runServe(dataDir);
    const [, url, token] = await serve.waitFor(/(http:\/\/127\.0\.0\.1:\d+)\/#\/setup\?token=([\w-]+)/);
    const socket = await connectSocket(url!);
    expect(await socket.call('auth.setup', { ...ADMIN, setupToken: token })).toMatchObject({ ok: true });
    // A port that answers and hangs up at once: the broker is reachable to Save, and every login attempt fails.
    refuser = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => refuser!.listen(0, '127.0.0.1', resolve));
    const settings = await socket.call('devices.settings.set', {
      broker: { enabled: true, host: '127.0.0.1', port: (refuser.address() as AddressInfo).port, username: 'terminal', password: BROKER_PASSWORD, tls: { enabled: true, key: TLS_KEY } },
    });
    expect(settings, JSON.stringify(settings)).toMatchObject({ ok: true, value: { broker: { passwordSet: true, tls: { keySet: true } } } });
    expect(await socket.call('marketdata.feed.configure', { enabled: true, url: 'mqtt://127.0.0.1:1', username: 'feed', password: FEED_PASSWORD })).toMatchObject({ ok: true });
    // The stored settings are read back as the terminal uses them, and every answer and audit entry stays clean.
    const answers = [settings, await socket.call('devices.settings.get', {}), await socket.call('audit.list', { limit: 1_000 }), await socket.call('marketdata.feed.status', {})];
    for (const secret of SECRETS) expect(JSON.stringify(answers)).not.toContain(secret);
    await new Promise((r) => setTimeout(r, 1_500)); // a reconnect attempt or two of both links
    socket.close();
    expect(await serve.stop()).toBe(0);

    expect(clearTextIn(dataDir, SECRETS)).toEqual([]);
    for (const secret of SECRETS) expect(serve.stdout() + serve.stderr()).not.toContain(secret);
    // Stored, sealed, and openable with the terminal's key: the scan above looked at the right bytes.
    withStore({ dataDir }, (db) => {
      const box = openSecretBox(db, { kind: 'key-file', dir: dataDir });
      const devices = JSON.parse(db.prepare("SELECT value FROM device_settings WHERE key = 'settings'").pluck().get() as string) as { broker: { password: string; tls: { key: string } } };
      expect(box.open(devices.broker.password, 'devices.broker.password')).toBe(BROKER_PASSWORD);
      expect(box.open(devices.broker.tls.key, 'devices.broker.tls.key')).toBe(TLS_KEY);
      const feed = JSON.parse(db.prepare("SELECT value FROM md_state WHERE key = 'feed.settings'").pluck().get() as string) as { password: string };
      expect(box.open(feed.password, 'marketdata.feed.password')).toBe(FEED_PASSWORD);
    });
  }, 60_000);

  it('seals clear-text secrets an older version stored, leaving no copy of them in any file', async () => {
    // A key long enough to spill onto overflow pages, which a rewrite frees rather than overwrites.
    const longKey = generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const secrets = [BROKER_PASSWORD, FEED_PASSWORD, ...longKey.split('\n').slice(2, -2)];
    const dataDir = tempDir();
    harness = openHarness(dataDir);
    await withAdmin(harness);
    harness.close();
    harness = undefined;
    // As an older GridDesk wrote them: clear text inside the settings JSON.
    const db = new Database(join(dataDir, 'griddesk.sqlite'));
    db.prepare("INSERT INTO device_settings (key, value) VALUES ('settings', ?)").run(
      JSON.stringify({ broker: { password: BROKER_PASSWORD, tls: { enabled: false, ca: null, cert: null, key: longKey, rejectUnauthorized: true } } }),
    );
    db.prepare("INSERT INTO md_state (key, value) VALUES ('feed.settings', ?)").run(JSON.stringify({ enabled: false, url: null, site: 'desk', username: 'feed', password: FEED_PASSWORD }));
    db.close();
    expect(clearTextIn(dataDir, secrets)).toHaveLength(secrets.length);

    serve = runServe(dataDir);
    await serve.ready();
    expect(await serve.stop()).toBe(0);

    expect(clearTextIn(dataDir, secrets)).toEqual([]);
    withStore({ dataDir }, (store) => {
      const box = openSecretBox(store, { kind: 'key-file', dir: dataDir });
      const devices = JSON.parse(store.prepare("SELECT value FROM device_settings WHERE key = 'settings'").pluck().get() as string) as { broker: { password: string } };
      expect(box.open(devices.broker.password, 'devices.broker.password')).toBe(BROKER_PASSWORD);
    });
  }, 60_000);

  it('creates the data folder owner-only, and its database, WAL, key and lock files 0600', async () => {
    const dataDir = join(tempDir(), 'new-folder');
    serve = runServe(dataDir);
    await serve.ready();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const names = readdirSync(dataDir);
    expect(names).toEqual(expect.arrayContaining(['griddesk.sqlite', 'griddesk.sqlite-wal', 'griddesk.sqlite-shm', 'secret.key', 'griddesk.lck']));
    for (const name of names) expect(`${name} ${(statSync(join(dataDir, name)).mode & 0o777).toString(8)}`).toBe(`${name} 600`);
  }, 60_000);

  it('closes up a folder an older version left world-readable', async () => {
    const dataDir = tempDir();
    harness = openHarness(dataDir);
    harness.close();
    harness = undefined;
    const { chmodSync } = await import('node:fs');
    chmodSync(dataDir, 0o755);
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    serve = runServe(dataDir);
    await serve.ready();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dataDir)) expect(`${name} ${(statSync(join(dataDir, name)).mode & 0o777).toString(8)}`).toBe(`${name} 600`);
  }, 60_000);
});

describe('secrets outside their fields', () => {
  it('refuses a feed URL carrying a user name and password, which would be shown and audited', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const result = await admin.call('marketdata.feed.configure', { enabled: false, url: `mqtt://feed:${FEED_PASSWORD}@127.0.0.1:1883` });
    expect(result).toMatchObject({ ok: false, error: { field: 'url' } });
    expect(JSON.stringify(await admin.ok('audit.list', { limit: 1_000 }))).not.toContain(FEED_PASSWORD);
  });
});

describe('the key for secrets', () => {
  it('with a passphrase writes no key file, and refuses a wrong or a missing passphrase with a message', async () => {
    const dataDir = tempDir();
    const passphraseFile = join(tempDir(), 'passphrase');
    writeFileSync(passphraseFile, 'correct passphrase\n');
    serve = runServe(dataDir, ['--passphrase-file', passphraseFile]);
    await serve.ready();
    expect(await serve.stop()).toBe(0);
    expect(readdirSync(dataDir)).not.toContain('secret.key');

    serve = runServe(dataDir, [], { GRIDDESK_PASSPHRASE: 'wrong passphrase' });
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toMatch(/passphrase is wrong/);
    expect(serve.stderr()).not.toContain('wrong passphrase');

    serve = runServe(dataDir);
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toMatch(/protected by a passphrase: start it with --passphrase-file/);

    serve = runServe(dataDir, [], { GRIDDESK_PASSPHRASE: 'correct passphrase' });
    await serve.ready();
  }, 60_000);

  it('refuses to start when the key file of a terminal is missing, and changes nothing', async () => {
    const dataDir = tempDir();
    harness = openHarness(dataDir);
    harness.close();
    harness = undefined;
    const { rmSync } = await import('node:fs');
    rmSync(join(dataDir, 'secret.key'));
    serve = runServe(dataDir);
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toMatch(/GridDesk cannot start: The key file .*secret\.key is missing/);
    expect(readdirSync(dataDir)).not.toContain('secret.key');
  }, 60_000);
});
