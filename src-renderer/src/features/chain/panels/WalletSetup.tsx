import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingPhraseView } from '../../../../../src-shared/contract/chain';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';

type Step = { kind: 'choose' } | { kind: 'show'; pending: PendingPhraseView } | { kind: 'confirm'; pending: PendingPhraseView } | { kind: 'import' };

/**
 * A user without a wallet makes one: a new recovery phrase, shown once and confirmed by typing
 * three of its words back, or an imported phrase or private key. The password encrypts the key in
 * the core; it cannot be recovered, only the phrase restores the wallet.
 */
export function WalletSetup({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const { busy, error, run } = useBusyAction();

  if (step.kind === 'choose') {
    return (
      <div className="wallet-form">
        <p className="wallet-note">{t('chain.noWallet')}</p>
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={() => void run(async () => setStep({ kind: 'show', pending: await call('chain.wallet.create', {}) }))}>
            {t('chain.createWallet')}
          </button>
          <button type="button" onClick={() => setStep({ kind: 'import' })}>
            {t('chain.importWallet')}
          </button>
        </div>
        <ErrorBanner error={error} />
      </div>
    );
  }
  if (step.kind === 'show') {
    return (
      <div className="wallet-form" role="region" aria-label={t('chain.recoveryPhrase')}>
        <p className="wallet-note">{t('chain.writeDown')}</p>
        <ol className="wallet-words" dir="ltr" data-testid="recovery-words">
          {step.pending.words.map((word, i) => (
            <li key={i}>
              <span>{i + 1}</span>
              {word}
            </li>
          ))}
        </ol>
        <div className="row">
          <button type="button" className="primary" onClick={() => setStep({ kind: 'confirm', pending: step.pending })}>
            {t('chain.wroteItDown')}
          </button>
        </div>
      </div>
    );
  }
  if (step.kind === 'confirm') return <ConfirmPhrase pending={step.pending} busy={busy} error={error} run={run} onDone={onDone} />;
  return <ImportWallet busy={busy} error={error} run={run} onDone={onDone} onBack={() => setStep({ kind: 'choose' })} />;
}

interface FormProps {
  busy: boolean;
  error: unknown;
  run(action: () => Promise<void>): Promise<void>;
  onDone(): void;
}

function PasswordFields({ password, repeat, label, set }: { password: string; repeat: string; label: string; set(change: Partial<{ password: string; repeat: string; label: string }>): void }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        <span>{t('chain.accountLabel')}</span>
        <input name="walletLabel" value={label} onChange={(e) => set({ label: e.target.value })} />
      </label>
      <label>
        <span>{t('chain.walletPassword')}</span>
        <input name="walletPassword" type="password" autoComplete="new-password" value={password} onChange={(e) => set({ password: e.target.value })} />
      </label>
      <label>
        <span>{t('chain.repeatPassword')}</span>
        <input name="walletPasswordRepeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => set({ repeat: e.target.value })} />
      </label>
      <p className="wallet-note">{t('chain.passwordNote')}</p>
    </>
  );
}

function ConfirmPhrase({ pending, busy, error, run, onDone }: FormProps & { pending: PendingPhraseView }) {
  const { t } = useTranslation();
  const [words, setWords] = useState<Record<number, string>>({});
  const [form, setForm] = useState({ password: '', repeat: '', label: t('chain.defaultLabel') });
  const mismatch = form.repeat !== '' && form.password !== form.repeat;

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const secretWords = pending.ask.map((index) => ({ index, word: (words[index] ?? '').trim() }));
      await call('chain.wallet.confirm', { pendingId: pending.pendingId, secretWords, password: form.password, label: form.label });
      onDone();
    });
  }

  return (
    <form className="wallet-form" onSubmit={submit} aria-label={t('chain.confirmPhrase')}>
      <p className="wallet-note">{t('chain.typeBack')}</p>
      {pending.ask.map((index) => (
        <label key={index}>
          <span>{t('chain.wordNumber', { n: index + 1 })}</span>
          <input name={`word${index + 1}`} dir="ltr" autoComplete="off" value={words[index] ?? ''} onChange={(e) => setWords({ ...words, [index]: e.target.value })} />
        </label>
      ))}
      <PasswordFields {...form} set={(change) => setForm({ ...form, ...change })} />
      {mismatch && <p className="error">{t('chain.passwordsDiffer')}</p>}
      <ErrorBanner error={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || mismatch || form.password === ''}>
          {busy ? t('chain.encrypting') : t('chain.saveWallet')}
        </button>
      </div>
    </form>
  );
}

function ImportWallet({ busy, error, run, onDone, onBack }: FormProps & { onBack(): void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'mnemonic' | 'key'>('mnemonic');
  const [secret, setSecret] = useState('');
  const [form, setForm] = useState({ password: '', repeat: '', label: t('chain.defaultLabel') });
  const mismatch = form.repeat !== '' && form.password !== form.repeat;

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const base = { password: form.password, label: form.label };
      await call('chain.wallet.import', kind === 'mnemonic' ? { kind, secretPhrase: secret, ...base } : { kind, privateKey: secret, ...base });
      onDone();
    });
  }

  return (
    <form className="wallet-form" onSubmit={submit} aria-label={t('chain.importWallet')}>
      <label>
        <span>{t('chain.importKind')}</span>
        <select name="importKind" value={kind} onChange={(e) => setKind(e.target.value as 'mnemonic' | 'key')}>
          <option value="mnemonic">{t('chain.kinds.mnemonic')}</option>
          <option value="key">{t('chain.kinds.key')}</option>
        </select>
      </label>
      <label>
        <span>{kind === 'mnemonic' ? t('chain.recoveryPhrase') : t('chain.privateKey')}</span>
        <textarea name="importSecret" dir="ltr" rows={3} autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} />
      </label>
      <PasswordFields {...form} set={(change) => setForm({ ...form, ...change })} />
      {mismatch && <p className="error">{t('chain.passwordsDiffer')}</p>}
      <ErrorBanner error={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || mismatch || form.password === '' || secret === ''}>
          {busy ? t('chain.encrypting') : t('chain.importWallet')}
        </button>
        <button type="button" onClick={onBack}>
          {t('chain.back')}
        </button>
      </div>
    </form>
  );
}
