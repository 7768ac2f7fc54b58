import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../../src-shared/domain/schemas';
import { call } from '../../transport/client';
import './panels/risk.css';

const NONE = '';
const NEW = '\u0000new';

/** Every portfolio and who is in it, for the users panel; reloaded after a change. */
export function useUserPortfolios(onError: (err: unknown) => void): { names: readonly string[]; ofUser: ReadonlyMap<number, string>; reload: () => Promise<void> } {
  const [state, setState] = useState<{ names: string[]; ofUser: Map<number, string> }>({ names: [], ofUser: new Map() });
  const reload = useCallback(
    () =>
      call('risk.portfolios.list', {}).then(
        (list) => setState({ names: list.map((p) => p.portfolio), ofUser: new Map(list.flatMap((p) => p.members.map((m) => [m.userId, p.portfolio] as const))) }),
        onError,
      ),
    [onError],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload };
}

interface CellProps {
  user: UserView;
  portfolio: string | null;
  portfolios: readonly string[];
  onSaved: () => void;
  onError: (err: unknown) => void;
}

/**
 * The portfolio of one user, picked from the ones there are; a new one only by choosing "New
 * portfolio…" and naming it, so a mistyped name never becomes a portfolio by itself.
 */
export function UserPortfolioCell(props: CellProps) {
  // Keyed by the stored portfolio, so the field starts over whenever the saved value changes.
  return <PortfolioField key={props.portfolio ?? ''} {...props} />;
}

function PortfolioField({ user, portfolio, portfolios, onSaved, onError }: CellProps) {
  const { t } = useTranslation();
  const [target, setTarget] = useState(portfolio ?? NONE);
  const [name, setName] = useState('');
  const wanted = target === NEW ? name.trim() : target === NONE ? null : target;

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      await call('risk.portfolios.assign', { userId: user.id, portfolio: wanted });
      onSaved();
    } catch (err) {
      onError(err);
    }
  }

  return (
    <form className="user-portfolio" onSubmit={(e) => void save(e)} data-portfolio-of={user.username}>
      <select name="portfolio" aria-label={t('risk.portfolioOf', { name: user.username })} value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value={NONE}>{t('risk.desk.noPortfolio')}</option>
        {portfolios.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
        <option value={NEW}>{t('risk.desk.newPortfolio')}</option>
      </select>
      {target === NEW && <input name="newPortfolio" dir="ltr" maxLength={32} aria-label={t('risk.desk.newPortfolioName')} title={t('risk.portfolioNameHint')} placeholder={t('risk.desk.newPortfolioName')} value={name} onChange={(e) => setName(e.target.value)} />}
      <button type="submit" className="link" disabled={(target === NEW && name.trim() === '') || wanted === portfolio}>
        {t('risk.savePortfolio')}
      </button>
    </form>
  );
}
