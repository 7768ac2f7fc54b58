import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FeeSetting, GuardEditor, refreshPeople, RiskDefaultsForm, usePeople } from '../../risk/public';

/**
 * The desk's fee, the terminal's risk defaults (thresholds and limits of whoever sets none of their
 * own) and each trader's fat-finger thresholds; an empty threshold is the terminal's default.
 */
export function RiskArea() {
  const { t } = useTranslation();
  const people = usePeople(true).filter((p) => !p.system);
  const [userId, setUserId] = useState<number | null>(null);
  return (
    <div className="settings-stack">
      <h2>{t('settings.risk.title')}</h2>
      <div className="settings-card">
        <h3>{t('settings.risk.fee')}</h3>
        <FeeSetting />
      </div>
      <div className="settings-card">
        <h3>{t('settings.risk.defaults')}</h3>
        <p className="muted">{t('settings.risk.defaultsHelp')}</p>
        <RiskDefaultsForm />
      </div>
      <div className="settings-card">
        <h3>{t('settings.risk.guard')}</h3>
        <p className="muted">{t('settings.risk.guardHelp')}</p>
        <label className="field settings-narrow">
          <span>{t('settings.risk.person')}</span>
          <select name="guardUser" value={userId ?? ''} onFocus={refreshPeople} onChange={(e) => setUserId(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">{t('settings.risk.pick')}</option>
            {people.map((p) => (
              <option key={p.userId} value={p.userId}>
                {p.username}
              </option>
            ))}
          </select>
        </label>
        {userId !== null && <GuardEditor key={userId} userId={userId} />}
      </div>
    </div>
  );
}
