/**
 * Worker-thread entry for the wallet keystore: ethers' scrypt keystore takes about a second to
 * encrypt or decrypt, which on the core's thread would stall every call and event for that long.
 * One job per worker; the answer goes back by message and the worker ends. Nothing here logs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decryptKeystoreJson, encryptKeystoreJson, isError } from 'ethers';
import type { KeystoreJob, KeystoreAnswer } from './keystore';

const job = workerData as KeystoreJob;
const post = (answer: KeystoreAnswer): void => parentPort?.postMessage(answer);

async function run(): Promise<KeystoreAnswer> {
  if (job.op === 'encrypt') {
    const json = await encryptKeystoreJson(job.account, job.password, { scrypt: { N: job.scryptN } });
    return { ok: true, op: 'encrypt', json };
  }
  try {
    const account = await decryptKeystoreJson(job.json, job.password);
    const mnemonic = account.mnemonic?.entropy ? { entropy: account.mnemonic.entropy, path: account.mnemonic.path ?? null } : null;
    return { ok: true, op: 'decrypt', account: { address: account.address, privateKey: account.privateKey, mnemonic } };
  } catch (err) {
    // ethers names a wrong password by its argument; anything else is a damaged keystore.
    if (isError(err, 'INVALID_ARGUMENT') && err.argument === 'password') return { ok: false, wrongPassword: true };
    return { ok: false, wrongPassword: false };
  }
}

run().then(post, () => post({ ok: false, wrongPassword: false }));
