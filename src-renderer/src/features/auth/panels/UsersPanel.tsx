import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type UserView } from '../../../../../src-shared/domain/schemas';
import { call, subscribe } from '../../../transport/client';
import { timeOfDay } from '../../../ui/format';
import { useNow } from '../../../ui/hooks/useNow';
import { useSession } from '../session';
import { UserSiteCell, useUserSites } from '../../delivery/public';
import '../../../ui/admin.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

/** The admin's list of people on this terminal: add someone, change a role, unlock after failed logins. */
export function UsersPanel() {
  const { t, i18n } = useTranslation();
  const me = useSession((s) => s.user);
  const now = useNow(10_000);
  const [users, setUsers] = useState<UserView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState({ username: '', displayName: '', password: '', role: 'trader' as Role });

  const report = useCallback((err: unknown) => setError(err), []);
  const reload = useCallback(() => call('auth.users.list', {}).then(setUsers, report), [report]);
  useEffect(() => {
    void reload();
  }, [reload]);
  // Another administrator's change, or a lock after failed sign-ins, shows as it happens.
  useEffect(
    () =>
      subscribe('auth.users.changed', (changed) =>
        setUsers((list) => (list.some((u) => u.id === changed.id) ? list.map((u) => (u.id === changed.id ? changed : u)) : [...list, changed])),
      ),
    [],
  );
  const sites = useUserSites(report);

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
      <ErrorBanner error={error} />
      <table className="admin-table" aria-label={t('panels.users')}>
        <thead>
          <tr>
            <th>{t('setup.username')}</th>
            <th>{t('setup.displayName')}</th>
            <th>{t('auth.role')}</th>
            <th>{t('delivery.site')}</th>
            <th>{t('auth.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const locked = u.lockedUntil !== null && u.lockedUntil > now;
            // The simulator's participants are the terminal's own: the core refuses any edit, so none is offered.
            if (u.system) {
              return (
                <tr key={u.id} data-username={u.username} data-system="true" className="system-user" title={t('auth.systemNote')}>
                  <td dir="ltr">{u.username}</td>
                  {/* The core names its own participants in English; a second one of a kind is "<name>-2". */}
                  <td>{t(`auth.systemNames.${u.username.replace(/-\d+$/, '')}`, { defaultValue: u.displayName })}</td>
                  <td>{t(`auth.roles.${u.role}`)}</td>
                  <td>—</td>
                  <td>
                    <span className="badge">{t('auth.system')}</span>
                  </td>
                  <td />
                </tr>
              );
            }
            return (
              <tr key={u.id} data-username={u.username}>
                <td dir="ltr">{u.username}</td>
                <td>{u.displayName}</td>
                <td>
                  <select
                    aria-label={t('auth.roleOf', { name: u.username })}
                    value={u.role}
                    disabled={u.id === me?.id}
                    title={u.id === me?.id ? t('auth.ownRole') : undefined}
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
                  <UserSiteCell user={u} site={sites.sites.get(u.id) ?? null} onSaved={() => void sites.reload()} onError={report} />
                </td>
                <td data-testid="user-status">{locked ? t('auth.lockedUntil', { time: timeOfDay(u.lockedUntil!, i18n.language) }) : u.disabled ? t('auth.disabled') : t('auth.active')}</td>
                <td>
                  {locked && (
                    <button type="button" className="link" onClick={() => void change(() => call('auth.users.unlock', { userId: u.id }))}>
                      {t('auth.unlock')}
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
