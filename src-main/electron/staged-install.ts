import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { STAGED_MARKER_FILE, StagedMarkerSchema, UPDATES_FOLDER } from '../../src-shared/contract/updates';

/**
 * Installs, as the app quits, the update the core downloaded, verified and staged (src-main/updates:
 * Ed25519-signed manifest, size and sha512 of the file). Kept thin on purpose: the whole check,
 * download and verify path lives in the core and is tested there in plain Node; this adapter only
 * reads the core's marker, hashes the file once more (it may have been touched since) and hands it
 * to the platform. The Electron binary cannot run where this was written, so THIS FILE IS UNTESTED:
 * try it by hand on each platform before a release relies on it.
 *
 * Linux AppImage: the running AppImage ($APPIMAGE) is replaced by the staged one, atomically.
 * Windows (NSIS): the staged installer runs silently, detached, after the app is gone.
 * macOS and .deb installs: not handled here (they need Squirrel.Mac or the package manager); the
 * staged file stays, and the console keeps saying a restart is needed.
 */
export function installStagedUpdate(dataDir: string, platform: NodeJS.Platform = process.platform): 'installed' | 'started' | 'nothing' | 'unsupported' | 'refused' {
  const folder = join(dataDir, UPDATES_FOLDER);
  const markerFile = join(folder, STAGED_MARKER_FILE);
  if (!existsSync(markerFile)) return 'nothing';
  const marker = StagedMarkerSchema.safeParse(JSON.parse(readFileSync(markerFile, 'utf8')));
  if (!marker.success) return 'refused';
  const file = join(folder, marker.data.fileName);
  if (!existsSync(file)) return 'refused';
  const bytes = readFileSync(file);
  if (bytes.length !== marker.data.bytes || createHash('sha512').update(bytes).digest('base64') !== marker.data.sha512) {
    console.error('[griddesk] the staged update does not match what was verified; it is not installed.');
    return 'refused';
  }
  const appImage = process.env['APPIMAGE'];
  if (platform === 'linux' && appImage && marker.data.fileName.endsWith('.AppImage')) {
    const next = `${appImage}.new`;
    copyFileSync(file, next);
    chmodSync(next, 0o755);
    renameSync(next, appImage);
    rmSync(file, { force: true });
    rmSync(markerFile, { force: true });
    return 'installed';
  }
  if (platform === 'win32' && marker.data.fileName.endsWith('.exe')) {
    // The arguments electron-updater's NSIS updater passes: silent, marked as an update, start the app after.
    spawn(file, ['--updated', '/S', '--force-run'], { detached: true, stdio: 'ignore' }).unref();
    return 'started';
  }
  return 'unsupported';
}
