import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PnlBucketView } from '../../../../../src-shared/contract/risk';
import { RISK_ROLES } from '../../../../../src-shared/contract/kit';
import { call } from '../../../transport/client';
import { hasRole, useSession } from '../../auth/public';
import { num, percent } from '../../../ui/format';
import { eur, parseEur } from '../risk-format';
import { useRisk } from '../risk-state';
import { ScopePicker } from '../ScopePicker';
import './risk.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import '../../../ui/analysis-panel.css';

/** Periods a P&L table shows before it scrolls: the panel stacks several of them. */
const PERIODS_SHOWN = 8;

function bucketColumns(t: TFunction): readonly Column<PnlBucketView>[] {
  return [
    { id: 'period', value: (b) => b.period, text: (b) => (b.period === 'ITD' ? t('risk.itd') : b.period) },
    { id: 'realized', value: (b) => b.realizedMoney, text: (b) => eur(b.realizedMoney), numeric: true },
    { id: 'fees', value: (b) => b.feesMoney, text: (b) => eur(b.feesMoney), numeric: true },
    { id: 'unrealizedChange', value: (b) => b.unrealizedChangeMoney, text: (b) => eur(b.unrealizedChangeMoney), numeric: true },
    { id: 'total', value: (b) => b.totalMoney, text: (b) => eur(b.totalMoney), numeric: true },
    { id: 'fills', value: (b) => b.fillCount, numeric: true },
  ];
}

const BUCKET_HEADERS: Record<string, string> = {
  period: 'risk.period',
  realized: 'risk.columns.realized',
  fees: 'risk.columns.fees',
  unrealizedChange: 'risk.unrealizedChange',
  total: 'risk.columns.total',
  fills: 'risk.fills',
};

function Buckets({ name, title, rows }: { name: string; title: string; rows: PnlBucketView[] }) {
  const { t } = useTranslation();
  const columns = useMemo(() => bucketColumns(t), [t]);
  return (
    <section className="risk-buckets" aria-label={title}>
      <h3>{title}</h3>
      <DataTable
        name={name}
        label={title}
        columns={columns}
        header={(id) => t(BUCKET_HEADERS[id] ?? id)}
        rows={rows}
        rowKey={(b) => b.period}
        cell={(id, b) => (id === 'total' ? <span className={b.totalMoney < 0 ? 'neg' : 'pos'}>{eur(b.totalMoney)}</span> : undefined)}
        gridTemplate="minmax(110px, 1.2fr) repeat(4, minmax(90px, 1fr)) 70px"
        minWidth={640}
        empty="—"
        fitRows={Math.min(Math.max(rows.length, 1), PERIODS_SHOWN)}
      />
    </section>
  );
}

/** Daily, monthly and inception-to-date P&L, performance figures and the cash account. */
export function PnlPanel() {
  const { t } = useTranslation();
  const { pnl, cash, scope, error, load, setScope } = useRisk();
  const user = useSession((s) => s.user);
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [cashError, setCashError] = useState<unknown>(null);
  useEffect(() => {
    if (!useRisk.getState().pnl) void load();
  }, [load]);
  const m = pnl?.metrics;
  // Cash moves are back-office bookings (the contract's access): the form is for risk roles only.
  const canMove = hasRole(user?.role, RISK_ROLES);

  async function move(kind: 'risk.cash.deposit' | 'risk.cash.withdraw') {
    const money = parseEur(amount);
    if (money === null || money <= 0) return setCashError(t('risk.badAmount'));
    if (reference.trim() === '') return setCashError(t('risk.needsReference'));
    const userId = scope.userId ?? user?.id;
    if (userId === undefined) return;
    try {
      const view = await call(kind, { userId, amountMoney: money, reference });
      useRisk.setState({ cash: view });
      setCashError(null);
      setAmount('');
      setReference('');
    } catch (err) {
      setCashError(err);
    }
  }

  return (
    <div className="analysis-panel analysis-scroll">
      <div className="analysis-toolbar">
        <ScopePicker scope={scope} onChange={setScope} />
      </div>
      <ErrorBanner error={error} />
      {pnl && (
        <>
          <Buckets name="pnl-daily" title={t('risk.daily')} rows={[...pnl.daily].reverse().slice(0, 31)} />
          <Buckets name="pnl-monthly" title={t('risk.monthly')} rows={[...pnl.monthly].reverse()} />
          <Buckets name="pnl-itd" title={t('risk.itd')} rows={[pnl.inceptionToDate]} />
        </>
      )}
      {m && (
        <dl className="risk-totals" aria-label={t('risk.performance')}>
          <div>
            <dt>{t('risk.metrics.tradeCount')}</dt>
            <dd>{m.tradeCount}</dd>
          </div>
          <div>
            <dt>{t('risk.metrics.tradedMwh')}</dt>
            <dd>{num(m.tradedMwh)}</dd>
          </div>
          <div>
            <dt>{t('risk.metrics.winRate')}</dt>
            <dd>{percent(m.winRate)}</dd>
          </div>
          <div>
            <dt>{t('risk.metrics.averageTradePnl')}</dt>
            <dd>{eur(m.averageTradePnlMoney)}</dd>
          </div>
          <div>
            <dt>{t('risk.metrics.maxDrawdown')}</dt>
            <dd>{eur(m.maxDrawdownMoney)}</dd>
          </div>
          <div>
            <dt>{t('risk.metrics.sharpe')}</dt>
            <dd>{num(m.sharpe, 2)}</dd>
          </div>
        </dl>
      )}
      {cash && (
        <section className="risk-cash" aria-label={t('risk.cash')}>
          <h3>{t('risk.cash')}</h3>
          <dl className="risk-totals">
            <div>
              <dt>{t('risk.balance')}</dt>
              <dd data-field="balance" className={cash.balanceMoney < 0 ? 'neg' : ''}>
                {eur(cash.balanceMoney)}
              </dd>
            </div>
            <div>
              <dt>{t('risk.reserved')}</dt>
              <dd>{eur(cash.reservedMoney)}</dd>
            </div>
            <div>
              <dt>{t('risk.creditLimit')}</dt>
              <dd>{cash.creditLimitMoney === null ? t('risk.notChecked') : eur(cash.creditLimitMoney)}</dd>
            </div>
            <div>
              <dt>{t('risk.available')}</dt>
              <dd>{eur(cash.availableMoney)}</dd>
            </div>
          </dl>
          {canMove && (
            <form className="analysis-inline" onSubmit={(e) => e.preventDefault()}>
              <input name="cashAmount" inputMode="decimal" placeholder={t('risk.amountEur')} aria-label={t('risk.amountEur')} value={amount} onChange={(e) => setAmount(e.target.value)} />
              <input name="cashReference" maxLength={120} placeholder={t('risk.cashReference')} aria-label={t('risk.cashReference')} value={reference} onChange={(e) => setReference(e.target.value)} />
              <button type="button" onClick={() => void move('risk.cash.deposit')}>
                {t('risk.deposit')}
              </button>
              <button type="button" onClick={() => void move('risk.cash.withdraw')}>
                {t('risk.withdraw')}
              </button>
            </form>
          )}
          <ErrorBanner error={cashError} />
        </section>
      )}
    </div>
  );
}
