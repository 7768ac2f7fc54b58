import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskBookView } from '../../../../../src-shared/contract/risk';
import { call } from '../../../transport/client';
import { errorText } from '../../../ui/errors/error-text';

const NONE = '';
const NEW = '\u0000new';

/**
 * Puts a trader in a portfolio, picked from the ones there are; a new portfolio is made only by
 * choosing "New portfolio…" and naming it, so a mistyped name never becomes one on its own.
 */
export function PortfolioAssign({ traders, portfolios, onDone }: { traders: readonly DeskBookView[]; portfolios: readonly string[]; onDone(): void }) {
  const { t } = useTranslation();
  const [userId, setUserId] = useState('');
  const [target, setTarget] = useState(NONE);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const trader = traders.find((b) => String(b.userId) === userId);

  async function assign() {
    if (!trader || trader.userId === null) return;
    const portfolio = target === NEW ? name.trim() : target === NONE ? null : target;
    try {
      await call('risk.portfolios.assign', { userId: trader.userId, portfolio });
      setMessage({ ok: true, text: portfolio === null ? t('risk.desk.leftPortfolio', { name: trader.name }) : t('risk.desk.assigned', { name: trader.name, portfolio }) });
      setName('');
      onDone();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, t) });
    }
  }

  return (
    <form
      className="desk-assign"
      aria-label={t('risk.desk.assignTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void assign();
      }}
    >
      <span className="muted">{t('risk.desk.assignTitle')}</span>
      <select name="assignTrader" aria-label={t('risk.desk.trader')} value={userId} onChange={(e) => setUserId(e.target.value)}>
        <option value="">{t('risk.desk.pickTrader')}</option>
        {traders.map((b) => (
          <option key={b.userId} value={String(b.userId)}>
            {b.name}
          </option>
        ))}
      </select>
      <select name="assignPortfolio" aria-label={t('risk.desk.portfolio')} value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value={NONE}>{t('risk.desk.noPortfolio')}</option>
        {portfolios.map((p) => (
          <option key={p} value={p}>
            {t('risk.portfolioNamed', { name: p })}
          </option>
        ))}
        <option value={NEW}>{t('risk.desk.newPortfolio')}</option>
      </select>
      {target === NEW && <input name="newPortfolio" aria-label={t('risk.desk.newPortfolioName')} placeholder={t('risk.desk.newPortfolioName')} value={name} onChange={(e) => setName(e.target.value)} />}
      <button type="submit" disabled={!trader || (target === NEW && name.trim() === '') || (trader.portfolio ?? NONE) === target}>
        {t('risk.desk.assign')}
      </button>
      {message && (
        <span className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </span>
      )}
    </form>
  );
}
