import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage } from '../ui/i18n';
import { usePrefs } from '../features/prefs/public';

export function DisplayToggles() {
  const { t } = useTranslation();
  const { theme, language, arabicDigits, setTheme, setLanguage, setArabicDigits } = usePrefs();
  return (
    <div className="display-toggles">
      <label>
        <span className="visually-hidden">{t('common.language')}</span>
        <select aria-label={t('common.language')} value={language} onChange={(e) => isLanguage(e.target.value) && setLanguage(e.target.value)}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      {language === 'ar' && (
        // Only Arabic has digits of its own among the terminal's languages.
        <label className="toggle digits-toggle">
          <input type="checkbox" name="arabicDigits" checked={arabicDigits} onChange={(e) => setArabicDigits(e.target.checked)} />
          {t('common.arabicDigits')}
        </label>
      )}
      <button
        type="button"
        className="ghost"
        aria-label={t('common.theme')}
        title={t('common.theme')}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? `☀ ${t('common.light')}` : `☾ ${t('common.dark')}`}
      </button>
    </div>
  );
}
