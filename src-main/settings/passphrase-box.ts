import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import type { SettingsSecrets } from '../../src-shared/contract/settings';

/**
 * Encryption of a settings file's secrets with an admin's passphrase: scrypt derives the key from
 * the passphrase and a random salt, AES-256-GCM seals the text. The terminal's own SecretBox key
 * cannot be used here: the file is opened on another terminal, which only shares the passphrase.
 */

/** OWASP's minimum for scrypt (N = 2^17, r = 8, p = 1): 128 MiB and a fraction of a second per guess. */
const WRITE_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** Binds the ciphertext to its use, so bytes sealed for something else never open as settings secrets. */
const AAD = Buffer.from('griddesk.settings.secrets', 'utf8');

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  // Node refuses above 32 MiB by default; the file schema bounds N and r, so this is the file's own cost with headroom.
  const options: ScryptOptions = { ...params, maxmem: 2 * 128 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function sealWithPassphrase(text: string, passphrase: string): Promise<SettingsSecrets> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, WRITE_PARAMS);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return {
    kdf: { name: 'scrypt', salt: salt.toString('base64'), ...WRITE_PARAMS, keyLength: KEY_LENGTH },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  };
}

/** The sealed text, or null when the passphrase is not the one it was sealed with (GCM's tag does not match). */
export async function openWithPassphrase(sealed: SettingsSecrets, passphrase: string): Promise<string | null> {
  const { N, r, p, salt } = sealed.kdf;
  const key = await deriveKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
  try {
    // A full 16-byte tag only: a shorter one would be easier to forge.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.cipher.iv, 'base64'), { authTagLength: 16 }).setAAD(AAD);
    decipher.setAuthTag(Buffer.from(sealed.cipher.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
