import { z } from 'zod';
import type { ErrorParams } from '../domain/errors';
import { ADMIN_ROLES, call, defineCalls, defineEvents, event } from './kit';

/**
 * Updates: the terminal checks its release channel for a newer version, downloads it and keeps it
 * staged until the next restart installs it. The channel's manifest is trusted only when one of
 * the terminal's release keys signed its exact bytes (Ed25519); the file only when its size and
 * sha512 match that manifest. Everything is facts and codes; the screen words them.
 */

/** A newer version the channel offers, from a manifest that verified. */
export interface UpdateOffer {
  version: string;
  /** As the manifest states it (ISO 8601), null when it names none. */
  releaseDate: string | null;
  fileName: string;
  bytes: number;
}

/** Why the last check or download did not go through: `errors.reasons.<reason>` with its params. */
export interface UpdateRefusal {
  reason: string;
  params: ErrorParams;
}

export interface UpdateCheckView {
  at: number;
  outcome: 'up_to_date' | 'available' | 'refused';
  /** The version the channel offers (also when it is not newer), null when the check was refused. */
  latest: string | null;
  refusal: UpdateRefusal | null;
}

/** A verified download waiting for a restart to install it. */
export interface StagedUpdateView {
  version: string;
  fileName: string;
  bytes: number;
  verifiedAt: number;
}

export interface UpdatesStatusView {
  currentVersion: string;
  /** The release channel's folder (the manifest and its .sig lie in it), null when updates are off. */
  feedUrl: string | null;
  autoCheck: boolean;
  /** How many release keys this terminal trusts; with none, every manifest is refused. */
  trustedKeys: number;
  /** The manifest this platform reads, e.g. latest-linux.yml. */
  manifestName: string;
  lastCheck: UpdateCheckView | null;
  /** The newer version found by the last check that verified, until it is staged. */
  available: UpdateOffer | null;
  /** A download running now: bytes received of the total. */
  downloading: { version: string; received: number; total: number } | null;
  lastDownloadRefusal: UpdateRefusal | null;
  staged: StagedUpdateView | null;
  /** A verified update is staged and newer than the running version: restart to install it. */
  restartNeeded: boolean;
}

/** Codes of the refusals a check or download answers with (`reason`), each worded in the locales. */
export const UPDATE_REFUSALS = [
  'UPDATES_OFF',
  'UPDATE_FEED_UNREACHABLE',
  'UPDATE_NO_TRUSTED_KEY',
  'UPDATE_SIGNATURE_MISSING',
  'UPDATE_SIGNATURE_BAD',
  'UPDATE_MANIFEST_TOO_LARGE',
  'UPDATE_MANIFEST_INVALID',
  'UPDATE_NOTHING_TO_DOWNLOAD',
  'UPDATE_NOT_NEWER',
  'UPDATE_DOWNLOAD_FAILED',
  'UPDATE_FILE_TOO_LARGE',
  'UPDATE_HASH_MISMATCH',
  'UPDATE_RUNNING',
] as const;
export type UpdateRefusalReason = (typeof UPDATE_REFUSALS)[number];

/** Only http(s), with no user name or password in the address: the feed needs none, and the trail shows the URL. */
const FeedUrlSchema = z
  .string()
  .max(512)
  .refine((u) => /^https?:\/\/(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/[^\s]*)?$/.test(u), { params: { reason: 'UPDATE_FEED_URL_INVALID' } });

const empty = z.object({}).strict();

export const updatesCalls = defineCalls('updates', {
  'updates.status': call<UpdatesStatusView>()({ input: empty, access: ADMIN_ROLES, mutates: false }),
  /** The channel's folder (null turns updates off) and whether the terminal checks it on its own every few hours. */
  'updates.settings.set': call<UpdatesStatusView>()({
    input: z.object({ feedUrl: FeedUrlSchema.nullable(), autoCheck: z.boolean() }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** Fetches and verifies the manifest now; refused with REJECTED and an UPDATE_* reason. */
  'updates.check': call<UpdatesStatusView>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
  /** Downloads the version the last check found, verifies it and stages it for the next restart. */
  'updates.download': call<UpdatesStatusView>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
});

export const updatesEvents = defineEvents('updates', {
  /** To administrators: after each check, while a download runs (its progress) and when one is staged. */
  'updates.status': event<UpdatesStatusView>(),
});

/** The data folder's subfolder a verified download is staged in. */
export const UPDATES_FOLDER = 'updates';
/**
 * Beside the staged file: what the core verified, for the Electron host, which installs it at quit
 * and reads no database. The host hashes the file again before it runs anything.
 */
export const STAGED_MARKER_FILE = 'staged.json';
export const StagedMarkerSchema = z
  .object({
    version: z.string().max(128),
    fileName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/),
    sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
    bytes: z.number().int().positive(),
  })
  .strict();
export type StagedMarker = z.infer<typeof StagedMarkerSchema>;
