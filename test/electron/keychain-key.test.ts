import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keychainIsReal, keychainKey, WRAPPED_KEY_FILE, type SafeStorageLike } from '../../src-main/electron/keychain-key';
import { removeDir, tempDir } from '../helpers/core';

/**
 * safeStorage's answers on a machine. Electron's real safeStorage cannot run under plain Node (there
 * is no Electron binary here), so these play an OS keychain that wraps with a reversible marker.
 */
function storage(available: boolean, backend?: string, reEncrypt = false): SafeStorageLike & { wraps: number } {
  const keychain = {
    wraps: 0,
    isAsyncEncryptionAvailable: () => Promise.resolve(available),
    encryptStringAsync: (text: string) => {
      keychain.wraps++;
      return Promise.resolve(Buffer.from(`wrapped:${keychain.wraps}:${text}`));
    },
    decryptStringAsync: (bytes: Buffer) => Promise.resolve({ result: bytes.toString().replace(/^wrapped:\d+:/, ''), shouldReEncrypt: reEncrypt }),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  };
  return keychain;
}

describe('the OS keychain for secrets at rest', () => {
  it('is used on macOS and Windows when encryption is available', async () => {
    expect(await keychainIsReal(storage(true), 'darwin')).toBe(true);
    expect(await keychainIsReal(storage(true), 'win32')).toBe(true);
  });

  it('is used on Linux with a secret service', async () => {
    expect(await keychainIsReal(storage(true, 'gnome_libsecret'), 'linux')).toBe(true);
  });

  it("is not used on Linux when safeStorage falls back to Chromium's fixed basic_text password", async () => {
    expect(await keychainIsReal(storage(true, 'basic_text'), 'linux')).toBe(false);
  });

  it('is not used when encryption is unavailable', async () => {
    expect(await keychainIsReal(storage(false), 'darwin')).toBe(false);
  });
});

describe('the key wrapped by the keychain', () => {
  it('is made once, owner-only, and the same key comes back from the wrapped file', async () => {
    const dir = tempDir();
    try {
      const keychain = storage(true);
      const first = await keychainKey(dir, keychain, 'darwin');
      expect(first).toHaveLength(32);
      expect(statSync(join(dir, WRAPPED_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(await keychainKey(dir, keychain, 'darwin')).toEqual(first);
      expect(keychain.wraps).toBe(1);
    } finally {
      removeDir(dir);
    }
  });

  it('is wrapped again when the keychain asks (its key rotated), keeping the same key', async () => {
    const dir = tempDir();
    try {
      const first = await keychainKey(dir, storage(true), 'darwin');
      const rotating = storage(true, undefined, true);
      expect(await keychainKey(dir, rotating, 'darwin')).toEqual(first);
      expect(rotating.wraps).toBe(1);
      expect(readFileSync(join(dir, WRAPPED_KEY_FILE)).toString()).toMatch(/^wrapped:1:/);
      expect(existsSync(join(dir, `${WRAPPED_KEY_FILE}.new`))).toBe(false);
    } finally {
      removeDir(dir);
    }
  });

  it('is none on Linux without a secret service: no wrapped file is written', async () => {
    const dir = tempDir();
    try {
      expect(await keychainKey(dir, storage(true, 'basic_text'), 'linux')).toBeNull();
      expect(existsSync(join(dir, WRAPPED_KEY_FILE))).toBe(false);
    } finally {
      removeDir(dir);
    }
  });
});
