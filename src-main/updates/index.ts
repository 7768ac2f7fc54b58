import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAGED_MARKER_FILE, UPDATES_FOLDER, type StagedMarker, type UpdateRefusal, type UpdatesStatusView } from '../../src-shared/contract/updates';
import { CallFailure, fail } from '../../src-shared/domain/errors';
import type { Change } from '../api/context';
import { defineDomain, type Domain } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { Recorder } from '../api/recorder';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import { downloadTo, fetchSmall } from './fetch-bounded';
import { bundledReleaseKeys, manifestNameFor, toPublicKeys, verifyManifest, type VerifiedRelease } from './manifest';
import { UpdatesRepo, type StagedUpdate, type UpdatesState } from './updates-repo';
import { compareVersions } from './version';

export { ReleaseKeyError } from './manifest';

export interface UpdatesOptions {
  /** Check on the core's tick when an administrator turned automatic checks on; off for a manual clock. */
  auto: boolean;
  /** Time between automatic checks (ms of the injected clock). */
  intervalMs: number;
  /** Whose manifest is read (latest-linux.yml, latest.yml, latest-mac.yml). */
  platform: NodeJS.Platform;
  /** Release public keys (PEM, Ed25519) trusted beside the bundled ones: tests and private release channels. */
  extraKeys: readonly string[];
  /** Trust only `extraKeys`, not the keys bundled in resources/release-keys. */
  replaceBundledKeys: boolean;
  manifestMaxBytes: number;
  fileMaxBytes: number;
  /** Until an answer's headers arrive, and between two chunks of its body. */
  timeoutMs: number;
}

export const DEFAULT_UPDATES_OPTIONS: UpdatesOptions = {
  auto: true,
  intervalMs: 6 * 3_600_000,
  platform: process.platform,
  extraKeys: [],
  replaceBundledKeys: false,
  manifestMaxBytes: 64 * 1024,
  fileMaxBytes: 2 * 1024 ** 3,
  timeoutMs: 15_000,
};

/** A detached Ed25519 signature in base64 is 88 characters; a little room for a newline. */
const SIGNATURE_MAX_BYTES = 1024;
/** Progress goes out at most this often while a download runs. */
const PROGRESS_EVERY_MS = 250;
const TO_ADMINS = { userIds: [], roles: ['admin'] } as const;

type Commit = <T>(change: Change<T>) => T;

function refusalOf(err: CallFailure): UpdateRefusal {
  return { reason: err.error.reason ?? err.error.code, params: err.error.params ?? {} };
}

function sha512File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('base64')));
  });
}

/**
 * The updates domain: the release channel's manifest is fetched with its detached signature and
 * trusted only when a release key verifies its exact bytes (manifest.ts); a newer version's file is
 * streamed into `<data>/updates` under a `.partial` name, hashed on the way, and renamed only when
 * its size and sha512 match the manifest. The staged file waits for the Electron host to install it
 * at quit (electron/staged-install.ts reads `staged.json` beside it and checks the hash again).
 */
export function createUpdates(deps: { db: Db; recorder: Recorder; bus: EventBus; clock: Clock; dataDir: string; version: string; options?: Partial<UpdatesOptions> }): {
  domain: Domain<'updates'>;
} {
  const options = { ...DEFAULT_UPDATES_OPTIONS, ...deps.options };
  const keys = toPublicKeys([...(options.replaceBundledKeys ? [] : bundledReleaseKeys()), ...options.extraKeys]);
  const repo = new UpdatesRepo(deps.db);
  const manifestName = manifestNameFor(options.platform);
  const folder = join(deps.dataDir, UPDATES_FOLDER);
  const limits = { timeoutMs: options.timeoutMs };
  let downloading: UpdatesStatusView['downloading'] = null;
  let checking = false;
  let lastAutoCheck = 0;

  const isNewer = (version: string) => compareVersions(version, deps.version) > 0;

  const view = (state: UpdatesState = repo.read()): UpdatesStatusView => {
    const staged = state.staged && { version: state.staged.version, fileName: state.staged.fileName, bytes: state.staged.bytes, verifiedAt: state.staged.verifiedAt };
    const offer = state.available && state.available.version !== staged?.version ? state.available : null;
    return {
      currentVersion: deps.version,
      feedUrl: state.feedUrl,
      autoCheck: state.autoCheck,
      trustedKeys: keys.length,
      manifestName,
      lastCheck: state.lastCheck,
      available: offer && { version: offer.version, releaseDate: offer.releaseDate, fileName: offer.fileName, bytes: offer.bytes },
      downloading: downloading && { ...downloading },
      lastDownloadRefusal: state.lastDownloadRefusal,
      staged,
      restartNeeded: staged !== null && isNewer(staged.version),
    };
  };
  const announce = () => deps.bus.publish('updates.status', view(), TO_ADMINS);

  /** The marker the Electron host reads at quit; written 0600 like every file of the data folder. */
  const writeMarker = (staged: StagedUpdate | null) => {
    const file = join(folder, STAGED_MARKER_FILE);
    if (!staged) return rmSync(file, { force: true });
    const marker: StagedMarker = { version: staged.version, fileName: staged.fileName, sha512: staged.sha512, bytes: staged.bytes };
    writeFileSync(`${file}.partial`, JSON.stringify(marker), { mode: 0o600 });
    renameSync(`${file}.partial`, file);
  };

  /** Every file of the updates folder but the one kept: older downloads, half-written ones. */
  const removeFilesBut = (keep: string | null) => {
    if (!existsSync(folder)) return;
    for (const name of readdirSync(folder)) if (name !== keep && name !== STAGED_MARKER_FILE) rmSync(join(folder, name), { force: true });
  };

  const check = async (now: number, actor: string | null, commit: Commit): Promise<UpdatesStatusView> => {
    if (checking) fail('CONFLICT', 'A check is already running.', { reason: 'UPDATE_RUNNING' });
    const state = repo.read();
    if (!state.feedUrl) fail('REJECTED', 'Updates are off: no release channel is set.', { reason: 'UPDATES_OFF' });
    const feedUrl = state.feedUrl;
    checking = true;
    try {
      const manifestUrl = new URL(manifestName, feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`).toString();
      let release: VerifiedRelease;
      try {
        // Both are read whole before anything looks at the manifest: the signature is checked on its exact bytes.
        const [bytes, signature] = await Promise.all([
          fetchSmall(manifestUrl, options.manifestMaxBytes, limits, () =>
            fail('REJECTED', 'The manifest is larger than a manifest can be.', { reason: 'UPDATE_MANIFEST_TOO_LARGE', params: { maxBytes: options.manifestMaxBytes } }),
          ),
          fetchSmall(`${manifestUrl}.sig`, SIGNATURE_MAX_BYTES, limits, () => fail('REJECTED', 'The signature file is not a signature.', { reason: 'UPDATE_SIGNATURE_BAD', params: { keys: keys.length } })),
        ]);
        release = verifyManifest(bytes, signature, keys, manifestUrl);
      } catch (err) {
        if (!(err instanceof CallFailure)) throw err;
        const refusal = refusalOf(err);
        // The earlier offer stays: a forged or broken manifest must not take away a verified one.
        commit((log, publish) => {
          const next = repo.write({ lastCheck: { at: now, outcome: 'refused', latest: null, refusal } }, now, actor);
          log('updates.check_refused', { feedUrl, manifest: manifestName, ...refusal });
          publish('updates.status', view(next), TO_ADMINS);
        });
        throw err;
      }
      const newer = isNewer(release.version);
      return commit((log, publish) => {
        const next = repo.write({ lastCheck: { at: now, outcome: newer ? 'available' : 'up_to_date', latest: release.version, refusal: null }, available: newer ? release : null }, now, actor);
        log('updates.checked', { feedUrl, manifest: manifestName, latest: release.version, current: deps.version, newer, sha512: release.sha512, bytes: release.bytes });
        const answer = view(next);
        publish('updates.status', answer, TO_ADMINS);
        return answer;
      });
    } finally {
      checking = false;
    }
  };

  const download = async (now: () => number, actor: string, commit: Commit): Promise<UpdatesStatusView> => {
    if (downloading) fail('CONFLICT', 'A download is already running.', { reason: 'UPDATE_RUNNING' });
    const state = repo.read();
    const offer = state.available;
    if (!offer) fail('REJECTED', 'No newer version has been found; check first.', { reason: 'UPDATE_NOTHING_TO_DOWNLOAD' });
    if (!isNewer(offer.version)) fail('REJECTED', 'That version is not newer than this one.', { reason: 'UPDATE_NOT_NEWER', params: { version: offer.version, current: deps.version } });
    const partial = join(folder, `${offer.fileName}.partial`);
    downloading = { version: offer.version, received: 0, total: offer.bytes };
    try {
      if (offer.bytes > options.fileMaxBytes) fail('REJECTED', 'The file is larger than this terminal downloads.', { reason: 'UPDATE_FILE_TOO_LARGE', params: { expected: offer.bytes } });
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      chmodSync(folder, 0o700);
      rmSync(partial, { force: true });
      announce();
      let sentAt = 0;
      const got = await downloadTo(offer.url, partial, offer.bytes, limits, (received) => {
        downloading = { version: offer.version, received, total: offer.bytes };
        if (deps.clock.now() - sentAt >= PROGRESS_EVERY_MS) {
          sentAt = deps.clock.now();
          announce();
        }
      });
      if (got.bytes !== offer.bytes || got.sha512 !== offer.sha512) {
        fail('REJECTED', 'The downloaded file is not the one the signed manifest describes.', {
          reason: 'UPDATE_HASH_MISMATCH',
          params: { fileName: offer.fileName, bytes: got.bytes, expected: offer.bytes },
        });
      }
      const staged: StagedUpdate = { version: offer.version, fileName: offer.fileName, bytes: got.bytes, verifiedAt: now(), sha512: got.sha512 };
      renameSync(partial, join(folder, offer.fileName));
      removeFilesBut(offer.fileName);
      writeMarker(staged);
      downloading = null;
      return commit((log, publish) => {
        const next = repo.write({ staged, available: null, lastDownloadRefusal: null }, staged.verifiedAt, actor);
        log('updates.staged', { version: staged.version, fileName: staged.fileName, bytes: staged.bytes, sha512: staged.sha512 });
        const answer = view(next);
        publish('updates.status', answer, TO_ADMINS);
        return answer;
      });
    } catch (err) {
      rmSync(partial, { force: true });
      downloading = null;
      if (err instanceof CallFailure) {
        const refusal = refusalOf(err);
        commit((log, publish) => {
          const next = repo.write({ lastDownloadRefusal: refusal }, now(), actor);
          log('updates.download_refused', { version: offer.version, fileName: offer.fileName, ...refusal });
          publish('updates.status', view(next), TO_ADMINS);
        });
      } else announce();
      throw err;
    }
  };

  /**
   * At start: a staged update that is no longer newer was installed (or superseded) and is removed;
   * one whose file is gone or changed on disk is dropped, so "restart needed" never points at
   * anything but the verified file.
   */
  const start = async () => {
    const { staged } = repo.read();
    if (!staged) return;
    const file = join(folder, staged.fileName);
    let problem: string | null = null;
    if (!isNewer(staged.version)) problem = 'installed';
    else if (!existsSync(file) || statSync(file).size !== staged.bytes || (await sha512File(file)) !== staged.sha512) problem = 'file_changed';
    if (problem === null) return;
    removeFilesBut(null);
    writeMarker(null);
    deps.recorder.commit(deps.clock.now(), 'system', (log) => {
      repo.write({ staged: null }, deps.clock.now(), 'system');
      log('updates.staged_cleared', { version: staged.version, reason: problem });
    });
  };

  const domain = defineDomain('updates', {
    start,
    tick: () => {
      if (!options.auto || checking) return;
      const state = repo.read();
      const now = deps.clock.now();
      if (!state.feedUrl || !state.autoCheck || now - Math.max(lastAutoCheck, state.lastCheck?.at ?? 0) < options.intervalMs) return;
      lastAutoCheck = now;
      // A refusal is on record (updates.check_refused) and on the status; nothing more to do with it here.
      void check(now, 'system', (change) => deps.recorder.commit(now, 'system', change)).catch((err: unknown) => {
        if (!(err instanceof CallFailure)) console.error('[griddesk] the automatic update check failed:', err);
      });
    },
    handlers: {
      'updates.status': () => view(),
      'updates.settings.set': (input, ctx) =>
        ctx.commit((log, publish) => {
          const before = repo.read();
          const changedFeed = before.feedUrl !== input.feedUrl;
          // A new channel's offer is not this channel's: it is checked again before anything is downloaded.
          const next = repo.write({ feedUrl: input.feedUrl, autoCheck: input.autoCheck, ...(changedFeed ? { available: null, lastCheck: null } : {}) }, ctx.now, ctx.caller.username);
          log('updates.settings_set', { feedUrl: input.feedUrl, autoCheck: input.autoCheck, previousFeedUrl: before.feedUrl, previousAutoCheck: before.autoCheck });
          const answer = view(next);
          publish('updates.status', answer, TO_ADMINS);
          return answer;
        }),
      'updates.check': (_input, ctx) => check(ctx.now, ctx.caller.username, (change) => ctx.commit(change)),
      'updates.download': (_input, ctx) => download(() => deps.clock.now(), ctx.caller.username, (change) => ctx.commit(change)),
    },
  });
  return { domain };
}
