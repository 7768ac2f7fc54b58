/**
 * The release owner's script (`npm run release`), run as a user runs it, against a terminal: the key
 * pair it makes and the manifest it signs are what a terminal trusting that key accepts and installs.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import { openHarness, removeDir, T0, tempDir, withAdmin, type Harness } from '../helpers/core';
import { startChannel, type ReleaseChannel } from './release-channel';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The script's exit code and its last line, the JSON summary. */
async function release(...args: string[]): Promise<{ code: number; summary: Record<string, unknown>; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/release.ts'), ...args], { cwd: ROOT });
    return { code: 0, summary: JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, summary: JSON.parse(failed.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>, stderr: failed.stderr };
  }
}

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

function folder(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

describe('npm run release', () => {
  it('makes a key pair and signs an installer that a terminal trusting the key finds, downloads and stages', async () => {
    const keys = folder();
    const made = await release('keygen', '--out', keys);
    expect(made.code).toBe(0);
    expect(statSync(join(keys, 'release-private.pem')).mode & 0o777).toBe(0o600);

    const dist = folder();
    const installer = randomBytes(200_000);
    writeFileSync(join(dist, 'GridDesk-0.2.0.AppImage'), installer);
    const signed = await release('sign', '--key', join(keys, 'release-private.pem'), '--file', join(dist, 'GridDesk-0.2.0.AppImage'), '--version', '0.2.0');
    expect(signed).toMatchObject({ code: 0, summary: { ok: true, version: '0.2.0', platform: 'linux', bundledKey: false } });
    expect(readdirSync(dist).sort()).toEqual(['GridDesk-0.2.0.AppImage', 'latest-linux.yml', 'latest-linux.yml.sig']);

    channel = await startChannel();
    for (const name of readdirSync(dist)) channel.files.set(name, readFileSync(join(dist, name)));
    const dataDir = folder();
    harness = openHarness(dataDir, new ManualClock(T0), { updates: { extraKeys: [readFileSync(join(keys, 'release-public.pem'), 'utf8')], replaceBundledKeys: true, platform: 'linux', timeoutMs: 2_000 } });
    const admin = await withAdmin(harness);
    await admin.ok('updates.settings.set', { feedUrl: channel.url, autoCheck: false });
    expect((await admin.ok('updates.check', {})).available).toMatchObject({ version: '0.2.0', fileName: 'GridDesk-0.2.0.AppImage', bytes: installer.length });
    const staged = await admin.ok('updates.download', {});
    expect(staged.restartNeeded).toBe(true);
    expect(readFileSync(join(dataDir, 'updates', 'GridDesk-0.2.0.AppImage')).equals(installer)).toBe(true);
  });

  it('refuses to sign with a public key or to overwrite a key pair, and says why', async () => {
    const keys = folder();
    await release('keygen', '--out', keys);
    const again = await release('keygen', '--out', keys);
    expect(again.code).toBe(2);
    expect(again.summary['error']).toMatch(/exists; a key pair is never overwritten/);
    mkdirSync(join(keys, 'dist'));
    writeFileSync(join(keys, 'dist', 'GridDesk.exe'), 'x');
    const withPublic = await release('sign', '--key', join(keys, 'release-public.pem'), '--file', join(keys, 'dist', 'GridDesk.exe'));
    expect(withPublic.code).toBe(2);
    expect(withPublic.stderr).toMatch(/is not a private key/);
    expect(readdirSync(join(keys, 'dist'))).toEqual(['GridDesk.exe']);
  });

  it('refuses a version that is not semantic and a file whose platform it cannot tell, writing nothing', async () => {
    const keys = folder();
    await release('keygen', '--out', keys);
    const dist = folder();
    writeFileSync(join(dist, 'GridDesk.bin'), 'x');
    const badVersion = await release('sign', '--key', join(keys, 'release-private.pem'), '--file', join(dist, 'GridDesk.bin'), '--version', 'two', '--platform', 'linux');
    expect(badVersion).toMatchObject({ code: 2, summary: { ok: false, error: '"two" is not a semantic version (MAJOR.MINOR.PATCH).' } });
    const noPlatform = await release('sign', '--key', join(keys, 'release-private.pem'), '--file', join(dist, 'GridDesk.bin'));
    expect(noPlatform.summary['error']).toMatch(/Cannot tell the platform of GridDesk.bin/);
    expect(readdirSync(dist)).toEqual(['GridDesk.bin']);
  });
});
