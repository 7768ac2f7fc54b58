import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../transport/client';
import { ErrorBanner } from '../../ui/errors/ErrorBanner';
import { TotpEnrolment } from './TotpEnrolment';
import './account.css';

/** The signed-in user's own account: every role changes its password and sets up two-factor sign-in here. */
export function AccountDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      onClose();
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [onClose]);
  return (
    <div className="account-backdrop" onClick={onClose}>
      <div className="account-dialog" role="dialog" aria-modal="true" aria-labelledby="account-title" onClick={(e) => e.stopPropagation()}>
        <header className="account-head">
          <h2 id="account-title">{t('auth.account.title')}</h2>
          <button type="button" className="ghost" onClick={onClose} aria-label={t('common.close')}>
            ✕
          </button>
        </header>
        <AccountSection title={t('auth.password.changeTitle')}>
          <ChangePasswordForm />
        </AccountSection>
        <AccountSection title={t('auth.totp.title')}>
          <TotpEnrolment />
        </AccountSection>
      </div>
    </div>
  );
}

export function AccountSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="account-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Current password, then the new one twice; the other sessions of the account end, this one stays. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ current: '', next: '', confirm: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (draft.next !== draft.confirm) return setError(t('setup.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await call('auth.changePassword', { currentPassword: draft.current, newPassword: draft.next });
      setDraft({ current: '', next: '', confirm: '' });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-label={t('auth.password.changeTitle')}>
      <label className="field">
        <span>{t('auth.password.current')}</span>
        <input name="currentPassword" type="password" autoComplete="current-password" required value={draft.current} onChange={(e) => setDraft({ ...draft, current: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('auth.password.new')}</span>
        <input name="newPassword" type="password" autoComplete="new-password" required value={draft.next} onChange={(e) => setDraft({ ...draft, next: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('auth.password.repeat')}</span>
        <input name="confirmPassword" type="password" autoComplete="new-password" required value={draft.confirm} onChange={(e) => setDraft({ ...draft, confirm: e.target.value })} />
      </label>
      <ErrorBanner error={error} />
      {done && (
        <p className="notice" role="status">
          {t('auth.password.changed')}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('auth.password.submit')}
      </button>
    </form>
  );
}
