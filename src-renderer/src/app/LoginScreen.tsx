import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { needsSecondFactor, useSession } from '../features/auth/public';
import { AuthCard } from './AuthCard';
import { ErrorBanner } from '../ui/errors/ErrorBanner';

/** Sign-in by password, or with a one-time reset code from an administrator (which sets a new password at once). */
export function LoginScreen() {
  const [mode, setMode] = useState<'password' | 'reset'>('password');
  return mode === 'password' ? <PasswordForm onReset={() => setMode('reset')} /> : <ResetForm onBack={() => setMode('password')} />;
}

function PasswordForm({ onReset }: { onReset(): void }) {
  const { t } = useTranslation();
  const { login, notice } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Shown once the core answers that this account signs in with a second factor.
  const [askCode, setAskCode] = useState(false);
  const [totpCode, setTotpCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password, askCode ? totpCode.trim() : undefined);
    } catch (err) {
      if (needsSecondFactor(err)) setAskCode(true);
      else setError(err);
      setTotpCode('');
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
        {askCode && (
          <label className="field">
            <span>{t('auth.totp.signInCode')}</span>
            <input name="totpCode" dir="ltr" autoComplete="one-time-code" autoFocus required value={totpCode} onChange={(e) => setTotpCode(e.target.value)} />
            <small className="muted">{t('auth.totp.signInHint')}</small>
          </label>
        )}
        <ErrorBanner error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <button type="button" className="link" onClick={onReset}>
          {t('auth.reset.haveCode')}
        </button>
      </form>
    </AuthCard>
  );
}

function ResetForm({ onBack }: { onBack(): void }) {
  const { t } = useTranslation();
  const redeemReset = useSession((s) => s.redeemReset);
  const [draft, setDraft] = useState({ username: '', code: '', password: '', confirm: '', totpCode: '' });
  const [askCode, setAskCode] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.password !== draft.confirm) return setError(t('setup.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await redeemReset(draft.username, draft.code, draft.password, askCode ? draft.totpCode.trim() : undefined);
    } catch (err) {
      if (needsSecondFactor(err)) setAskCode(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t('auth.reset.title')}>
      <p className="muted">{t('auth.reset.intro')}</p>
      <form onSubmit={submit} className="stack" aria-label={t('auth.reset.title')}>
        <label className="field">
          <span>{t('login.username')}</span>
          <input name="username" autoComplete="username" required value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('auth.reset.code')}</span>
          <input name="resetCode" dir="ltr" autoComplete="one-time-code" spellCheck={false} required value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('auth.password.new')}</span>
          <input name="newPassword" type="password" autoComplete="new-password" required value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('auth.password.repeat')}</span>
          <input name="confirmPassword" type="password" autoComplete="new-password" required value={draft.confirm} onChange={(e) => setDraft({ ...draft, confirm: e.target.value })} />
        </label>
        {askCode && (
          <label className="field">
            <span>{t('auth.totp.signInCode')}</span>
            <input name="totpCode" dir="ltr" autoComplete="one-time-code" autoFocus required value={draft.totpCode} onChange={(e) => setDraft({ ...draft, totpCode: e.target.value })} />
            <small className="muted">{t('auth.totp.signInHint')}</small>
          </label>
        )}
        <ErrorBanner error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.reset.submit')}
        </button>
        <button type="button" className="link" onClick={onBack}>
          {t('auth.reset.back')}
        </button>
      </form>
    </AuthCard>
  );
}
