import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_GUARD, GUARD_KEYS, LIMIT_KEYS, type GuardKey, type GuardSettingsInput, type LimitKey, type RiskDefaultsView, type RiskLimitsInput } from '../../../../src-shared/contract/risk';
import { call, subscribe } from '../../transport/client';
import { ErrorBanner } from '../../ui/errors/ErrorBanner';
import { errorField, errorText } from '../../ui/errors/error-text';
import { dayTime, ltr } from '../../ui/format';
import { guardFromText, guardText, limitFromText, limitText } from './risk-units';
import './panels/risk.css';

/** A field as the core names it in a refusal: `guard.maxOrderKw`, `limits.creditLimitMoney`. */
type Field = `guard.${GuardKey}` | `limits.${LimitKey}`;
type Texts = Record<Field, string>;

function textsOf(view: RiskDefaultsView): Texts {
  const guard = GUARD_KEYS.map((key) => [`guard.${key}`, guardText(key, view.guard[key])]);
  const limits = LIMIT_KEYS.map((key) => [`limits.${key}`, limitText(key, view.limits[key])]);
  return Object.fromEntries([...guard, ...limits]) as Texts;
}

/** A field the form itself refuses before asking the core, worded like the core's refusals. */
class TypedWrong {
  constructor(readonly field: Field) {}
}

/**
 * The terminal's risk defaults: the fat-finger thresholds of everyone without their own and the
 * limits of every book that sets none of its own. An empty field is the built-in threshold, or no
 * limit. The core checks every value; a refused one is shown under its own field and nothing is kept.
 */
export function RiskDefaultsForm() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<RiskDefaultsView | null>(null);
  const [texts, setTexts] = useState<Texts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('risk.defaults.get', {}).then((v) => {
      setView(v);
      setTexts(textsOf(v));
    }, setError);
    // Another admin's change shows at once; what is being typed here is kept.
    return subscribe('risk.defaults', setView);
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!texts) return;
    setError(null);
    setSaved(false);
    const guard: GuardSettingsInput = {};
    const limits: RiskLimitsInput = {};
    for (const key of GUARD_KEYS) {
      const value = guardFromText(key, texts[`guard.${key}`]);
      if (value === 'bad') return setError(new TypedWrong(`guard.${key}`));
      guard[key] = value;
    }
    for (const key of LIMIT_KEYS) {
      const value = limitFromText(key, texts[`limits.${key}`]);
      if (value === 'bad') return setError(new TypedWrong(`limits.${key}`));
      limits[key] = value;
    }
    setBusy(true);
    try {
      const next = await call('risk.defaults.set', { guard, limits });
      setView(next);
      setTexts(textsOf(next));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const blamed = error instanceof TypedWrong ? error.field : errorField(error);
  const idOf = (field: Field) => `risk-defaults-${field.replace('.', '-')}-error`;
  const messageOf = (field: Field): string => {
    if (!(error instanceof TypedWrong)) return errorText(error, t, i18n.language);
    const [group, key] = field.split('.') as ['guard' | 'limits', string];
    return group === 'guard' ? t('risk.guard.bad', { field: t(`risk.guard.${key}`) }) : t('risk.limitBad', { limit: t(`risk.limits.${key}`) });
  };

  function input(field: Field, label: string, placeholder: string) {
    const wrong = blamed === field;
    return (
      <label key={field} className="field">
        <span>{label}</span>
        <input
          name={`default-${field.replace('.', '-')}`}
          inputMode="decimal"
          dir="ltr"
          placeholder={placeholder}
          value={texts?.[field] ?? ''}
          onChange={(e) => {
            setSaved(false);
            setTexts((all) => (all ? { ...all, [field]: e.target.value } : all));
          }}
          {...(wrong ? { 'aria-invalid': true, 'aria-describedby': idOf(field) } : {})}
        />
        {wrong && (
          <small className="error" id={idOf(field)} role="alert">
            {messageOf(field)}
          </small>
        )}
      </label>
    );
  }

  if (!texts) return <ErrorBanner error={error} />;
  const fieldBlamed = blamed !== undefined && (blamed.startsWith('guard.') || blamed.startsWith('limits.'));
  return (
    <form className="risk-defaults-form" aria-label={t('risk.defaults.title')} onSubmit={(e) => void save(e)} noValidate>
      <fieldset className="risk-limits-form">
        <legend>{t('risk.defaults.guard')}</legend>
        {GUARD_KEYS.map((key) => input(`guard.${key}`, t(`risk.guard.${key}`), t('risk.defaults.builtIn', { value: guardText(key, DEFAULT_GUARD[key]) })))}
      </fieldset>
      <fieldset className="risk-limits-form">
        <legend>{t('risk.defaults.limits')}</legend>
        {LIMIT_KEYS.map((key) => input(`limits.${key}`, t(`risk.limits.${key}`), t('risk.noLimit')))}
      </fieldset>
      <div className="risk-defaults-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t('risk.defaults.save')}
        </button>
        {saved && (
          <span className="ok" role="status">
            {t('risk.defaults.saved')}
          </span>
        )}
      </div>
      {!fieldBlamed && <ErrorBanner error={error} />}
      {view && (
        <p className="muted" data-testid="risk-defaults-changed">
          {view.updatedAt === null ? t('risk.defaults.neverChanged') : t('risk.defaults.changed', { at: dayTime(view.updatedAt, i18n.language), by: ltr(view.updatedBy ?? '—') })}
        </p>
      )}
    </form>
  );
}
