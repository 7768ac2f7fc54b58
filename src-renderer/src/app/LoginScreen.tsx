import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../features/auth/public';
import { AuthCard } from './AuthCard';
import { ErrorBanner } from '../ui/errors/ErrorBanner';

export function LoginScreen() {
  const { t } = useTranslation();
  const { login, notice } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t('login.title')}>
      {notice && <p className="notice">{t(`errors.${notice === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED'}`)}</p>}
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span>{t('login.username')}</span>
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorBanner error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </AuthCard>
  );
}
