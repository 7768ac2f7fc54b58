/**
 * Encrypting and decrypting the wallet keystore off the core's thread (see keystore-worker.ts).
 * api/spawn-worker.ts finds the worker's file, in a build and from the sources alike.
 */
import { spawnWorker } from '../api/spawn-worker';

/** What a keystore holds: the key, and for a mnemonic wallet its entropy (ethers' `x-ethers` part). */
export interface KeystoreSecret {
  address: string;
  privateKey: string;
  mnemonic: { entropy: string; path: string | null } | null;
}

export type KeystoreJob =
  | { op: 'encrypt'; account: { address: string; privateKey: string; mnemonic?: { entropy: string; path: string } }; password: string; scryptN: number }
  | { op: 'decrypt'; json: string; password: string };

export type KeystoreAnswer =
  | { ok: true; op: 'encrypt'; json: string }
  | { ok: true; op: 'decrypt'; account: KeystoreSecret }
  | { ok: false; wrongPassword: boolean };

function runJob(job: KeystoreJob): Promise<KeystoreAnswer> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker('keystore-worker', job);
    let answered = false;
    worker.once('message', (answer: KeystoreAnswer) => {
      answered = true;
      resolve(answer);
      void worker.terminate();
    });
    // Not the error's text: it could quote what the worker was handling.
    worker.once('error', () => reject(new Error('the keystore worker failed')));
    worker.once('exit', () => {
      if (!answered) reject(new Error('the keystore worker ended without an answer'));
    });
  });
}

export async function encryptKeystore(secret: KeystoreSecret, password: string, scryptN: number): Promise<string> {
  const account = { address: secret.address, privateKey: secret.privateKey, ...(secret.mnemonic ? { mnemonic: { entropy: secret.mnemonic.entropy, path: secret.mnemonic.path ?? "m/44'/60'/0'/0/0" } } : {}) };
  const answer = await runJob({ op: 'encrypt', account, password, scryptN });
  if (!answer.ok || answer.op !== 'encrypt') throw new Error('the keystore could not be encrypted');
  return answer.json;
}

/** The secret, or 'wrong' for a wrong password; throws for a damaged keystore. */
export async function decryptKeystore(json: string, password: string): Promise<KeystoreSecret | 'wrong'> {
  const answer = await runJob({ op: 'decrypt', json, password });
  if (answer.ok && answer.op === 'decrypt') return answer.account;
  if (!answer.ok && answer.wrongPassword) return 'wrong';
  throw new Error('the stored keystore could not be read');
}
