import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsPreview } from '../../../../../src-shared/contract/settings';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { dayTime, ltr } from '../../../ui/format';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';
import { carriesSecrets, MAX_SETTINGS_FILE_CHARS } from '../transfer-file';
import { DiffTable } from './DiffTable';

function SignerText({ preview }: { preview: SettingsPreview }) {
  const { t, i18n } = useTranslation();
  const { signer } = preview;
  return (
    <dl className="settings-facts">
      <dt>{t('settings.transfer.signer')}</dt>
      <dd>
        {signer.own ? t('settings.transfer.signedHere', { terminal: ltr(signer.terminalId) }) : t('settings.transfer.signedTrusted', { label: signer.label ?? '—', terminal: ltr(signer.terminalId) })}
      </dd>
      <dt>{t('settings.transfer.createdAt')}</dt>
      <dd>{dayTime(preview.createdAt, i18n.language)}</dd>
    </dl>
  );
}

/**
 * Pick a file, see who signed it and what it would change, then apply all of it or nothing. The
 * core checks the file again on Apply: a preview is never taken as the permission.
 */
export function ImportCard() {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [preview, setPreview] = useState<SettingsPreview | null>(null);
  const [applied, setApplied] = useState<number | null>(null);
  // A file with passwords and keys waits here for its passphrase before the core is asked.
  const [locked, setLocked] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const { busy, error, setError, run } = useBusyAction();

  function reset() {
    setText(null);
    setPreview(null);
    setChosen(null);
    setLocked(null);
    setPassphrase('');
    if (picker.current) picker.current.value = '';
  }

  const previewOf = async (content: string, withPassphrase: string | null) => {
    setPreview(await call('settings.import.preview', { file: content, ...(withPassphrase !== null ? { passphrase: withPassphrase } : {}) }));
    setText(content);
  };

  const pick = (file: File | undefined) =>
    run(async () => {
      setPreview(null);
      setApplied(null);
      setLocked(null);
      if (!file) return;
      const content = await file.text();
      if (content.length > MAX_SETTINGS_FILE_CHARS) {
        reset();
        return setError(t('settings.transfer.tooLarge'));
      }
      if (carriesSecrets(content)) return setLocked(content);
      try {
        await previewOf(content, null);
      } catch (err) {
        reset();
        throw err;
      }
    });

  // A wrong passphrase keeps the file and the field, so the admin can type it again.
  const unlock = () => run(async () => (locked === null ? undefined : previewOf(locked, passphrase)));

  const apply = () =>
    run(async () => {
      if (text === null) return;
      const result = await call('settings.import.apply', { file: text, ...(locked !== null ? { passphrase } : {}) });
      reset();
      setApplied(result.diff.length);
    });

  return (
    <div className="settings-card">
      <h3>{t('settings.transfer.importTitle')}</h3>
      <p className="muted">{t('settings.transfer.importHelp')}</p>
      {/* The browser words its own file button in its own language; this one follows the terminal's. */}
      <div className="field settings-narrow">
        <span aria-hidden="true">{t('settings.transfer.pick')}</span>
        <label className="settings-file">
          <input
            ref={picker}
            name="settingsFile"
            type="file"
            accept=".json,application/json"
            aria-label={t('settings.transfer.pick')}
            disabled={busy}
            onChange={(e) => {
              setChosen(e.target.files?.[0]?.name ?? null);
              void pick(e.target.files?.[0]);
            }}
          />
          <span className="settings-file-button" aria-hidden="true">
            {t('settings.transfer.choose')}
          </span>
          <span className="muted" dir="auto">
            {chosen ?? t('settings.transfer.noFile')}
          </span>
        </label>
      </div>
      {locked !== null && preview === null && (
        <form
          className="settings-narrow stack"
          aria-label={t('settings.transfer.unlockTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            void unlock();
          }}
        >
          <p className="muted">{t('settings.transfer.unlockHelp')}</p>
          <label className="field">
            <span>{t('settings.transfer.passphrase')}</span>
            <input name="importPassphrase" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
          </label>
          <div className="settings-buttons">
            <button type="submit" className="primary" disabled={busy || passphrase === ''}>
              {t('settings.transfer.unlock')}
            </button>
            <button type="button" disabled={busy} onClick={reset}>
              {t('settings.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorBanner error={error} />
      {applied !== null && (
        <p className="ok" role="status">
          {t('settings.transfer.applied', { count: applied })}
        </p>
      )}
      {preview && (
        <section className="settings-preview" aria-label={t('settings.transfer.previewTitle')}>
          <h4>{t('settings.transfer.previewTitle')}</h4>
          <SignerText preview={preview} />
          <DiffTable rows={preview.diff} />
          <div className="settings-buttons">
            <button type="button" className="primary" disabled={busy || preview.diff.length === 0} onClick={() => void apply()}>
              {t('settings.transfer.apply')}
            </button>
            <button type="button" disabled={busy} onClick={reset}>
              {t('settings.cancel')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
