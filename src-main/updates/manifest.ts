import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fail } from '../../src-shared/domain/errors';
import { isSemver } from './version';

/** electron-builder's channel manifest for each platform (its generic provider's names). */
export function manifestNameFor(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return 'latest-linux.yml';
}

/** A file name the manifest may point at: no folders, nothing that could leave <data>/updates. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** electron-builder writes sha512 as base64 of the 64-byte digest: 88 characters with padding. */
const Sha512Base64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

const ManifestFileSchema = z.object({
  url: z.string().min(1).max(1024),
  sha512: Sha512Base64,
  size: z.number().int().positive(),
});

/**
 * What electron-builder's `latest*.yml` says, in the JSON form of the same document (JSON is YAML
 * 1.2; the yaml package is not a dependency of ours, so the channel publishes the manifest as JSON).
 * Unknown keys (blockMapSize, path, sha512 at the top) are allowed: electron-builder writes them.
 */
const ManifestSchema = z.object({
  version: z.string().refine(isSemver),
  files: z.array(ManifestFileSchema).min(1).max(16),
  releaseDate: z.iso.datetime({ offset: true }).optional(),
});

export interface VerifiedRelease {
  version: string;
  releaseDate: string | null;
  /** Absolute http(s) URL of the file, resolved against the manifest's own URL. */
  url: string;
  fileName: string;
  sha512: string;
  bytes: number;
}

/** Where the bundled keys are: GRIDDESK_RESOURCES (packaged Electron), else the repository's resources/ from the sources or out/main. */
function bundledKeysDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const env = process.env['GRIDDESK_RESOURCES'];
  const candidates = [...(env ? [join(env, 'release-keys')] : []), join(here, '..', '..', 'resources', 'release-keys'), join(here, '..', '..', '..', 'resources', 'release-keys')];
  return candidates.find((dir) => existsSync(dir)) ?? null;
}

/** Every `*.pem` of a folder, as text (toPublicKeys refuses one that is not an Ed25519 public key). */
function readKeysFolder(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.pem'))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'));
}

export function bundledReleaseKeys(): string[] {
  const dir = bundledKeysDir();
  return dir ? readKeysFolder(dir) : [];
}

/** A release key the terminal cannot use: the start stops with this message, not a stack trace. */
export class ReleaseKeyError extends Error {}

/** Public keys only: a private key handed in by mistake is refused rather than used. */
export function toPublicKeys(pems: readonly string[]): KeyObject[] {
  return pems.map((pem, index) => {
    if (/PRIVATE KEY/.test(pem)) throw new ReleaseKeyError(`Release key ${index + 1} is a private key; the terminal takes public keys only.`);
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new ReleaseKeyError(`Release key ${index + 1} is not a public key in PEM form.`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new ReleaseKeyError(`Release key ${index + 1} is ${key.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519.`);
    return key;
  });
}

/** The detached signature: base64 of the 64 signature bytes, whitespace around it allowed. */
function signatureBytes(sig: Buffer): Buffer | null {
  const text = sig.toString('utf8').trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(text)) return null;
  return Buffer.from(text, 'base64');
}

/**
 * Verifies the manifest's exact bytes against the trusted keys BEFORE anything reads them, then
 * parses them. Fails closed: no key, an unreadable signature or one no key verifies is a refusal.
 */
export function verifyManifest(bytes: Buffer, sig: Buffer, keys: readonly KeyObject[], manifestUrl: string): VerifiedRelease {
  if (keys.length === 0) fail('REJECTED', 'This terminal trusts no release key.', { reason: 'UPDATE_NO_TRUSTED_KEY' });
  const signature = signatureBytes(sig);
  if (!signature || !keys.some((key) => verify(null, bytes, key, signature))) {
    fail('REJECTED', 'No trusted release key verifies the manifest’s signature.', { reason: 'UPDATE_SIGNATURE_BAD', params: { keys: keys.length } });
  }
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch {
    fail('REJECTED', 'The signed manifest is not readable.', { reason: 'UPDATE_MANIFEST_INVALID', params: { field: '—' } });
  }
  const parsed = ManifestSchema.safeParse(document);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || '—';
    fail('REJECTED', `The signed manifest is not valid at ${field}.`, { reason: 'UPDATE_MANIFEST_INVALID', params: { field } });
  }
  const file = parsed.data.files[0]!;
  let url: URL;
  try {
    url = new URL(file.url, manifestUrl);
  } catch {
    fail('REJECTED', 'The manifest’s file address is not valid.', { reason: 'UPDATE_MANIFEST_INVALID', params: { field: 'files.0.url' } });
  }
  const fileName = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (!/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '' || !FILE_NAME.test(fileName)) {
    fail('REJECTED', 'The manifest’s file address is not an http(s) file.', { reason: 'UPDATE_MANIFEST_INVALID', params: { field: 'files.0.url' } });
  }
  return { version: parsed.data.version, releaseDate: parsed.data.releaseDate ?? null, url: url.toString(), fileName, sha512: file.sha512, bytes: file.size };
}
