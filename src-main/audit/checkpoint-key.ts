import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file, in the data folder, that holds the key the audit checkpoints are signed with. */
export const CHECKPOINT_KEY_FILE = 'audit-checkpoint.key';

export interface CheckpointKey {
  privateKey: KeyObject;
  /** SPKI PEM: stored in the database and exported with the checkpoints, so anyone can verify them. */
  publicKeyPem: string;
  /** The first 16 hex digits of SHA-256 over the public key's DER bytes. */
  keyId: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/**
 * The Ed25519 key the audit checkpoints are signed with, as a PKCS8 PEM file readable by the
 * terminal's user only (0600), made on first start. It is held like the terminal's other secrets:
 * when the at-rest secrets helper lands, this file is to be encrypted with the at-rest key. Until
 * then, whoever can read the data folder can sign checkpoints; exported checkpoints kept off the
 * machine are what still catch a rewrite then (docs/audit-trail.md).
 */
export function loadOrCreateCheckpointKey(dataDir: string): CheckpointKey {
  const file = join(dataDir, CHECKPOINT_KEY_FILE);
  let privateKey: KeyObject;
  if (existsSync(file)) {
    // A copy restored with looser permissions is tightened rather than left readable.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} does not hold an Ed25519 key.`);
  } else {
    privateKey = generateKeyPairSync('ed25519').privateKey;
    // 'wx': never overwrite a key another process has just made.
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
}
