import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The part of Electron's safeStorage this uses (main process only; the utility process has none). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
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
export function keychainIsReal(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
  return backend !== 'basic_text' && backend !== 'unknown';
}

/**
 * The 32-byte key, unwrapped from `<data>/secret.key.keychain` or created there (O_EXCL, 0600) on
 * first use; null when no real keychain is available, and the core uses `<data>/secret.key`.
 */
export function keychainKey(dataDir: string, storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): Buffer | null {
  if (!keychainIsReal(storage, platform)) return null;
  const file = join(dataDir, WRAPPED_KEY_FILE);
  if (existsSync(file)) return Buffer.from(storage.decryptString(readFileSync(file)), 'base64');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, storage.encryptString(key.toString('base64')));
  } finally {
    closeSync(fd);
  }
  return key;
}
