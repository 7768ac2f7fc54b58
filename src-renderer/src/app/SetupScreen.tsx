import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../features/auth/public';
import { isElectron } from '../transport/client';
import { ErrorBanner } from '../ui/errors/ErrorBanner';
import { useLocationHash } from '../ui/hooks/use-location-hash';
import { errorField, errorText } from '../ui/errors/error-text';
import { AuthCard } from './AuthCard';

function setupTokenFrom(hash: string): string | null {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : location.search.slice(1);
  return new URLSearchParams(query).get('token');
}

export function SetupScreen() {
  const { t } = useTranslation();
  const setup = useSession((s) => s.setup);
  const token = setupTokenFrom(useLocationHash());
  const [form, setForm] = useState({ username: '', displayName: '', password: '', confirm: '' });
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  if (!isElectron && !token) {
    return (
      <AuthCard title={t('setup.title')}>
        <p className="notice" role="alert">
          {t('setup.needLink')}
        </p>
      </AuthCard>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form.password !== form.confirm) return setError({ message: t('setup.mismatch'), field: 'confirm' });
    setBusy(true);
    setError(null);
    try {
      await setup({ username: form.username, displayName: form.displayName, password: form.password, ...(token ? { setupToken: token } : {}) });
    } catch (err) {
      const field = errorField(err);
      setError({ message: errorText(err, t), ...(field ? { field } : {}) });
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof typeof form, label: string, type = 'text', autoComplete = 'off') => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        aria-invalid={error?.field === name}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </label>
  );

  return (
    <AuthCard title={t('setup.title')}>
      <p className="muted">{t('setup.intro')}</p>
      <form onSubmit={submit} className="stack">
        {field('username', t('setup.username'), 'text', 'username')}
        {field('displayName', t('setup.displayName'), 'text', 'name')}
        {field('password', t('setup.password'), 'password', 'new-password')}
        {field('confirm', t('setup.confirm'), 'password', 'new-password')}
        <ErrorBanner error={error?.message} />
        <button type="submit" className="primary" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
    </AuthCard>
  );
}
