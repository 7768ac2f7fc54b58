import { generateKeyPairSync } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { openSecretBox } from '../../src-main/store/secret-box';
import { openHarness, withAdmin, withStore, type Client, type Harness } from '../helpers/core';
import { signedByTrusted } from './helpers';

const BROKER_PASSWORD = 'brokerPw-7f3Kq9xZ';
const FEED_PASSWORD = 'feedPw-Qm8vT2nL';
const PASSPHRASE = 'rollout plant two 2026';
/** A real key, so the broker link really loads it. */
const TLS_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
/** The key's secret part: its second base64 line, past the fixed algorithm header. */
const TLS_KEY_BODY = TLS_KEY.split('\n')[2]!;

let harnesses: Harness[] = [];
let broker: PasswordBroker | undefined;
afterEach(async () => {
  for (const h of harnesses) h.close();
  harnesses = [];
  await broker?.close();
  broker = undefined;
});

interface PasswordBroker {
  port: number;
  /** Each login attempt as the broker saw it, and whether it let it in. */
  logins: Array<{ username: string | undefined; accepted: boolean }>;
  close(): Promise<void>;
}

/** An MQTT broker (3.1.1: aedes speaks no 5) on a loopback port that lets in one username with one password, and no one else. */
async function passwordBroker(username: string, password: string): Promise<PasswordBroker> {
  const aedes = await Aedes.createBroker();
  const logins: PasswordBroker['logins'] = [];
  aedes.authenticate = (_client, user, pass, done) => {
    const accepted = user === username && pass?.toString('utf8') === password;
    logins.push({ username: user, accepted });
    done(null, accepted);
  };
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    logins,
    close: () => new Promise<void>((resolve) => aedes.close(() => server.close(() => resolve()))),
  };
}

async function terminal(): Promise<{ harness: Harness; admin: Client }> {
  const harness = openHarness();
  harnesses.push(harness);
  return { harness, admin: await withAdmin(harness) };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The broker password, TLS key and feed password as the terminal stores them: sealed, and opened with its own key. */
function storedSecrets(harness: Harness): { sealed: string[]; opened: { brokerPassword: string; tlsKey: string; feedPassword: string } } {
  return withStore(harness, (db) => {
    const box = openSecretBox(db, { kind: 'key-file', dir: harness.dataDir });
    const devices = JSON.parse(db.prepare("SELECT value FROM device_settings WHERE key = 'settings'").pluck().get() as string) as { broker: { password: string; tls: { key: string } } };
    const feed = JSON.parse(db.prepare("SELECT value FROM md_state WHERE key = 'feed.settings'").pluck().get() as string) as { password: string };
    return {
      sealed: [devices.broker.password, devices.broker.tls.key, feed.password],
      opened: {
        brokerPassword: box.open(devices.broker.password, 'devices.broker.password'),
        tlsKey: box.open(devices.broker.tls.key, 'devices.broker.tls.key'),
        feedPassword: box.open(feed.password, 'marketdata.feed.password'),
      },
    };
  });
}

/** Terminal A with a broker at `port` (off unless `enabled`), a TLS key and a feed, each with its secret. */
async function configured(admin: Client, port: number, enabled: boolean): Promise<void> {
  await admin.ok('devices.settings.set', {
    broker: { enabled, host: '127.0.0.1', port, protocolVersion: 4, clientId: 'plant-a', username: 'plant', password: BROKER_PASSWORD, tls: { key: TLS_KEY } },
  });
  await admin.ok('marketdata.feed.configure', { enabled: false, url: 'mqtt://127.0.0.1:1', site: 'plant', username: 'feed', password: FEED_PASSWORD });
}

describe('secrets in the signed settings file', () => {
  it('exports no secret, neither in clear nor sealed, unless asked, and audits the export', async () => {
    const { harness, admin } = await terminal();
    await configured(admin, 1883, false);
    const text = JSON.stringify(await admin.ok('settings.export', {}));
    const { sealed } = storedSecrets(harness);
    for (const secret of [BROKER_PASSWORD, FEED_PASSWORD, TLS_KEY_BODY, ...sealed]) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).not.toHaveProperty('secrets');
    expect(JSON.parse(text)).toMatchObject({ version: 3, settings: { broker: { host: '127.0.0.1', username: 'plant', tls: { enabled: false } }, feed: { url: 'mqtt://127.0.0.1:1', username: 'feed' } } });
    const audit = await admin.ok('audit.list', {});
    expect(audit.filter((e) => e.type === 'settings.exported').at(-1)).toMatchObject({ actor: 'admin', payload: { secretsIncluded: false } });
  });

  it('carries the secrets encrypted to another terminal, where the broker link logs in with the password', async () => {
    broker = await passwordBroker('plant', BROKER_PASSWORD);
    const a = await terminal();
    await configured(a.admin, broker.port, true);
    const text = JSON.stringify(await a.admin.ok('settings.export', { includeSecrets: { passphrase: PASSPHRASE } }));
    for (const secret of [BROKER_PASSWORD, FEED_PASSWORD, TLS_KEY_BODY, PASSPHRASE]) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ secrets: { kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } } });
    const audit = await a.admin.ok('audit.list', {});
    expect(audit.filter((e) => e.type === 'settings.exported').at(-1)).toMatchObject({ actor: 'admin', payload: { secretsIncluded: true } });
    expect(JSON.stringify(audit)).not.toContain(PASSPHRASE);

    const b = await terminal();
    await b.admin.ok('settings.trust.add', { publicKey: (await a.admin.ok('settings.identity', {})).publicKey, label: 'plant A' });
    const preview = await b.admin.ok('settings.import.preview', { file: text, passphrase: PASSPHRASE });
    expect(preview.diff.filter((row) => row.secret)).toEqual([
      { area: 'broker', field: 'password', from: null, to: null, secret: true },
      { area: 'broker', field: 'tls.key', from: null, to: null, secret: true },
      { area: 'feed', field: 'password', from: null, to: null, secret: true },
    ]);
    expect(preview.diff).toContainEqual({ area: 'broker', field: 'enabled', from: false, to: true });
    await b.admin.ok('settings.import.apply', { file: text, passphrase: PASSPHRASE });

    expect(storedSecrets(b.harness).opened).toEqual({ brokerPassword: BROKER_PASSWORD, tlsKey: TLS_KEY, feedPassword: FEED_PASSWORD });
    expect((await b.admin.ok('devices.settings.get', {})).broker).toMatchObject({ clientId: 'plant-a', passwordSet: true, tls: { keySet: true } });
    // Both terminals' links log in; the broker lets in only the right password.
    await until(async () => (await b.admin.ok('devices.broker', {})).connected, "terminal B's broker link");
    expect(broker.logins.filter((l) => l.accepted)).toHaveLength(2);
    expect(broker.logins.filter((l) => !l.accepted)).toEqual([]);
    const imported = (await b.admin.ok('audit.list', {})).filter((e) => e.type === 'settings.imported').at(-1);
    for (const secret of [BROKER_PASSWORD, FEED_PASSWORD, TLS_KEY_BODY, PASSPHRASE]) expect(JSON.stringify(imported)).not.toContain(secret);
  }, 30_000);

  it('refuses a file with secrets without its passphrase, or with a wrong one, and changes nothing', async () => {
    const a = await terminal();
    await configured(a.admin, 1883, false);
    await a.admin.ok('prefs.defaults.set', { language: 'fr' });
    const text = JSON.stringify(await a.admin.ok('settings.export', { includeSecrets: { passphrase: PASSPHRASE } }));
    const b = await terminal();
    await b.admin.ok('settings.trust.add', { publicKey: (await a.admin.ok('settings.identity', {})).publicKey, label: 'plant A' });
    const settingsBefore = await b.admin.ok('devices.settings.get', {});

    expect(await b.admin.call('settings.import.preview', { file: text })).toMatchObject({ ok: false, error: { reason: 'SETTINGS_PASSPHRASE_NEEDED', field: 'passphrase' } });
    expect(await b.admin.call('settings.import.apply', { file: text, passphrase: 'not the passphrase at all' })).toMatchObject({
      ok: false,
      error: { code: 'REJECTED', reason: 'SETTINGS_PASSPHRASE_WRONG', field: 'passphrase' },
    });
    expect(await b.admin.ok('devices.settings.get', {})).toEqual(settingsBefore);
    expect((await b.admin.ok('marketdata.feed.settings', {})).passwordSet).toBe(false);
    expect((await b.admin.ok('prefs.defaults.get', {})).language).toBe('en');
  }, 30_000);

  it('puts the broker and its secrets back when a later area of the file is refused', async () => {
    const a = await terminal();
    await configured(a.admin, 1883, false);
    const exported = (await a.admin.ok('settings.export', { includeSecrets: { passphrase: PASSPHRASE } })) as unknown as Record<string, unknown>;
    const b = await terminal();
    const settingsBefore = await b.admin.ok('devices.settings.get', {});
    // A feed switched on without an address passes the file's schema; the feed domain refuses it, after the broker was written.
    const areas = exported.settings as { feed: Record<string, unknown> };
    const file = await signedByTrusted(b.admin, { ...exported, settings: { ...areas, feed: { ...areas.feed, enabled: true, url: null } } });
    expect(await b.admin.call('settings.import.apply', { file, passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { reason: 'FEED_NEEDS_URL' } });
    expect(await b.admin.ok('devices.settings.get', {})).toEqual(settingsBefore);
    expect((await b.admin.ok('marketdata.feed.settings', {})).passwordSet).toBe(false);
    // Newest first: the file's broker, then the terminal's own put back.
    const written = (await b.admin.ok('audit.list', {})).filter((e) => e.type === 'devices.settings');
    expect(written.map((e) => (e.payload as { broker: { clientId: string } }).broker.clientId)).toEqual(['griddesk-terminal', 'plant-a']);
  }, 30_000);

  it('refuses a file that asks scrypt for more memory than the bound, naming the parameter', async () => {
    const { admin } = await terminal();
    const exported = (await admin.ok('settings.export', { includeSecrets: { passphrase: PASSPHRASE } })) as unknown as { secrets: { kdf: object } };
    // 2^22 with r = 8 would take 4 GiB per attempt.
    const file = await signedByTrusted(admin, { ...exported, secrets: { ...exported.secrets, kdf: { ...exported.secrets.kdf, N: 2 ** 22 } } });
    expect(await admin.call('settings.import.preview', { file, passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', reason: 'SETTINGS_VALUE_INVALID', field: 'secrets.kdf.N' },
    });
  });

  it('refuses a passphrase shorter than 12 characters for an export', async () => {
    const { admin } = await terminal();
    expect(await admin.call('settings.export', { includeSecrets: { passphrase: 'short-pass' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'includeSecrets.passphrase' } });
  });
});
