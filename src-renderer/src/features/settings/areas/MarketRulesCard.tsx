import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type AreaRulesView, type MarketRulesValues, RULES_AREAS, type RulesArea, rulesForNewDays } from '../../../../../src-shared/contract/trading';
import { call, subscribe } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { errorField, errorText } from '../../../ui/errors/error-text';
import { areaClock, dayTime, ltr } from '../../../ui/format';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';
import { isWholeRule, parseRule, RULE_FIELDS, ruleDraftText, type RuleField, ruleValueText } from '../rules-text';

type Draft = Record<RuleField, string> & { effectiveFrom: string };

/** A delivery day (yyyy-MM-dd) as the screens name days: "Wed 25 Nov", on the area's clock. */
function dayText(day: string, area: RulesArea, language: string): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  // Noon UTC lies inside the same calendar day on every European clock.
  return ltr(areaClock(area, 'weekday', language).format(Date.UTC(y, m - 1, d, 12)));
}


function draftOf(view: AreaRulesView): Draft {
  const rules = rulesForNewDays(view);
  const fields = Object.fromEntries(RULE_FIELDS.map((f) => [f, ruleDraftText(f, rules[f])])) as Record<RuleField, string>;
  return { ...fields, effectiveFrom: view.firstOpenDay };
}

/** A value as the area's column shows it, with the unit the field's label names. */
function Summary({ rules }: { rules: MarketRulesValues }) {
  const { t } = useTranslation();
  return (
    <dl className="settings-rules-summary">
      {RULE_FIELDS.map((field) => (
        <div key={field}>
          <dt>{t(`settings.market.rules.fields.${field}`)}</dt>
          <dd>{ltr(ruleValueText(field, rules[field]))}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One area's rules: those in force on listed days, a form for a change from a day not listed yet
 * (the core refuses anything else, naming the field), and the changes already scheduled.
 */
function AreaRules({ view, onView }: { view: AreaRulesView; onView: (view: AreaRulesView) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const [localError, setLocalError] = useState<RuleField | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, setError, run } = useBusyAction();
  const id = (field: string) => `settings-rules-${view.area}-${field}`;

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    setError(null);
    const values: Partial<MarketRulesValues> = {};
    for (const field of RULE_FIELDS) {
      const value = parseRule(field, draft[field]);
      if (value === null) {
        setLocalError(field);
        return;
      }
      values[field] = value;
    }
    setLocalError(null);
    await run(async () => {
      const next = await call('trading.rules.set', { area: view.area, effectiveFrom: draft.effectiveFrom, ...(values as MarketRulesValues) });
      onView(next);
      setSaved(draft.effectiveFrom);
    });
  }

  const withdraw = (effectiveFrom: string) =>
    run(async () => {
      const next = await call('trading.rules.cancel', { area: view.area, effectiveFrom });
      onView(next);
      setDraft(draftOf(next));
    });

  const blamed = localError ?? [...RULE_FIELDS, 'effectiveFrom' as const].find((f) => f === errorField(error)) ?? null;
  const fieldError = (field: RuleField | 'effectiveFrom') =>
    blamed === field ? (
      <small className="error" id={id(`${field}-error`)} role="alert">
        {localError === field ? t('settings.market.rules.notNumber') : errorText(error, t, i18n.language)}
      </small>
    ) : null;
  const invalid = (field: RuleField | 'effectiveFrom') => (blamed === field ? { 'aria-invalid': true, 'aria-describedby': id(`${field}-error`) } : {});
  const set = (patch: Partial<Draft>) => {
    setSaved(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const heading = id('title');

  return (
    <section className="settings-rules-area" aria-labelledby={heading} data-testid={`rules-${view.area}`}>
      <h4 id={heading}>{t(`settings.market.rules.areas.${view.area}`)}</h4>
      <p className="muted">{t('settings.market.rules.inForce')}</p>
      <Summary rules={view.current} />
      <form className="settings-form settings-rules-form" aria-label={t('settings.market.rules.change', { area: t(`settings.market.rules.areas.${view.area}`) })} onSubmit={(e) => void save(e)} noValidate>
        {RULE_FIELDS.map((field) => (
          <label className="field" key={field}>
            <span>{t(`settings.market.rules.fields.${field}`)}</span>
            {field === 'openHourDayBefore' ? (
              <select name={`${view.area}-${field}`} value={draft[field]} onChange={(e) => set({ [field]: e.target.value })} {...invalid(field)}>
                {Array.from({ length: 24 }, (_, hour) => (
                  <option key={hour} value={String(hour)}>
                    {`${String(hour).padStart(2, '0')}:00`}
                  </option>
                ))}
              </select>
            ) : (
              <input name={`${view.area}-${field}`} inputMode={isWholeRule(field) ? 'numeric' : 'decimal'} dir="ltr" value={draft[field]} onChange={(e) => set({ [field]: e.target.value })} {...invalid(field)} />
            )}
            {fieldError(field)}
          </label>
        ))}
        <label className="field">
          <span>{t('settings.market.rules.fields.effectiveFrom')}</span>
          <input type="date" name={`${view.area}-effectiveFrom`} min={view.firstOpenDay} value={draft.effectiveFrom} onChange={(e) => set({ effectiveFrom: e.target.value })} {...invalid('effectiveFrom')} />
          <small className="muted">{t('settings.market.rules.firstOpenDay', { day: dayText(view.firstOpenDay, view.area, i18n.language) })}</small>
          {fieldError('effectiveFrom')}
        </label>
        <div className="settings-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t('settings.market.rules.save')}
          </button>
          <button type="button" disabled={busy} onClick={() => set(Object.fromEntries(RULE_FIELDS.map((f) => [f, ruleDraftText(f, view.builtIn[f])])))}>
            {t('settings.market.rules.builtIn')}
          </button>
        </div>
        {saved !== null && (
          <p role="status" className="settings-saved">
            {t('settings.market.rules.saved', { day: dayText(saved, view.area, i18n.language) })}
          </p>
        )}
        {blamed === null && <ErrorBanner error={error} />}
      </form>
      <h5>{t('settings.market.rules.scheduled')}</h5>
      {view.scheduled.length === 0 ? (
        <p className="muted">{t('settings.market.rules.noneScheduled')}</p>
      ) : (
        <ul className="settings-rules-scheduled">
          {view.scheduled.map((row) => (
            <li key={row.effectiveFrom}>
              <p>
                <strong>{t('settings.market.rules.from', { day: dayText(row.effectiveFrom, view.area, i18n.language) })}</strong>{' '}
                <span className="muted">{t('settings.market.rules.setBy', { user: row.setBy ?? '—', at: dayTime(row.setAt, i18n.language) })}</span>
              </p>
              <Summary rules={row.rules} />
              <button type="button" disabled={busy} aria-label={t('settings.market.rules.withdrawLabel', { day: dayText(row.effectiveFrom, view.area, i18n.language) })} onClick={() => void withdraw(row.effectiveFrom)}>
                {t('settings.market.rules.withdraw')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The rules of every editable area, kept current by the `trading.rules` event another admin's change sends. */
export function MarketRulesCard() {
  const { t } = useTranslation();
  const [views, setViews] = useState<Partial<Record<RulesArea, AreaRulesView>>>({});
  const [error, setError] = useState<unknown>(null);
  const put = useCallback((view: AreaRulesView) => setViews((v) => ({ ...v, [view.area]: view })), []);

  useEffect(() => {
    call('trading.rules.get', {}).then((list) => list.forEach(put), setError);
    return subscribe('trading.rules', put);
  }, [put]);

  return (
    <div className="settings-card settings-rules">
      <h3>{t('settings.market.rules.title')}</h3>
      <p className="muted">{t('settings.market.rules.help')}</p>
      <ErrorBanner error={error} />
      {RULES_AREAS.map((area) => {
        const view = views[area];
        // Keyed by the first open day: a new listed day starts a fresh form from the rules it leaves.
        return view ? <AreaRules key={`${area}-${view.firstOpenDay}`} view={view} onView={put} /> : null;
      })}
    </div>
  );
}
