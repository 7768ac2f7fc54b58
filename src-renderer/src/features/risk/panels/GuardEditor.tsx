import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_GUARD, GUARD_KEYS, type GuardKey, type GuardSettings, type GuardSettingsInput, type GuardView } from '../../../../../src-shared/contract/risk';
import { call, subscribe } from '../../../transport/client';
import { guardFromText, guardText } from '../risk-units';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

function toText(key: GuardKey, view: GuardView): string {
  return guardText(key, view.custom.includes(key) ? view.settings[key] : undefined);
}

/** One user's fat-finger thresholds; an empty field is the terminal's default (shown as the placeholder). */
export function GuardEditor({ userId }: { userId: number }) {
  const { t } = useTranslation();
  const [view, setView] = useState<GuardView | null>(null);
  const [texts, setTexts] = useState<Partial<Record<GuardKey, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [defaults, setDefaults] = useState<GuardSettings>(DEFAULT_GUARD);

  useEffect(() => {
    call('risk.defaults.get', {}).then((v) => setDefaults({ ...DEFAULT_GUARD, ...v.guard }), setError);
    return subscribe('risk.defaults', (v) => setDefaults({ ...DEFAULT_GUARD, ...v.guard }));
  }, []);

  useEffect(() => {
    call('risk.guard.get', { userId }).then((v) => {
      setView(v);
      setTexts(Object.fromEntries(GUARD_KEYS.map((k) => [k, toText(k, v)])));
    }, setError);
  }, [userId]);

  async function save() {
    const settings: GuardSettingsInput = {};
    for (const key of GUARD_KEYS) {
      const value = guardFromText(key, texts[key] ?? '');
      if (value === 'bad') return setError(t('risk.guard.bad', { field: t(`risk.guard.${key}`) }));
      settings[key] = value;
    }
    try {
      setView(await call('risk.guard.set', { userId, settings }));
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  if (!view) return <ErrorBanner error={error} />;
  return (
    <form
      className="risk-limits-form"
      aria-label={t('risk.guard.title', { name: view.username })}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 className="risk-form-title">{t('risk.guard.title', { name: view.username })}</h3>
      {GUARD_KEYS.map((key) => (
        <label key={key} className="field">
          <span>{t(`risk.guard.${key}`)}</span>
          <input
            name={`guard-${key}`}
            inputMode="decimal"
            dir="ltr"
            placeholder={t('risk.guard.default', { value: guardText(key, defaults[key]) })}
            value={texts[key] ?? ''}
            onChange={(e) => {
              setSaved(false);
              setTexts({ ...texts, [key]: e.target.value });
            }}
          />
        </label>
      ))}
      <button type="submit" className="primary">
        {t('risk.guard.save')}
      </button>
      {saved && (
        <p className="ok" role="status">
          {t('risk.guard.saved')}
        </p>
      )}
      <ErrorBanner error={error} />
    </form>
  );
}
