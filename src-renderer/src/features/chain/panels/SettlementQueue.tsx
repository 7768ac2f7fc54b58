import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettlementQueueView, SettlementRunView, SettlementStatus } from '../../../../../src-shared/contract/chain';
import { call, subscribe } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';
import { dayTime } from '../../../ui/format';
import { shortAddress } from '../amounts';

const STATUSES: readonly SettlementStatus[] = ['queued', 'pending', 'mined', 'confirmed', 'failed'];

/**
 * The local market's on-chain settlement: how many trades are in each state, the latest batch
 * transactions, and a run of the queue signed by the user's settlement account (which needs the
 * settlement contract's settler role) and a check of the open batches on the chain.
 */
export function SettlementQueue({ canSign }: { canSign: boolean }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<SettlementQueueView | null>(null);
  const [ran, setRan] = useState<SettlementRunView | null>(null);
  const { busy, error, setError, run: act } = useBusyAction();

  const reload = useCallback(() => call('chain.settlement.status', {}).then(setView, setError), [setError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  // Trades queued by an auction, batches mined and confirmed: the counts follow without a click.
  useEffect(() => subscribe('chain.settlement.queue', setView), []);

  return (
    <section className="stack" aria-label={t('chain.queue.title')}>
      <h3 className="wallet-heading">{t('chain.queue.title')}</h3>
      {view && (
        <div className="wallet-status" data-testid="settlement-counts">
          {STATUSES.map((s) => (
            <span key={s} className="badge">
              {t(`chain.queue.status.${s}`)}: {view.counts[s]}
            </span>
          ))}
        </div>
      )}
      <div className="wallet-actions">
        <button type="button" disabled={busy || !canSign} title={canSign ? undefined : t('chain.unlockToSign')} onClick={() => void act(async () => {
          setRan(await call('chain.settlement.run', { batchSize: 100, maxBatches: 10 }));
          await reload();
        })}>
          {t('chain.queue.run')}
        </button>
        <button type="button" disabled={busy} onClick={() => void act(async () => setView(await call('chain.settlement.track', {})))}>
          {t('chain.queue.track')}
        </button>
      </div>
      {ran && (
        <p className="wallet-note" data-testid="settlement-ran">
          {t('chain.queue.ran', { batches: ran.sent.length, trades: ran.sent.reduce((n, b) => n + b.trades, 0), settled: ran.alreadySettled.length, waiting: ran.waitingForAccount })}
        </p>
      )}
      <ErrorBanner error={error} />
      {view && view.batches.length > 0 && (
        <table className="admin-table wallet-table" aria-label={t('chain.queue.batches')}>
          <thead>
            <tr>
              <th>{t('chain.queue.sentAt')}</th>
              <th>{t('chain.queue.tx')}</th>
              <th>{t('chain.queue.trades')}</th>
              <th>{t('chain.queue.state')}</th>
            </tr>
          </thead>
          <tbody>
            {view.batches.map((b) => (
              <tr key={b.id}>
                <td className="num">{dayTime(b.createdAt, i18n.language)}</td>
                <td className="address" dir="ltr" title={b.txHash}>
                  {shortAddress(b.txHash)}
                </td>
                <td className="num">{b.trades}</td>
                <td>
                  {t(`chain.queue.batchStatus.${b.status}`)}
                  {b.blockNumber !== null && <span className="wallet-note"> · {t('chain.queue.block', { block: b.blockNumber })}</span>}
                  {b.error === 'FEE_CAP_REACHED' ? (
                    <div className="wallet-note">{t('chain.queue.feeCapReached')}</div>
                  ) : (
                    b.error && <div className="wallet-note" dir="ltr">{b.error}</div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
