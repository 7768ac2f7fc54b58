import { create } from 'zustand';
import type { Role, UserView } from '../../../../src-shared/domain/schemas';
import { call, subscribe, wsTransport } from '../../transport/client';

type Phase = 'loading' | 'setup' | 'login' | 'ready' | 'unreachable';

const TOKEN_KEY = 'griddesk.session';

interface SessionState {
  phase: Phase;
  user: UserView | null;
  notice: string | null;
  connected: boolean;
  init(): Promise<void>;
  setup(input: { setupToken?: string; username: string; displayName: string; password: string }): Promise<void>;
  login(username: string, password: string): Promise<void>;
  /** Signs in with an administrator's one-time reset code, replacing the password in the same step. */
  redeemReset(username: string, code: string, newPassword: string): Promise<void>;
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
      const status = await call('auth.status', {});
      if (status.needsSetup) return set({ phase: 'setup' });
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) {
        try {
          const session = await call('auth.resume', { token });
          return set({ phase: 'ready', user: session.user });
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

  async login(username, password) {
    const unlockToken = unlockTokenFromLocation();
    let session;
    try {
      session = await call('auth.login', { username, password, ...(unlockToken ? { unlockToken } : {}) });
    } finally {
      // The link works once, whatever the answer: a retry must not send a burnt token.
      if (unlockToken) history.replaceState(null, '', location.pathname);
    }
    sessionStorage.setItem(TOKEN_KEY, session.token);
    set({ phase: 'ready', user: session.user, notice: null });
  },

  async redeemReset(username, code, newPassword) {
    const session = await call('auth.redeemReset', { username, code, newPassword });
    sessionStorage.setItem(TOKEN_KEY, session.token);
    set({ phase: 'ready', user: session.user, notice: null });
  },

  async logout() {
    try {
      await call('auth.logout', {});
    } finally {
      sessionStorage.removeItem(TOKEN_KEY);
      if (get().phase === 'ready') set({ phase: 'login', user: null });
    }
  },
}));

export function endSessionLocally(notice: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  useSession.setState({ phase: 'login', user: null, notice });
}

subscribe('auth.sessionEnded', (event) => endSessionLocally(event.reason));

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
