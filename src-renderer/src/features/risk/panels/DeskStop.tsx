import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../transport/client';

/**
 * The desk kill switch. Stopping cancels every order of every user, so it is never one click: the
 * risk manager reads what will happen, types the confirmation word and gives the reason the audit
 * entry keeps. Releasing is one click (it only lets trading resume).
 */
export function DeskStop({ active, users, onDone, onError }: { active: boolean; users: number; onDone(): void; onError(err: unknown): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const word = t('risk.deskStop.word');
  const ready = typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase() && reason.trim().length >= 3;

  async function run(input: { active: boolean; reason?: string }) {
    try {
      await call('risk.deskKill', input);
      setOpen(false);
      setTyped('');
      setReason('');
      onDone();
    } catch (err) {
      onError(err);
    }
  }

  if (active) {
    return (
      <button type="button" name="deskRelease" className="primary" onClick={() => void run({ active: false })}>
        {t('risk.deskRelease')}
      </button>
    );
  }
  if (!open) {
    return (
      <button type="button" name="deskKill" className="danger" onClick={() => setOpen(true)}>
        {t('risk.deskStop.button')}
      </button>
    );
  }
  return (
    <form
      className="desk-stop"
      role="alertdialog"
      aria-labelledby="desk-stop-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) void run({ active: true, reason: reason.trim() });
      }}
      onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
    >
      <h3 id="desk-stop-title">{t('risk.deskStop.title')}</h3>
      <p>{t('risk.deskStop.effect', { count: users })}</p>
      <label className="field">
        <span>{t('risk.deskStop.reason')}</span>
        <input name="deskReason" autoFocus value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('risk.deskStop.type', { word })}</span>
        <input name="deskConfirm" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </label>
      <div className="row">
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          {t('risk.deskStop.back')}
        </button>
        <button type="submit" name="deskConfirmStop" className="danger" disabled={!ready}>
          {t('risk.deskStop.confirm')}
        </button>
      </div>
    </form>
  );
}
