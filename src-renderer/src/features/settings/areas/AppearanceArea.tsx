import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TERMINAL_LANGUAGES, TERMINAL_THEMES, type TerminalDefaultsView } from '../../../../../src-shared/contract/prefs';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { errorField, errorText } from '../../../ui/errors/error-text';
import { dayTime, ltr } from '../../../ui/format';
import { LANGUAGES } from '../../../ui/i18n/languages';

const FIELDS = ['language', 'theme', 'timeZone'] as const;
type Field = (typeof FIELDS)[number];
type Draft = Pick<TerminalDefaultsView, Field>;

const languageName = (code: string) => LANGUAGES.find((l) => l.code === code)?.label ?? code;

/** Every zone the browser knows, offered while typing; the core checks the same database. */
const ZONES = Intl.supportedValuesOf('timeZone');

/**
 * The language, theme and time zone a user starts from until they choose their own. The core checks
 * each value; a refused one is shown under its own field and nothing is stored.
 */
export function AppearanceArea() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<TerminalDefaultsView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('prefs.defaults.get', {}).then((v) => {
      setView(v);
      setDraft({ language: v.language, theme: v.theme, timeZone: v.timeZone });
    }, setError);
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setError(null);
    setSaved(false);
    setBusy(true);
    try {
      const next = await call('prefs.defaults.set', { ...draft, timeZone: draft.timeZone.trim() });
      setView(next);
      setDraft({ language: next.language, theme: next.theme, timeZone: next.timeZone });
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  // A refusal naming one of the fields is shown under it; any other goes to the banner below the form.
  const blamed = FIELDS.find((field) => field === errorField(error));
  const fieldError = (field: Field) =>
    blamed === field ? (
      <small className="error" id={`settings-defaults-${field}-error`} role="alert">
        {errorText(error, t, i18n.language)}
      </small>
    ) : null;
  const invalid = (field: Field) => (blamed === field ? { 'aria-invalid': true, 'aria-describedby': `settings-defaults-${field}-error` } : {});
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };

  return (
    <div className="settings-stack">
      <h2>{t('settings.appearance.title')}</h2>
      <p className="muted">{t('settings.appearance.help')}</p>
      {draft && (
        <form className="settings-card settings-form" aria-label={t('settings.appearance.title')} onSubmit={(e) => void save(e)} noValidate>
          <label className="field">
            <span>{t('settings.appearance.language')}</span>
            <select name="defaultLanguage" value={draft.language} onChange={(e) => set({ language: e.target.value as Draft['language'] })} {...invalid('language')}>
              {TERMINAL_LANGUAGES.map((code) => (
                <option key={code} value={code} lang={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
            {fieldError('language')}
          </label>
          <label className="field">
            <span>{t('settings.appearance.theme')}</span>
            <select name="defaultTheme" value={draft.theme} onChange={(e) => set({ theme: e.target.value as Draft['theme'] })} {...invalid('theme')}>
              {TERMINAL_THEMES.map((theme) => (
                <option key={theme} value={theme}>
                  {t(`settings.appearance.themes.${theme}`)}
                </option>
              ))}
            </select>
            {fieldError('theme')}
          </label>
          <label className="field">
            <span>{t('settings.appearance.timeZone')}</span>
            <input name="defaultTimeZone" dir="ltr" list="settings-zones" autoComplete="off" spellCheck={false} value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} {...invalid('timeZone')} />
            <datalist id="settings-zones">
              {ZONES.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            {fieldError('timeZone')}
          </label>
          <div className="settings-buttons">
            <button type="submit" className="primary" disabled={busy}>
              {t('settings.save')}
            </button>
            {saved && (
              <span className="ok" role="status">
                {t('settings.appearance.saved')}
              </span>
            )}
          </div>
        </form>
      )}
      {blamed === undefined && <ErrorBanner error={error} />}
      {view && (
        <p className="muted" data-testid="defaults-current">
          {t('settings.appearance.current', { language: languageName(view.language), theme: t(`settings.appearance.themes.${view.theme}`), timeZone: ltr(view.timeZone) })}{' '}
          {view.updatedAt === null ? t('settings.appearance.neverChanged') : t('settings.appearance.changed', { at: dayTime(view.updatedAt, i18n.language), by: ltr(view.updatedBy ?? '—') })}
        </p>
      )}
    </div>
  );
}
