import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceSettingsInput } from '../../../../../src-shared/contract/devices';
import { errorText } from '../../../ui/errors/error-text';

export type Saver = (input: DeviceSettingsInput) => Promise<void>;

export function SaveRow({ busy, message }: { busy: boolean; message: { kind: 'ok' | 'error'; text: string } | null }) {
  const { t } = useTranslation();
  return (
    <div className="dev-form-actions">
      {message && (
        <span className={message.kind === 'ok' ? 'ok' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </span>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('devices.broker.save')}
      </button>
    </div>
  );
}

/** One settings section: its own form and Save, so saving the TLS files never resends a policy. */
export function useSection(save: Saver) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  async function submit(event: FormEvent, input: DeviceSettingsInput | string) {
    event.preventDefault();
    if (typeof input === 'string') return setMessage({ kind: 'error', text: input });
    setBusy(true);
    setMessage(null);
    try {
      await save(input);
      setMessage({ kind: 'ok', text: t('devices.broker.saved') });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, message, submit };
}

export function Field({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className={`field${wide ? ' dev-form-wide' : ''}`}>
      <span>{label}</span>
      {children}
    </label>
  );
}

export function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange(value: boolean): void }) {
  return (
    <label className="dev-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

