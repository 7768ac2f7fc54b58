import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The part of Electron's safeStorage this uses (main process only; the utility process has none):
 * its asynchronous API, since the synchronous one is deprecated and goes away in Electron 46.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the OS rotated its key or offers a stronger one; store the text encrypted again. */
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only: which store backs the encryption. */
  getSelectedStorageBackend?(): string;
}

/** The key for secrets at rest, wrapped by the OS keychain; useless without the user's keychain. */
export const WRAPPED_KEY_FILE = 'secret.key.keychain';

/**
 * Whether safeStorage is backed by a real keychain (macOS Keychain, Windows DPAPI, a Linux secret
 * service). On Linux without one it falls back to `basic_text`, a fixed password compiled into
 * Chromium: wrapping with it would only pretend, so the core keeps its owner-only key file instead.
 */
export async function keychainIsReal(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (!(await storage.isAsyncEncryptionAvailable())) return false;
  if (platform !== 'linux') return true;
  const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
  return backend !== 'basic_text' && backend !== 'unknown';
}

/**
 * The 32-byte key, unwrapped from `<data>/secret.key.keychain` or created there (O_EXCL, 0600) on
 * first use; null when no real keychain is available, and the core uses `<data>/secret.key`. When
 * the keychain asks for it, the same key is wrapped again and swapped in whole (write, then rename).
 */
export async function keychainKey(dataDir: string, storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): Promise<Buffer | null> {
  if (!(await keychainIsReal(storage, platform))) return null;
  const file = join(dataDir, WRAPPED_KEY_FILE);
  if (existsSync(file)) {
    const { result, shouldReEncrypt } = await storage.decryptStringAsync(readFileSync(file));
    if (shouldReEncrypt) {
      const next = `${file}.new`;
      writeFileSync(next, await storage.encryptStringAsync(result), { mode: 0o600 });
      renameSync(next, file);
    }
    return Buffer.from(result, 'base64');
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const wrapped = await storage.encryptStringAsync(key.toString('base64'));
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, wrapped);
  } finally {
    closeSync(fd);
  }
  return key;
}
