import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../../src-shared/domain/errors';

/** Today's rule (PasswordSchema): an administrator may ask for more, never for less. */
export const MIN_PASSWORD_FLOOR = 10;
export const MAX_PASSWORD_LENGTH = 256;

const LIST_FILE = 'common-passwords.txt';

/** Where the list is: GRIDDESK_RESOURCES (packaged Electron), else the repository's resources/ from the sources or from out/main. */
function listFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const env = process.env['GRIDDESK_RESOURCES'];
  const candidates = [...(env ? [join(env, 'passwords')] : []), join(here, '..', '..', 'resources', 'passwords'), join(here, '..', '..', '..', 'resources', 'passwords')];
  const found = candidates.find((dir) => existsSync(join(dir, LIST_FILE)));
  if (!found) throw new Error(`The common-password list is missing (looked in ${candidates.join(', ')}).`);
  return join(found, LIST_FILE);
}

let common: ReadonlySet<string> | null = null;

/** Loaded once, at the first password set, and kept: under two thousand short words. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(listFile(), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line !== ''),
  );
  return common;
}

/** Whether a password is a listed one, or a listed word with only digits and symbols around it. */
export function isCommonPassword(password: string): boolean {
  const plain = password.normalize('NFKC').toLowerCase();
  const core = plain.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const list = commonPasswords();
  return list.has(plain) || (core !== '' && list.has(core));
}

/**
 * The administrators' rules for a new password, checked wherever one is set (setup, new user,
 * change, reset). Refused with the rule's code, so the renderer words it.
 */
export function checkNewPassword(password: string, minLength: number, field: string): void {
  if ([...password].length < minLength) {
    fail('REJECTED', `The password must be at least ${minLength} characters long.`, { field, reason: 'PASSWORD_TOO_SHORT', params: { min: minLength } });
  }
  if (isCommonPassword(password)) {
    fail('REJECTED', 'This password is among the most common ones; choose another.', { field, reason: 'PASSWORD_COMMON' });
  }
}
