import { describe, expect, it } from 'vitest';
import { keychainIsReal } from '../../src-main/electron/keychain-key';

/** safeStorage's answers on a machine; Electron's real safeStorage cannot run under plain Node. */
const storage = (available: boolean, backend?: string) => ({
  isEncryptionAvailable: () => available,
  encryptString: () => Buffer.alloc(0),
  decryptString: () => '',
  ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
});

describe('the OS keychain for secrets at rest', () => {
  it('is used on macOS and Windows when encryption is available', () => {
    expect(keychainIsReal(storage(true), 'darwin')).toBe(true);
    expect(keychainIsReal(storage(true), 'win32')).toBe(true);
  });

  it('is used on Linux with a secret service', () => {
    expect(keychainIsReal(storage(true, 'gnome_libsecret'), 'linux')).toBe(true);
  });

  it("is not used on Linux when safeStorage falls back to Chromium's fixed basic_text password", () => {
    expect(keychainIsReal(storage(true, 'basic_text'), 'linux')).toBe(false);
  });

  it('is not used when encryption is unavailable', () => {
    expect(keychainIsReal(storage(false), 'darwin')).toBe(false);
  });
});
