import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt is memory-hard and ships with Node, so hashing needs no native addon in Electron.
 * N=2^15, r=8 costs 32 MiB per hash: slow for an attacker, ~100 ms for a login.
 */
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...params, maxmem: PARAMS.maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) {
    // A disabled or system account: nothing matches, but it must cost what a wrong password costs.
    await verifyPassword(password, decoy);
    return false;
  }
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * What a name that does not exist (or a locked account) is checked against, so the answer costs the
 * same scrypt as a wrong password. A random key under a random salt with today's parameters: no
 * password derives it, and making it costs no hash, so the first such attempt is not slower either.
 */
const decoy = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${randomBytes(16).toString('base64')}$${randomBytes(KEY_LENGTH).toString('base64')}`;
export function decoyHash(): string {
  return decoy;
}
