import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Codes a person reads off one screen and types into another (password reset codes, recovery
 * codes): Crockford's base32 without I, L, O and U, so nothing reads as another letter, grouped by
 * four. Twenty characters carry 100 random bits: far beyond guessing behind the sign-in throttle,
 * so a fast hash suffices to store them (as for session tokens), and lookups need no scrypt.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newOneTimeCode(groups: number): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g++) {
    let part = '';
    for (let i = 0; i < 4; i++) part += ALPHABET[randomInt(ALPHABET.length)];
    parts.push(part);
  }
  return parts.join('-');
}

/** What was typed, as it was issued: case, spaces and dashes do not matter, and O/I/L read as 0/1/1. */
export function normaliseCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function hashCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
