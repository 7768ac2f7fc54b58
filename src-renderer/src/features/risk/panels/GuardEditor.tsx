import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_GUARD, GUARD_KEYS, type GuardKey, type GuardSettingsInput, type GuardView } from '../../../../../src-shared/contract/risk';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

/** Guards are kept in percent, price units and kW; people type percent, €/MWh and MW. */
const SCALE: Record<GuardKey, number> = { confirmPricePct: 1, confirmPriceUnits: 100, confirmSizeKw: 1000, maxOrderKw: 1000 };

function toText(key: GuardKey, view: GuardView): string {
  return view.custom.includes(key) ? String(view.settings[key] / SCALE[key]) : '';
}

function fromText(key: GuardKey, text: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  const value = Number(text.replace(',', '.'));
  const scaled = Math.round(value * SCALE[key]);
  return Number.isFinite(value) && scaled > 0 && Math.abs(scaled - value * SCALE[key]) < 1e-6 ? scaled : 'bad';
}

/** One user's fat-finger thresholds; an empty field is the default (shown as the placeholder). */
export function GuardEditor({ userId }: { userId: number }) {
  const { t } = useTranslation();
  const [view, setView] = useState<GuardView | null>(null);
  const [texts, setTexts] = useState<Partial<Record<GuardKey, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    call('risk.guard.get', { userId }).then((v) => {
      setView(v);
      setTexts(Object.fromEntries(GUARD_KEYS.map((k) => [k, toText(k, v)])));
    }, setError);
  }, [userId]);

  async function save() {
    const settings: GuardSettingsInput = {};
    for (const key of GUARD_KEYS) {
      const value = fromText(key, texts[key] ?? '');
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
            placeholder={t('risk.guard.default', { value: DEFAULT_GUARD[key] / SCALE[key] })}
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
