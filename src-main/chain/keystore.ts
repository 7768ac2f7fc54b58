/**
 * Encrypting and decrypting the wallet keystore off the core's thread (see keystore-worker.ts).
 *
 * Worker file: `keystore-worker.js` next to the running module (the built app), else the
 * TypeScript source loaded through tsx's `tsImport` (development and tests), as the forecast
 * worker is found.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

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

function spawnWorker(workerData: KeystoreJob): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'keystore-worker.js'), join(here, '..', 'keystore-worker.js')]) {
    if (existsSync(candidate)) return new Worker(candidate, { workerData });
  }
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  const file = [join(here, 'keystore-worker.ts'), join(here, '..', '..', 'src-main', 'chain', 'keystore-worker.ts')].find((f) => existsSync(f));
  if (!file) throw new Error('the keystore worker is missing from this build (keystore-worker.js)');
  const source = pathToFileURL(file).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function runJob(job: KeystoreJob): Promise<KeystoreAnswer> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(job);
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
