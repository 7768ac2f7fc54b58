import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type UserView } from '../../../../../src-shared/domain/schemas';
import type { AuthSettingsView, TotpRequirement } from '../../../../../src-shared/contract/auth';
import { call, subscribe } from '../../../transport/client';
import { dayTime, timeOfDay } from '../../../ui/format';
import { useNow } from '../../../ui/hooks/useNow';
import { useSession } from '../session';
import { UserSiteCell, useUserSites } from '../../delivery/public';
import { UserPortfolioCell, useUserPortfolios } from '../../risk/public';
import '../../../ui/admin.css';
import '../account.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

/**
 * The admin's list of people on this terminal: add someone, change a role, unlock after failed
 * logins, disable and enable, and hand over a one-time password reset code (shown only here, once).
 */
export function UsersPanel() {
  const { t, i18n } = useTranslation();
  const me = useSession((s) => s.user);
  const now = useNow(10_000);
  const [users, setUsers] = useState<UserView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState({ username: '', displayName: '', password: '', role: 'trader' as Role });
  const [settings, setSettings] = useState<AuthSettingsView | null>(null);
  const [minLength, setMinLength] = useState('');
  const [policySaved, setPolicySaved] = useState(false);
  const [issued, setIssued] = useState<{ username: string; code: string; expiresAt: number } | null>(null);

  const report = useCallback((err: unknown) => setError(err), []);
  const reload = useCallback(() => call('auth.users.list', {}).then(setUsers, report), [report]);
  useEffect(() => {
    void reload();
    // Another administrator's change, or a lock by failed sign-ins, shows without a reload.
    return subscribe('auth.users.changed', () => void reload());
  }, [reload]);
  const sites = useUserSites(report);
  const portfolios = useUserPortfolios(report);
  useEffect(() => {
    call('auth.settings.get', {}).then((loaded) => {
      setSettings(loaded);
      setMinLength(String(loaded.minPasswordLength));
    }, report);
  }, [report]);

  async function saveSettings(change: Partial<AuthSettingsView>) {
    setError(null);
    setPolicySaved(false);
    try {
      const saved = await call('auth.settings.set', change);
      setSettings(saved);
      setMinLength(String(saved.minPasswordLength));
      if (change.minPasswordLength !== undefined) setPolicySaved(true);
      // A requirement that now covers this administrator, who has no second factor, takes effect at once
      // instead of at whichever call of the workspace happens to be refused next.
      if (change.requireTotp !== undefined) {
        const own = await call('auth.totp.status', {});
        if (own.required && !own.enrolled) useSession.setState({ phase: 'enrol' });
      }
    } catch (err) {
      report(err);
    }
  }

  function saveMinLength(event: FormEvent) {
    event.preventDefault();
    // The core checks the bound (10 to 256) and names the field when it refuses.
    void saveSettings({ minPasswordLength: Number(minLength) });
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await call('auth.users.create', draft);
      setDraft({ username: '', displayName: '', password: '', role: draft.role });
      await reload();
    } catch (err) {
      report(err);
    }
  }

  async function change(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await reload();
    } catch (err) {
      report(err);
    }
  }

  async function resetPassword(user: UserView) {
    setError(null);
    setIssued(null);
    try {
      const { code, expiresAt } = await call('auth.users.resetPassword', { userId: user.id });
      setIssued({ username: user.username, code, expiresAt });
    } catch (err) {
      report(err);
    }
  }

  return (
    <div className="admin-panel">
      <form className="row admin-create" onSubmit={create} aria-label={t('auth.addUser')}>
        <input name="newUsername" dir="ltr" placeholder={t('setup.username')} aria-label={t('setup.username')} value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
        <input name="newDisplayName" placeholder={t('setup.displayName')} aria-label={t('setup.displayName')} value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
        <input name="newPassword" type="password" autoComplete="new-password" placeholder={t('setup.password')} aria-label={t('setup.password')} value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
        <select name="newRole" aria-label={t('auth.role')} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`auth.roles.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!draft.username || !draft.displayName || !draft.password}>
          {t('auth.addUser')}
        </button>
      </form>
      <form className="admin-setting" onSubmit={saveMinLength} aria-label={t('auth.policy.minLength')}>
        <label className="admin-setting">
          <span>{t('auth.policy.minLength')}</span>
          <input name="minPasswordLength" type="number" min={10} max={256} dir="ltr" value={minLength} disabled={settings === null} onChange={(e) => setMinLength(e.target.value)} />
        </label>
        <button type="submit" disabled={settings === null || minLength === String(settings.minPasswordLength)}>
          {t('auth.policy.save')}
        </button>
        {policySaved && settings && (
          <span role="status" className="muted">
            {t('auth.policy.saved', { min: settings.minPasswordLength })}
          </span>
        )}
      </form>
      <label className="admin-setting">
        <span>{t('auth.totp.requirement')}</span>
        <select name="requireTotp" value={settings?.requireTotp ?? 'nobody'} disabled={settings === null} onChange={(e) => void saveSettings({ requireTotp: e.target.value as TotpRequirement })}>
          {(['nobody', 'admins', 'everyone'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`auth.totp.require.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={error} />
      {issued && (
        <div className="notice" role="status" data-testid="reset-code">
          <p>{t('auth.reset.issued', { name: issued.username, time: dayTime(issued.expiresAt, i18n.language) })}</p>
          <p className="one-time-code" dir="ltr">
            {issued.code}
          </p>
          <button type="button" className="link" onClick={() => setIssued(null)}>
            {t('auth.reset.hide')}
          </button>
        </div>
      )}
      <table className="admin-table" aria-label={t('panels.users')}>
        <thead>
          <tr>
            <th>{t('setup.username')}</th>
            <th>{t('setup.displayName')}</th>
            <th>{t('auth.role')}</th>
            <th>{t('delivery.site')}</th>
            <th>{t('risk.desk.portfolio')}</th>
            <th>{t('auth.status')}</th>
            <th>{t('auth.lastSignIn')}</th>
            <th>{t('auth.failedAttempts')}</th>
            <th>{t('auth.totp.column')}</th>
            <th>{t('auth.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const locked = u.lockedUntil !== null && u.lockedUntil > now;
            return (
              <tr key={u.id} data-username={u.username}>
                <td dir="ltr">{u.username}</td>
                <td>
                  {u.displayName}
                  {/* The simulator's participants stand for the outside market: their accounts are fixed. */}
                  {u.system && (
                    <span className="badge muted" data-testid="system-user">
                      {' '}
                      {t('auth.systemUser')}
                    </span>
                  )}
                </td>
                <td>
                  <select
                    aria-label={t('auth.roleOf', { name: u.username })}
                    value={u.role}
                    disabled={u.id === me?.id || u.system}
                    title={u.id === me?.id ? t('auth.ownRole') : u.system ? t('auth.systemUserFixed') : undefined}
                    onChange={(e) => void change(() => call('auth.users.setRole', { userId: u.id, role: e.target.value as Role }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`auth.roles.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {u.system ? null : <UserSiteCell user={u} site={sites.sites.get(u.id) ?? null} onSaved={() => void sites.reload()} onError={report} />}
                </td>
                <td>
                  {u.system ? null : (
                    <UserPortfolioCell user={u} portfolio={portfolios.ofUser.get(u.id) ?? null} portfolios={portfolios.names} onSaved={() => void portfolios.reload()} onError={report} />
                  )}
                </td>
                <td data-testid="user-status">
                  {u.disabled ? t('auth.disabled') : locked ? t('auth.lockedUntil', { time: timeOfDay(u.lockedUntil!, i18n.language) }) : t('auth.active')}
                </td>
                <td>{u.system ? null : u.lastLoginAt === null ? t('auth.never') : dayTime(u.lastLoginAt, i18n.language)}</td>
                <td data-testid="failed-attempts">{u.system ? null : u.failedLogins}</td>
                <td data-testid="totp-enrolled">{u.system ? null : t(u.totpEnrolled ? 'auth.totp.on' : 'auth.totp.off')}</td>
                <td className="admin-actions">
                  {locked && (
                    <button type="button" className="link" onClick={() => void change(() => call('auth.users.unlock', { userId: u.id }))}>
                      {t('auth.unlock')}
                    </button>
                  )}
                  {!u.system && u.id !== me?.id && (
                    <button
                      type="button"
                      className="link"
                      aria-label={t(u.disabled ? 'auth.enableOf' : 'auth.disableOf', { name: u.username })}
                      onClick={() => void change(() => call('auth.users.setDisabled', { userId: u.id, disabled: !u.disabled }))}
                    >
                      {t(u.disabled ? 'auth.enable' : 'auth.disable')}
                    </button>
                  )}
                  {!u.system && (
                    <button type="button" className="link" aria-label={t('auth.reset.issueFor', { name: u.username })} onClick={() => void resetPassword(u)}>
                      {t('auth.reset.issue')}
                    </button>
                  )}
                  {u.totpEnrolled && (
                    <button type="button" className="link" aria-label={t('auth.totp.resetFor', { name: u.username })} onClick={() => void change(() => call('auth.users.resetTotp', { userId: u.id }))}>
                      {t('auth.totp.reset')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
