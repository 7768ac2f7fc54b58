import { generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson } from '../../src-main/settings/signing';
import type { Client } from '../helpers/core';

/** A settings file body re-signed by a key of the test's own, which the terminal is told to trust (as a second terminal's would be). */
export async function signedByTrusted(admin: Client, body: Record<string, unknown>): Promise<string> {
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  await admin.ok('settings.trust.add', { publicKey, label: 'plant 2' });
  const { signature: _old, ...rest } = body;
  const unsigned = { ...rest, publicKey };
  return JSON.stringify({ ...unsigned, signature: sign(null, Buffer.from(canonicalJson(unsigned)), pair.privateKey).toString('base64') });
}
