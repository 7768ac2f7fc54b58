import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_ROLES } from '../../../../src-shared/contract/kit';
import { call } from '../../transport/client';
import { hasRole, useSession } from '../auth/public';
import type { BookScope } from './risk-state';
import '../../ui/analysis-panel.css';

type Portfolios = Array<{ portfolio: string; members: Array<{ userId: number; username: string }> }>;

/** Which book a panel shows: own, own portfolio, or (risk managers, admins) any user or portfolio. */
export function ScopePicker({ scope, onChange }: { scope: BookScope; onChange(scope: BookScope): void }) {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const [portfolios, setPortfolios] = useState<Portfolios>([]);
  const [userText, setUserText] = useState(scope.userId ? String(scope.userId) : '');
  useEffect(() => {
    call('risk.portfolios.list', {}).then(setPortfolios, () => setPortfolios([]));
  }, []);
  const risk = hasRole(user?.role, RISK_ROLES);
  const visible = risk ? portfolios : portfolios.filter((p) => p.members.some((m) => m.userId === user?.id));
  const value = scope.portfolio !== undefined ? `p:${scope.portfolio}` : scope.userId !== undefined ? `u:${scope.userId}` : 'own';
  const members = risk ? portfolios.flatMap((p) => p.members) : [];
  return (
    <span className="risk-scope">
      <select
        name="scope"
        aria-label={t('risk.scope')}
        value={value}
        onChange={(e) => {
          const v = e.target.value;
          if (v === 'own') onChange({});
          else if (v.startsWith('p:')) onChange({ portfolio: v.slice(2) });
          else onChange({ userId: Number(v.slice(2)) });
        }}
      >
        <option value="own">{t('risk.ownBook')}</option>
        {visible.map((p) => (
          <option key={p.portfolio} value={`p:${p.portfolio}`}>
            {t('risk.portfolioNamed', { name: p.portfolio })}
          </option>
        ))}
        {members.map((m) => (
          <option key={m.userId} value={`u:${m.userId}`}>
            {m.username}
          </option>
        ))}
        {scope.userId !== undefined && !members.some((m) => m.userId === scope.userId) && <option value={`u:${scope.userId}`}>{t('risk.userNumber', { id: scope.userId })}</option>}
      </select>
      {risk && (
        <form
          className="analysis-inline"
          onSubmit={(e) => {
            e.preventDefault();
            const id = Number(userText);
            if (Number.isInteger(id) && id > 0) onChange({ userId: id });
          }}
        >
          <input name="scopeUserId" inputMode="numeric" placeholder={t('risk.userId')} aria-label={t('risk.userId')} value={userText} onChange={(e) => setUserText(e.target.value)} />
        </form>
      )}
    </span>
  );
}
