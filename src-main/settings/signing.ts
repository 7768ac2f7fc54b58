import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { Db } from '../store/database';
import type { SecretBox } from '../store/secret-box';

const PURPOSE = 'settings.signing.key';

/**
 * JSON with every object's keys in sorted order, so the signed bytes do not depend on how a file
 * was re-serialised on its way between terminals.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether `signature` (base64) is an Ed25519 signature by `publicKey` (base64 SPKI DER) of `text`. */
export function verifySigned(text: string, publicKey: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The terminal's own Ed25519 key: generated once, its private half sealed by the secret box like
 * the other secrets at rest, so a copy of the database alone cannot sign a settings file.
 */
export class TerminalKey {
  constructor(
    private readonly db: Db,
    private readonly secrets: () => SecretBox,
    private readonly now: () => number,
  ) {}

  private row(): { public_key: string; private_key: string } {
    const found = this.db.prepare('SELECT public_key, private_key FROM settings_identity WHERE id = 1').get() as { public_key: string; private_key: string } | undefined;
    if (found) return found;
    const pair = generateKeyPairSync('ed25519');
    const row = {
      public_key: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      private_key: this.secrets().seal(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), PURPOSE),
    };
    this.db.prepare('INSERT INTO settings_identity (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?)').run(row.public_key, row.private_key, this.now());
    return row;
  }

  publicKey(): string {
    return this.row().public_key;
  }

  sign(text: string): string {
    const key = createPrivateKey(this.secrets().open(this.row().private_key, PURPOSE));
    return sign(null, Buffer.from(text, 'utf8'), key).toString('base64');
  }
}

/** Whether `publicKey` (base64 SPKI DER) is an Ed25519 public key. */
export function isEd25519PublicKey(publicKey: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}
