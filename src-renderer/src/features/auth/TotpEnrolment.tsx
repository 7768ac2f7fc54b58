import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../transport/client';
import { ErrorBanner } from '../../ui/errors/ErrorBanner';
import './account.css';

type Step = { kind: 'loading' } | { kind: 'off' } | { kind: 'on' } | { kind: 'scan'; secret: string; qr: string } | { kind: 'codes'; recoveryCodes: string[] };

/** The manual key in groups of four, as authenticator apps show and accept it. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Enrolment in two-factor sign-in: a QR code and the key to type by hand, a first code to confirm,
 * then the ten recovery codes, shown this once. `onDone` runs when the user has put them away.
 */
export function TotpEnrolment({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('auth.totp.status', {}).then(
      (status) => setStep({ kind: status.enrolled ? 'on' : 'off' }),
      (err: unknown) => setError(err),
    );
  }, []);

  async function begin() {
    setError(null);
    setBusy(true);
    try {
      const { secret, qr } = await call('auth.totp.begin', {});
      setCode('');
      setStep({ kind: 'scan', secret, qr });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { recoveryCodes } = await call('auth.totp.confirm', { code: code.trim() });
      setStep({ kind: 'codes', recoveryCodes });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack totp-enrolment">
      {step.kind === 'on' && <p data-testid="totp-status">{t('auth.totp.isOn')}</p>}
      {step.kind === 'off' && (
        <>
          <p className="muted">{t('auth.totp.intro')}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void begin()}>
            {t('auth.totp.start')}
          </button>
        </>
      )}
      {step.kind === 'scan' && (
        <form className="stack" onSubmit={confirm} aria-label={t('auth.totp.title')}>
          <p>{t('auth.totp.scan')}</p>
          <img className="totp-qr" src={step.qr} width={220} height={220} alt={t('auth.totp.qrAlt')} />
          <p className="muted">{t('auth.totp.manual')}</p>
          <p className="one-time-code" dir="ltr" data-testid="totp-secret">
            {grouped(step.secret)}
          </p>
          <label className="field">
            <span>{t('auth.totp.code')}</span>
            <input name="totpCode" dir="ltr" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {t('auth.totp.confirm')}
          </button>
        </form>
      )}
      {step.kind === 'codes' && (
        <>
          <p role="status">{t('auth.totp.enrolled')}</p>
          <p>{t('auth.totp.recoveryIntro')}</p>
          <ol className="recovery-codes" dir="ltr" data-testid="recovery-codes">
            {step.recoveryCodes.map((c) => (
              <li key={c} className="one-time-code">
                {c}
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setStep({ kind: 'on' });
              onDone?.();
            }}
          >
            {t('auth.totp.savedCodes')}
          </button>
        </>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}
