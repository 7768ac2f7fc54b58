import { create } from 'zustand';
import type { Role, UserView } from '../../../../src-shared/domain/schemas';
import { ApiError } from '../../transport/api-error';
import { call, onRefusal, subscribe, wsTransport } from '../../transport/client';
import { learnCoreTime } from '../../transport/core-clock';

/** 'enrol': signed in, but the administrators require a second factor this account lacks. */
type Phase = 'loading' | 'setup' | 'login' | 'enrol' | 'ready' | 'unreachable';

const TOKEN_KEY = 'griddesk.session';

interface SessionState {
  phase: Phase;
  user: UserView | null;
  notice: string | null;
  connected: boolean;
  init(): Promise<void>;
  setup(input: { setupToken?: string; username: string; displayName: string; password: string }): Promise<void>;
  /** `totpCode`: the second factor of an enrolled account (asked for once the core answers TOTP_REQUIRED). */
  login(username: string, password: string, totpCode?: string): Promise<void>;
  /** Signs in with an administrator's one-time reset code, replacing the password in the same step. */
  redeemReset(username: string, code: string, newPassword: string, totpCode?: string): Promise<void>;
  /** Enrolment finished: the workspace opens. */
  enrolled(): void;
  logout(): Promise<void>;
}

/** The one-time administrator unlock link (`#/login?unlock=…`) that the terminal's console prints. */
function unlockTokenFromLocation(): string | undefined {
  const query = location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?') + 1) : '';
  return new URLSearchParams(query).get('unlock') ?? undefined;
}

export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  user: null,
  notice: null,
  connected: true,

  async init() {
    try {
      const sentAt = Date.now();
      const status = await call('auth.status', {});
      learnCoreTime(status.now, sentAt, Date.now());
      if (status.needsSetup) return set({ phase: 'setup' });
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) {
        try {
          const session = await call('auth.resume', { token });
          return set({ phase: session.mustEnrolTotp ? 'enrol' : 'ready', user: session.user });
        } catch {
          sessionStorage.removeItem(TOKEN_KEY);
        }
      }
      set({ phase: 'login' });
    } catch {
      set({ phase: 'unreachable' });
    }
  },

  async setup(input) {
    const session = await call('auth.setup', input);
    sessionStorage.setItem(TOKEN_KEY, session.token);
    history.replaceState(null, '', location.pathname);
    set({ phase: 'ready', user: session.user, notice: null });
  },

  async login(username, password, totpCode) {
    const unlockToken = unlockTokenFromLocation();
    let session;
    try {
      session = await call('auth.login', { username, password, ...(unlockToken ? { unlockToken } : {}), ...(totpCode ? { totpCode } : {}) });
    } finally {
      // The link works once, whatever the answer: a retry must not send a burnt token.
      if (unlockToken) history.replaceState(null, '', location.pathname);
    }
    sessionStorage.setItem(TOKEN_KEY, session.token);
    set({ phase: session.mustEnrolTotp ? 'enrol' : 'ready', user: session.user, notice: null });
  },

  async redeemReset(username, code, newPassword, totpCode) {
    const session = await call('auth.redeemReset', { username, code, newPassword, ...(totpCode ? { totpCode } : {}) });
    sessionStorage.setItem(TOKEN_KEY, session.token);
    set({ phase: session.mustEnrolTotp ? 'enrol' : 'ready', user: session.user, notice: null });
  },

  enrolled() {
    const user = get().user;
    set({ phase: 'ready', user: user ? { ...user, totpEnrolled: true } : user });
  },

  async logout() {
    try {
      await call('auth.logout', {});
    } finally {
      sessionStorage.removeItem(TOKEN_KEY);
      if (get().phase === 'ready' || get().phase === 'enrol') set({ phase: 'login', user: null });
    }
  },
}));

/** The core asked for the second factor: the sign-in form shows its code field. */
export function needsSecondFactor(err: unknown): boolean {
  return err instanceof ApiError && err.error.reason === 'TOTP_REQUIRED';
}

export function endSessionLocally(notice: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  useSession.setState({ phase: 'login', user: null, notice });
}

subscribe('auth.sessionEnded', (event) => endSessionLocally(event.reason));

// An administrator required two-factor sign-in while this account was in the workspace: enrolment comes first now.
onRefusal((error) => {
  if (error.reason === 'TOTP_ENROLMENT_REQUIRED' && useSession.getState().phase === 'ready') useSession.setState({ phase: 'enrol' });
});

if (wsTransport) {
  wsTransport.onConnectionChange = (connected) => useSession.setState({ connected });
  // A new socket knows nobody: resume the session before queued calls are sent.
  wsTransport.onReconnect = async () => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return;
    const result = await wsTransport!.callNow('auth.resume', { token });
    if (!result.ok) endSessionLocally(result.error.code);
  };
}

/** The same role lists the contract checks (kit.ts), so a control is shown only when its call would pass. */
export function hasRole(role: Role | undefined, allowed: readonly Role[]): boolean {
  return role !== undefined && allowed.includes(role);
}

/** `hasRole` for the signed-in user. */
export function useHasRole(allowed: readonly Role[]): boolean {
  return useSession((s) => hasRole(s.user?.role, allowed));
}
