import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_ROLES } from '../../../../src-shared/contract/kit';
import { call } from '../../transport/client';
import { hasRole, useSession } from '../auth/public';
import { refreshPeople, usePeople } from './people';
import type { BookScope } from './risk-state';
import '../../ui/analysis-panel.css';

type Portfolios = Array<{ portfolio: string; members: Array<{ userId: number; username: string }> }>;

/** Which book a panel shows: own, own portfolio, or (risk managers, admins) any person or portfolio, picked by name. */
export function ScopePicker({ scope, onChange }: { scope: BookScope; onChange(scope: BookScope): void }) {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const [portfolios, setPortfolios] = useState<Portfolios>([]);
  const risk = hasRole(user?.role, RISK_ROLES);
  const people = usePeople(risk);
  const loadPortfolios = useCallback(() => {
    call('risk.portfolios.list', {}).then(setPortfolios, () => setPortfolios([]));
  }, []);
  useEffect(loadPortfolios, [loadPortfolios]);
  const visible = risk ? portfolios : portfolios.filter((p) => p.members.some((m) => m.userId === user?.id));
  const value = scope.portfolio !== undefined ? `p:${scope.portfolio}` : scope.userId !== undefined ? `u:${scope.userId}` : 'own';
  const others = people.filter((p) => p.userId !== user?.id);
  return (
    <span className="risk-scope">
      <select
        name="scope"
        aria-label={t('risk.scope')}
        value={value}
        onFocus={() => {
          // People and portfolios change while the panel is open; the list is fetched again when opened.
          loadPortfolios();
          if (risk) refreshPeople();
        }}
        onChange={(e) => {
          const v = e.target.value;
          if (v === 'own') onChange({});
          else if (v.startsWith('p:')) onChange({ portfolio: v.slice(2) });
          else onChange({ userId: Number(v.slice(2)) });
        }}
      >
        <option value="own">{t('risk.ownBook')}</option>
        {visible.length > 0 && (
          <optgroup label={t('risk.portfolios')}>
            {visible.map((p) => (
              <option key={p.portfolio} value={`p:${p.portfolio}`}>
                {t('risk.portfolioNamed', { name: p.portfolio })}
              </option>
            ))}
          </optgroup>
        )}
        {others.length > 0 && (
          <optgroup label={t('risk.people')}>
            {others.map((p) => (
              <option key={p.userId} value={`u:${p.userId}`}>
                {p.system ? t('risk.systemPerson', { name: p.username }) : p.username}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </span>
  );
}
