import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { version as VERSION } from '../../package.json';
import { ManualClock } from '../../src-main/core/clock';
import { openHarness, removeDir, T0, tempDir, withAdmin, withStore, withUser, type Client, type Harness } from '../helpers/core';
import { manifestFor, releaseKey, signatureOf, startChannel, type ReleaseChannel } from './release-channel';

const trusted = releaseKey();
const stranger = releaseKey();
const FILE = randomBytes(300_000);
const NAME = 'GridDesk-0.2.0.AppImage';

let harness: Harness | undefined;
let channel: ReleaseChannel | undefined;
const dirs: string[] = [];
afterEach(async () => {
  harness?.close();
  harness = undefined;
  await channel?.close();
  channel = undefined;
  for (const dir of dirs.splice(0)) removeDir(dir);
});

/** A terminal on the Linux manifest trusting only the test's release key. */
function open(dataDir = tempDir()): Harness {
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  harness = openHarness(dataDir, new ManualClock(T0), { updates: { extraKeys: [trusted.publicPem], replaceBundledKeys: true, platform: 'linux', timeoutMs: 2_000 } });
  return harness;
}

async function adminOnChannel(): Promise<Client> {
  const admin = await withAdmin(open());
  channel = await startChannel();
  await admin.ok('updates.settings.set', { feedUrl: channel.url, autoCheck: false });
  return admin;
}

function auditTypes(h: Harness): string[] {
  return withStore(h, (db) => db.prepare("SELECT type FROM events WHERE type LIKE 'updates.%' ORDER BY seq").pluck().all() as string[]);
}

const updatesFolder = () => join(harness!.dataDir, 'updates');

describe('signed self-updates', () => {
  it('finds a newer signed version, downloads it 0600 with progress, and says a restart installs it', async () => {
    const admin = await adminOnChannel();
    channel!.publish('0.2.0', FILE, trusted);
    const checked = await admin.ok('updates.check', {});
    expect(checked.lastCheck?.outcome).toBe('available');
    expect(checked.available).toEqual({ version: '0.2.0', releaseDate: '2026-12-01T09:30:00.000Z', fileName: NAME, bytes: FILE.length });
    expect(checked.restartNeeded).toBe(false);

    const staged = await admin.ok('updates.download', {});
    expect(staged.staged).toMatchObject({ version: '0.2.0', fileName: NAME, bytes: FILE.length });
    expect(staged.restartNeeded).toBe(true);
    expect(staged.available).toBeNull();
    const file = join(updatesFolder(), NAME);
    expect(readFileSync(file).equals(FILE)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(updatesFolder()).sort()).toEqual([NAME, 'staged.json'].sort());
    expect(admin.eventsOf('updates.status').some((s) => s.downloading !== null && s.downloading.total === FILE.length)).toBe(true);
    expect(auditTypes(harness!)).toEqual(['updates.settings_set', 'updates.checked', 'updates.staged']);
  });

  it('checks by itself once the interval has passed when an administrator turned automatic checks on, and not before', async () => {
    const clock = new ManualClock(T0);
    const dataDir = tempDir();
    dirs.push(dataDir);
    harness = openHarness(dataDir, clock, { updates: { auto: true, intervalMs: 3_600_000, extraKeys: [trusted.publicPem], replaceBundledKeys: true, platform: 'linux', timeoutMs: 2_000 } });
    const admin = await withAdmin(harness);
    channel = await startChannel();
    channel.publish('0.2.0', FILE, trusted);
    await admin.ok('updates.settings.set', { feedUrl: channel.url, autoCheck: true });
    // The first tick checks at once: no check is on record yet.
    await harness.core.tick('trading');
    await expect.poll(async () => (await admin.ok('updates.status', {})).available?.version, { timeout: 5_000 }).toBe('0.2.0');
    const firstCheck = (await admin.ok('updates.status', {})).lastCheck!.at;
    clock.advance(3_599_000);
    await harness.core.tick('trading');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await admin.ok('updates.status', {})).lastCheck!.at).toBe(firstCheck);
    clock.advance(1_000);
    await harness.core.tick('trading');
    await expect.poll(async () => (await admin.ok('updates.status', {})).lastCheck!.at, { timeout: 5_000 }).toBe(T0 + 3_600_000);
    expect(auditTypes(harness).filter((t) => t === 'updates.checked')).toHaveLength(2);
  });

  it('refuses a manifest signed by a key the terminal does not trust, and offers nothing', async () => {
    const admin = await adminOnChannel();
    channel!.publish('0.2.0', FILE, stranger);
    const refused = await admin.call('updates.check', {});
    expect(refused.ok || refused.error.reason).toBe('UPDATE_SIGNATURE_BAD');
    const status = await admin.ok('updates.status', {});
    expect(status.available).toBeNull();
    expect(status.lastCheck).toMatchObject({ outcome: 'refused', refusal: { reason: 'UPDATE_SIGNATURE_BAD' } });
    expect(auditTypes(harness!)).toContain('updates.check_refused');
  });

  it('refuses a manifest changed after it was signed', async () => {
    const admin = await adminOnChannel();
    channel!.publish('0.2.0', FILE, trusted);
    const evil = randomBytes(1000);
    // Same signature, a manifest that now points at another file.
    channel!.files.set('latest-linux.yml', manifestFor('0.2.0', NAME, evil));
    channel!.files.set(NAME, evil);
    const refused = await admin.call('updates.check', {});
    expect(refused.ok || refused.error.reason).toBe('UPDATE_SIGNATURE_BAD');
  });

  it('refuses a validly signed manifest that is not a manifest, naming the field', async () => {
    const admin = await adminOnChannel();
    const manifest = Buffer.from(JSON.stringify({ version: 'two', files: [] }));
    channel!.files.set('latest-linux.yml', manifest);
    channel!.files.set('latest-linux.yml.sig', signatureOf(manifest, trusted));
    const refused = await admin.call('updates.check', {});
    expect(refused.ok || [refused.error.reason, refused.error.params?.field]).toEqual(['UPDATE_MANIFEST_INVALID', 'version']);
  });

  it('refuses a swapped file by its hash and stages nothing', async () => {
    const admin = await adminOnChannel();
    channel!.publish('0.2.0', FILE, trusted);
    await admin.ok('updates.check', {});
    const swapped = Buffer.from(FILE);
    swapped[1234] = swapped[1234]! ^ 0xff;
    channel!.files.set(NAME, swapped);
    const refused = await admin.call('updates.download', {});
    expect(refused.ok || refused.error.reason).toBe('UPDATE_HASH_MISMATCH');
    const status = await admin.ok('updates.status', {});
    expect(status.staged).toBeNull();
    expect(status.restartNeeded).toBe(false);
    expect(status.lastDownloadRefusal?.reason).toBe('UPDATE_HASH_MISMATCH');
    expect(readdirSync(updatesFolder())).toEqual([]);
    expect(auditTypes(harness!)).toContain('updates.download_refused');
  });

  it('stops reading a file that runs past the size the manifest gives', async () => {
    const admin = await adminOnChannel();
    channel!.publish('0.2.0', FILE, trusted);
    await admin.ok('updates.check', {});
    channel!.files.set(NAME, Buffer.concat([FILE, randomBytes(10)]));
    const refused = await admin.call('updates.download', {});
    expect(refused.ok || refused.error.reason).toBe('UPDATE_FILE_TOO_LARGE');
    expect(readdirSync(updatesFolder())).toEqual([]);
  });

  it('names a channel that does not answer', async () => {
    const admin = await adminOnChannel();
    await channel!.close();
    channel = undefined;
    const refused = await admin.call('updates.check', {});
    expect(refused.ok || [refused.error.reason, refused.error.params?.context]).toEqual(['UPDATE_FEED_UNREACHABLE', 'no_connection']);
  });

  it('calls a channel without a manifest unreachable too, with its HTTP status', async () => {
    const admin = await adminOnChannel();
    const refused = await admin.call('updates.check', {});
    expect(refused.ok || [refused.error.reason, refused.error.params?.context, refused.error.params?.status]).toEqual(['UPDATE_FEED_UNREACHABLE', 'http', 404]);
  });

  it('is up to date when the channel offers the running version, and has nothing to download', async () => {
    const admin = await adminOnChannel();
    channel!.publish(VERSION, FILE, trusted);
    const checked = await admin.ok('updates.check', {});
    expect(checked.lastCheck).toMatchObject({ outcome: 'up_to_date', latest: VERSION });
    expect(checked.available).toBeNull();
    const refused = await admin.call('updates.download', {});
    expect(refused.ok || refused.error.reason).toBe('UPDATE_NOTHING_TO_DOWNLOAD');
  });

  it('refuses a feed address that is not http(s), naming the field', async () => {
    const admin = await withAdmin(open());
    const refused = await admin.call('updates.settings.set', { feedUrl: 'ftp://releases.example/griddesk/', autoCheck: true });
    expect(refused.ok || [refused.error.code, refused.error.field, refused.error.reason]).toEqual(['BAD_INPUT', 'feedUrl', 'UPDATE_FEED_URL_INVALID']);
  });

  it('lets only administrators see or change updates', async () => {
    const h = open();
    const admin = await withAdmin(h);
    const trader = await withUser(h, admin, 'tara', 'trader');
    for (const refused of [await trader.call('updates.status', {}), await trader.call('updates.check', {}), await trader.call('updates.settings.set', { feedUrl: null, autoCheck: false })]) {
      expect(refused.ok || refused.error.code).toBe('FORBIDDEN');
    }
  });

  it('keeps the staged update and its restart notice across a restart', async () => {
    const admin = await adminOnChannel();
    channel!.publish('0.2.0', FILE, trusted);
    await admin.ok('updates.check', {});
    await admin.ok('updates.download', {});
    const dataDir = harness!.dataDir;
    harness!.close();
    const again = open(dataDir);
    const client = again.connect();
    await client.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    await expect.poll(async () => (await client.ok('updates.status', {})).restartNeeded).toBe(true);
    expect((await client.ok('updates.status', {})).staged?.version).toBe('0.2.0');
  });

  it('drops a staged file that changed on disk at the next start', async () => {
    const admin = await adminOnChannel();
    channel!.publish('0.2.0', FILE, trusted);
    await admin.ok('updates.check', {});
    await admin.ok('updates.download', {});
    const dataDir = harness!.dataDir;
    harness!.close();
    writeFileSync(join(dataDir, 'updates', NAME), randomBytes(FILE.length));
    const again = open(dataDir);
    const client = again.connect();
    await client.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    await expect.poll(async () => (await client.ok('updates.status', {})).staged).toBeNull();
    expect(existsSync(join(dataDir, 'updates', 'staged.json'))).toBe(false);
    expect(auditTypes(again)).toContain('updates.staged_cleared');
  });
});
