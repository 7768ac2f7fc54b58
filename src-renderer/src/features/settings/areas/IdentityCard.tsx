import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsIdentityView } from '../../../../../src-shared/contract/settings';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { errorField } from '../../../ui/errors/error-text';
import { dayTime, ltr } from '../../../ui/format';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';

/** Keys are long base64; the list shows their ends, the whole key is in the cell's title and export. */
const shortKey = (key: string) => (key.length > 28 ? `${key.slice(0, 12)}…${key.slice(-12)}` : key);

function OwnKey({ identity }: { identity: SettingsIdentityView }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(identity.publicKey);
      setCopied('yes');
    } catch {
      // Without clipboard access (a page served over plain http), the key stays selectable in the box.
      setCopied('no');
    }
  }
  return (
    <div className="field">
      <label htmlFor="settings-own-key">{t('settings.identity.ownKey', { terminal: ltr(identity.terminalId) })}</label>
      <textarea id="settings-own-key" className="settings-key" readOnly rows={2} dir="ltr" value={identity.publicKey} onFocus={(e) => e.currentTarget.select()} />
      <div className="settings-buttons">
        <button type="button" onClick={() => void copy()}>
          {t('settings.identity.copy')}
        </button>
        {copied && (
          <span className={copied === 'yes' ? 'ok' : 'muted'} role="status">
            {copied === 'yes' ? t('settings.identity.copied') : t('settings.identity.copyBlocked')}
          </span>
        )}
      </div>
    </div>
  );
}

/** This terminal's signing key, and the other terminals whose files it accepts. */
export function IdentityCard() {
  const { t, i18n } = useTranslation();
  const [identity, setIdentity] = useState<SettingsIdentityView | null>(null);
  const [publicKey, setPublicKey] = useState('');
  const [label, setLabel] = useState('');
  const { busy, error, setError, run } = useBusyAction();

  useEffect(() => {
    call('settings.identity', {}).then(setIdentity, setError);
  }, [setError]);

  function add(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      setIdentity(await call('settings.trust.add', { publicKey: publicKey.trim(), label: label.trim() }));
      setPublicKey('');
      setLabel('');
    });
  }

  const blamed = errorField(error);
  return (
    <div className="settings-card">
      <h3>{t('settings.identity.title')}</h3>
      {identity && <OwnKey identity={identity} />}
      <table className="admin-table settings-trusted">
        <caption>{t('settings.identity.trusted')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('settings.identity.label')}</th>
            <th scope="col">{t('settings.identity.key')}</th>
            <th scope="col">{t('settings.identity.addedAt')}</th>
            <th scope="col">{t('settings.identity.addedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {identity?.trusted.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                {t('settings.identity.noneTrusted')}
              </td>
            </tr>
          )}
          {identity?.trusted.map((k) => (
            <tr key={k.publicKey}>
              <td>{k.label}</td>
              <td className="settings-value" dir="ltr" title={k.publicKey}>
                {shortKey(k.publicKey)}
              </td>
              <td>{dayTime(k.addedAt, i18n.language)}</td>
              <td>{k.addedBy ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="settings-form" aria-label={t('settings.identity.addTitle')} onSubmit={add} noValidate>
        <h4>{t('settings.identity.addTitle')}</h4>
        <label className="field">
          <span>{t('settings.identity.label')}</span>
          <input name="trustLabel" value={label} maxLength={64} onChange={(e) => setLabel(e.target.value)} aria-invalid={blamed === 'label' || undefined} />
        </label>
        <label className="field">
          <span>{t('settings.identity.theirKey')}</span>
          <textarea name="trustKey" rows={2} dir="ltr" spellCheck={false} value={publicKey} onChange={(e) => setPublicKey(e.target.value)} aria-invalid={blamed === 'publicKey' || undefined} />
        </label>
        <ErrorBanner error={error} />
        <div className="settings-buttons">
          <button type="submit" className="primary" disabled={busy || publicKey.trim() === '' || label.trim() === ''}>
            {t('settings.identity.add')}
          </button>
        </div>
      </form>
    </div>
  );
}
