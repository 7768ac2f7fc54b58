import { randomBytes } from 'node:crypto';
import { defineDomain, type Domain } from '../api/domain';
import type { Recorder } from '../api/recorder';
import type { SessionCheck } from '../api/router';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import { AdminUnlock } from './admin-unlock';
import { AuthService } from './auth-service';
import { PasswordGate } from './password-gate';
import { DEFAULT_AUTH_POLICY, type AuthPolicy } from './policy';
import type { UsersPort } from './port';
import { ResetsRepo } from './resets-repo';
import { SecondFactor } from './second-factor';
import { AuthSettingsRepo } from './settings-repo';
import type { SecretBox } from '../store/secret-box';
import { SessionsRepo } from './sessions-repo';
import { isSystemHash, UsersRepo } from './users-repo';

export { DEFAULT_AUTH_POLICY, type AuthPolicy } from './policy';
export { issueAdminUnlock } from './admin-unlock';
export type { UsersPort } from './port';

export interface Auth {
  domain: Domain<'auth'>;
  sessions: SessionCheck;
  users: UsersPort;
  /** The first-run link's token while no administrator exists; null afterwards. */
  pendingSetupToken(): string | null;
}

/**
 * Not a scrypt hash, so no password can ever match it. The random part keeps two terminals' rows
 * from looking identical.
 */
function unusableHash(): string {
  return `disabled$${randomBytes(24).toString('base64')}`;
}

/** The auth domain: first-run setup, sign-in and sessions, and the administrator's user accounts. */
export function createAuth(deps: {
  db: Db;
  recorder: Recorder;
  clock: Clock;
  policy?: Partial<AuthPolicy>;
  terminalId: string;
  version: string;
  /** Where the host's console leaves a one-time administrator unlock link; null: no such link. */
  dataDir: string | null;
  /** Seals the TOTP secrets; asked for only once calls arrive (the box opens after the core's replay). */
  secrets: () => SecretBox;
}): Auth {
  const policy = { ...DEFAULT_AUTH_POLICY, ...deps.policy };
  const users = new UsersRepo(deps.db);
  const settings = new AuthSettingsRepo(deps.db);
  const gate = new PasswordGate(users, policy);
  const service = new AuthService(users, new SessionsRepo(deps.db), new ResetsRepo(deps.db), settings, new SecondFactor(deps.db, deps.secrets, 'GridDesk', () => settings.get().requireTotp), deps.recorder, gate, new AdminUnlock(deps.dataDir), policy, deps.terminalId, deps.version);
  const port: UsersPort = {
    list: () => users.list().map((u) => ({ userId: u.id, username: u.username, role: u.role, system: isSystemHash(u.passwordHash) })),
    username: (userId) => users.findById(userId)?.username ?? null,
    count: () => users.count(),
    createSystemUser: (base, displayName, role, now) => {
      let username = base;
      for (let n = 2; users.findByName(username); n++) username = `${base}-${n}`;
      const created = users.create({ username, displayName, role, passwordHash: unusableHash(), createdAt: now });
      return { userId: created.id, username: created.username, role: created.role };
    },
  };
  return {
    // Once a second: sessions that ran out end now, and their connections hear it without calling.
    domain: defineDomain('auth', { handlers: service.handlers(), tick: () => service.endExpiredSessions(deps.clock.now()) }),
    sessions: service,
    users: port,
    pendingSetupToken: () => service.pendingSetupToken(),
  };
}
