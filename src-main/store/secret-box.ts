import { createCipheriv, createDecipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database';
import { StoreOpenError } from './database';

/**
 * Secrets at rest (broker and price-feed passwords, TLS private keys): AES-256-GCM with a key that
 * never lives in the database file, so a copy of the database alone reveals no secret. Stored as
 * `enc:v1:<base64(iv | tag | ciphertext)>`; the purpose (e.g. `devices.broker.password`) is bound
 * as associated data, so a sealed value cannot be moved into another field and still open.
 */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** scrypt cost for a passphrase: 64 MiB of memory and up to a second or two, once per start (a guess costs the same). */
const SCRYPT = { N: 65_536, r: 8, p: 1, maxmem: 128 * 1024 * 1024 };
const CHECK_PURPOSE = 'store.secrets.check';
const CHECK_TEXT = 'griddesk-secret-check';
export const SECRET_KEY_FILE = 'secret.key';

/** Where the key comes from. The kind is remembered in the database, so a terminal cannot silently switch. */
export type SecretKeySource =
  /** Headless default: 32 random bytes in `<data>/secret.key`, readable only by the owner. */
  | { kind: 'key-file'; dir: string }
  /** `--passphrase-file` or GRIDDESK_PASSPHRASE: the key is derived with scrypt; nothing is written. */
  | { kind: 'passphrase'; passphrase: string }
  /** Electron: a key the main process unwrapped with the OS keychain (safeStorage). */
  | { kind: 'os-keychain'; key: Buffer };

/** The key is missing or wrong for this terminal's data: the terminal refuses to start, nothing is changed. */
export class SecretKeyError extends StoreOpenError {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error('a secret key is 32 bytes');
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** Opens a sealed value; the error names only the purpose, never any part of the value. */
  open(sealed: string, purpose: string): string {
    if (!SecretBox.isSealed(sealed)) throw new SecretKeyError(`The stored ${purpose} is not encrypted as expected.`);
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError(`The stored ${purpose} cannot be decrypted with this terminal's key.`);
    }
  }

  /** A nullable secret field: null stays null, clear text (written by an older version) is sealed. */
  sealField(value: string | null, purpose: string): string | null {
    if (value === null) return null;
    return SecretBox.isSealed(value) ? value : this.seal(value, purpose);
  }

  openField(value: string | null, purpose: string): string | null {
    if (value === null) return null;
    // Clear text from before secrets were encrypted; the owning repo re-seals it at start.
    return SecretBox.isSealed(value) ? this.open(value, purpose) : value;
  }
}

const meta = (db: Db, key: string): string | undefined =>
  db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;

/**
 * The terminal's SecretBox: the key from its source, checked against a value sealed at first use,
 * so a wrong passphrase or a secret.key from another terminal is refused at start instead of
 * turning the stored secrets into errors later.
 */
export function openSecretBox(db: Db, source: SecretKeySource): SecretBox {
  const remembered = meta(db, 'secrets.kind');
  const check = meta(db, 'secrets.check');
  if (remembered !== undefined && remembered !== source.kind) throw new SecretKeyError(switchMessage(remembered));
  const box = new SecretBox(keyOf(db, source, check !== undefined));
  if (check === undefined) {
    db.transaction(() => {
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('secrets.kind', ?)").run(source.kind);
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('secrets.check', ?)").run(box.seal(CHECK_TEXT, CHECK_PURPOSE));
    })();
    return box;
  }
  let opened: string;
  try {
    opened = box.open(check, CHECK_PURPOSE);
  } catch {
    throw new SecretKeyError(mismatchMessage(source));
  }
  if (!timingSafeEqual(Buffer.from(opened), Buffer.from(CHECK_TEXT))) throw new SecretKeyError(mismatchMessage(source));
  return box;
}

function keyOf(db: Db, source: SecretKeySource, established: boolean): Buffer {
  if (source.kind === 'os-keychain') return source.key;
  if (source.kind === 'passphrase') {
    if (source.passphrase.length === 0) throw new SecretKeyError('The passphrase is empty.');
    let salt = meta(db, 'secrets.salt');
    if (salt === undefined) {
      salt = randomBytes(16).toString('base64');
      db.prepare("INSERT INTO meta (key, value) VALUES ('secrets.salt', ?)").run(salt);
    }
    return scryptSync(source.passphrase.normalize('NFKC'), Buffer.from(salt, 'base64'), KEY_BYTES, SCRYPT);
  }
  return keyFile(source.dir, established);
}

/** Reads `<dir>/secret.key`, or creates it (O_EXCL, 0600) on a terminal that has no secrets yet. */
function keyFile(dir: string, established: boolean): Buffer {
  const file = join(dir, SECRET_KEY_FILE);
  if (!existsSync(file)) {
    if (established) {
      throw new SecretKeyError(
        `The key file ${file} is missing, so the stored passwords and keys cannot be read. ` +
          'Restore it from the backup you took together with the database; nothing has been changed.',
      );
    }
    const key = randomBytes(KEY_BYTES);
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, key);
    } finally {
      closeSync(fd);
    }
    return key;
  }
  const key = readFileSync(file);
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`The key file ${file} is damaged (it must hold 32 bytes); nothing has been changed.`);
  return key;
}

function switchMessage(remembered: string): string {
  if (remembered === 'passphrase') {
    return "This terminal's stored passwords and keys are protected by a passphrase: start it with --passphrase-file FILE or GRIDDESK_PASSPHRASE.";
  }
  if (remembered === 'os-keychain') return "This terminal's stored passwords and keys are protected by the desktop app's OS keychain; open it in the GridDesk app.";
  return "This terminal's stored passwords and keys are protected by its secret.key file, not a passphrase: start it without one.";
}

function mismatchMessage(source: SecretKeySource): string {
  if (source.kind === 'passphrase') return 'The passphrase is wrong for this terminal; nothing has been changed.';
  if (source.kind === 'key-file') return `The key file ${join(source.dir, SECRET_KEY_FILE)} does not belong to this terminal's database; nothing has been changed.`;
  return "The OS keychain's key does not belong to this terminal's database; nothing has been changed.";
}
