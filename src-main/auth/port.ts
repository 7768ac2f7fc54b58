import type { Role } from '../../src-shared/domain/schemas';

/** What other domains may know of the user accounts: who exists and under which name and role. */
export interface UsersPort {
  /** Every account, oldest first; `system` marks the terminal's own participants (no password). */
  list(): Array<{ userId: number; username: string; role: Role; system: boolean }>;
  username(userId: number): string | null;
  /** How many accounts exist: none means the terminal still waits for its first administrator. */
  count(): number;
  /**
   * Creates an account no password can sign in to, for a participant the core runs itself (the
   * simulator's market maker). Runs inside the caller's write transaction; the name gets a number
   * appended while it is taken.
   */
  createSystemUser(base: string, displayName: string, role: Role, now: number): { userId: number; username: string; role: Role };
}
