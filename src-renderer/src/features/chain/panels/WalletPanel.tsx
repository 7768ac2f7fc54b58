import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView, BalancesView, WalletStatusView } from '../../../../../src-shared/contract/chain';
import { call, subscribe } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { timeOfDay } from '../../../ui/format';
import { shortAddress, unitsToDecimal } from '../amounts';
import { CatchUpProgress } from './CatchUpProgress';
import { MeteredQueue } from './MeteredQueue';
import { SettlementQueue } from './SettlementQueue';
import { WalletSetup } from './WalletSetup';
import '../../../ui/admin.css';
import '../chain.css';

/**
 * The user's wallet: locked or unlocked, its accounts with their native coin, energy token (kWh)
 * and payment token balances, the settlement account, and the approvals that let settlement move
 * the tokens. The key never comes here: unlocking and signing happen in the core.
 */
export function WalletPanel() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<WalletStatusView | null>(null);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [balances, setBalances] = useState<BalancesView | null>(null);
  const [balanceError, setBalanceError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);

  const report = useCallback((err: unknown) => setError(err), []);
  // Balances are asked after the accounts: a node that is down leaves the wallet itself usable.
  const reload = useCallback(
    () =>
      Promise.all([call('chain.wallet.status', {}), call('chain.accounts.list', {})])
        .then(([s, a]) => {
          setStatus(s);
          setAccounts(a);
          return call('chain.balances', {}).then(
            (b) => {
              setBalances(b);
              setBalanceError(null);
            },
            setBalanceError,
          );
        })
        .catch(report),
    [report],
  );

  useEffect(() => {
    void reload();
    return subscribe('chain.wallet', (s) => setStatus(s));
  }, [reload]);

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await reload();
    } catch (err) {
      setError(err);
    }
  }

  if (!status) return <div className="admin-panel">{error ? <ErrorBanner error={error} /> : t('common.loading')}</div>;
  const hasWallet = status.kind !== null;

  return (
    <div className="admin-panel wallet-panel">
      <CatchUpProgress />
      {hasWallet ? <UnlockBar status={status} onChange={setStatus} /> : <WalletSetup onDone={() => void reload()} />}
      {accounts.length > 0 && (
        <AccountsTable accounts={accounts} balances={balances} canSign={status.unlocked} act={act} />
      )}
      <ErrorBanner error={error} />
      <ErrorBanner error={balanceError} />
      {hasWallet && <SettlementQueue canSign={status.unlocked} />}
      {hasWallet && <MeteredQueue canSign={status.unlocked} />}
      {/* Not beside a phrase being shown or confirmed: one thing at a time while the wallet is made. */}
      {(hasWallet || accounts.length > 0) && <AddAccount hd={status.kind === 'mnemonic'} next={accounts.length + 1} act={act} />}
      <div className="wallet-actions">
        {balances && <p className="wallet-note">{t('chain.onChain', { chainId: balances.chainId })}</p>}
        {accounts.length > 0 && (
          <button type="button" onClick={() => void reload()}>
            {t('chain.refresh')}
          </button>
        )}
      </div>
    </div>
  );
}

function UnlockBar({ status, onChange }: { status: WalletStatusView; onChange(s: WalletStatusView): void }) {
  const { t, i18n } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function unlock(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onChange(await call('chain.wallet.unlock', { password }));
      setPassword('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <div className="wallet-status">
        <span className={status.unlocked ? 'badge unlocked' : 'badge'} data-testid="wallet-state">
          {status.unlocked ? t('chain.unlocked') : t('chain.locked')}
        </span>
        <span>{t(`chain.kinds.${status.kind ?? 'mnemonic'}`)}</span>
        {status.unlocked && status.idleLockAtMs !== null && <span className="wallet-note">{t('chain.locksAt', { time: timeOfDay(status.idleLockAtMs, i18n.language) })}</span>}
        {status.unlocked && (
          <button type="button" onClick={() => void call('chain.wallet.lock', {}).then(onChange, setError)}>
            {t('chain.lock')}
          </button>
        )}
      </div>
      {!status.unlocked && (
        <form className="wallet-actions" onSubmit={unlock} aria-label={t('chain.unlockWallet')}>
          <input name="unlockPassword" type="password" autoComplete="current-password" aria-label={t('chain.walletPassword')} placeholder={t('chain.walletPassword')} value={password} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" className="primary" disabled={busy || password === ''}>
            {busy ? t('chain.unlocking') : t('chain.unlock')}
          </button>
        </form>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}

function AccountsTable({ accounts, balances, canSign, act }: { accounts: AccountView[]; balances: BalancesView | null; canSign: boolean; act(a: () => Promise<unknown>): Promise<void> }) {
  const { t } = useTranslation();
  const [approved, setApproved] = useState<Record<number, string[]>>({});
  const balanceOf = (id: number) => balances?.accounts.find((b) => b.accountId === id);
  const dash = '—';
  return (
    <table className="admin-table wallet-table" aria-label={t('chain.accounts')}>
      <thead>
        <tr>
          <th>{t('chain.account')}</th>
          <th>{t('chain.kind')}</th>
          <th>{t('chain.native')}</th>
          <th>{t('chain.energy')}</th>
          <th>{balances?.paymentSymbol || t('chain.payment')}</th>
          <th>{t('chain.settlement')}</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => {
          const b = balanceOf(a.id);
          return (
            <tr key={a.id} data-address={a.address}>
              <td>
                <div>{a.label}</div>
                <div className="address" dir="ltr" title={a.address}>
                  {shortAddress(a.address)}
                </div>
              </td>
              <td>{t(`chain.accountKinds.${a.kind}`)}</td>
              <td className="num" dir="ltr">{b ? unitsToDecimal(b.native, 18, 4) : dash}</td>
              <td className="num" dir="ltr">{b?.energy != null && balances ? unitsToDecimal(b.energy, balances.energyDecimals) : dash}</td>
              <td className="num" dir="ltr">{b?.payment != null && balances ? unitsToDecimal(b.payment, balances.paymentDecimals, 2) : dash}</td>
              <td>
                <div className="wallet-actions">
                {a.settlement ? (
                  <strong>{t('chain.settlementAccount')}</strong>
                ) : (
                  a.kind !== 'watch' && (
                    <button type="button" className="link" onClick={() => void act(() => call('chain.accounts.setSettlement', { accountId: a.id }))}>
                      {t('chain.makeSettlement')}
                    </button>
                  )
                )}
                {a.kind !== 'watch' &&
                  (approved[a.id] ? (
                    <span className="wallet-note">{t('chain.approvalsSent')}</span>
                  ) : (
                    <button
                      type="button"
                      disabled={!canSign}
                      title={canSign ? undefined : t('chain.unlockToSign')}
                      onClick={() => void act(async () => setApproved({ ...approved, [a.id]: (await call('chain.approve', { accountId: a.id })).txHashes }))}
                    >
                      {t('chain.approve')}
                    </button>
                  ))}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AddAccount({ hd, next, act }: { hd: boolean; next: number; act(a: () => Promise<unknown>): Promise<void> }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [address, setAddress] = useState('');
  return (
    <div className="wallet-actions">
      {hd && (
        <button type="button" onClick={() => void act(() => call('chain.accounts.add', { label: t('chain.accountN', { n: next }) }))}>
          {t('chain.addAccount')}
        </button>
      )}
      <form
        className="wallet-actions"
        aria-label={t('chain.watchAddress')}
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await call('chain.accounts.watch', { address, label: label || t('chain.watched') });
            setAddress('');
            setLabel('');
          });
        }}
      >
        <input name="watchAddress" dir="ltr" placeholder="0x…" aria-label={t('chain.address')} value={address} onChange={(e) => setAddress(e.target.value)} />
        <input name="watchLabel" placeholder={t('chain.accountLabel')} aria-label={t('chain.accountLabel')} value={label} onChange={(e) => setLabel(e.target.value)} />
        <button type="submit" disabled={address === ''}>
          {t('chain.watchAddress')}
        </button>
      </form>
    </div>
  );
}
