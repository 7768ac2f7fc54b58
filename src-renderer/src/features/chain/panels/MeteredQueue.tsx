import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeteredIntervalView, MeteredQueueView, MeteredRunView, MeteredStatus } from '../../../../../src-shared/contract/chain';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { useBusyAction } from '../../../ui/hooks/use-busy-action';
import { dayTime, timeOfDay } from '../../../ui/format';
import { shortAddress, unitsToDecimal } from '../amounts';

const STATUSES: readonly MeteredStatus[] = ['queued', 'pending', 'mined', 'confirmed'];

/** The interval's reason in words: the core sends a code and its figures, never text. */
function reasonText(t: (key: string, params?: Record<string, unknown>) => string, interval: MeteredIntervalView): string | null {
  if (!interval.reason) return null;
  const params = { ...interval.reasonParams };
  if (interval.reason === 'INSUFFICIENT_ENERGY') {
    params.need = unitsToDecimal(String(params.need ?? '0'), 3);
    params.have = unitsToDecimal(String(params.have ?? '0'), 3);
  }
  return t(`chain.metered.reason.${interval.reason}`, params);
}

/**
 * The metered intervals for the chain: each site's net energy of a settled quarter, minted (export)
 * or burnt (import) as energy tokens for the site owner, with its state and transaction; a run of
 * the queue signed by the user's settlement account (the energy token's settler) and a check of
 * the sent ones on the chain.
 */
export function MeteredQueue({ canSign }: { canSign: boolean }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<MeteredQueueView | null>(null);
  const [ran, setRan] = useState<MeteredRunView | null>(null);
  const { busy, error, setError, run: act } = useBusyAction();

  const reload = useCallback(() => call('chain.metered.status', {}).then(setView, setError), [setError]);
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <section className="stack" aria-label={t('chain.metered.title')}>
      <h3 className="wallet-heading">{t('chain.metered.title')}</h3>
      {view && (
        <div className="wallet-status" data-testid="metered-counts">
          {STATUSES.map((s) => (
            <span key={s} className="badge">
              {t(`chain.metered.status.${s}`)}: {view.counts[s]}
            </span>
          ))}
        </div>
      )}
      <div className="wallet-actions">
        <button type="button" disabled={busy || !canSign} title={canSign ? undefined : t('chain.unlockToSign')} onClick={() => void act(async () => {
          setRan(await call('chain.metered.run', { max: 100 }));
          await reload();
        })}>
          {t('chain.metered.run')}
        </button>
        <button type="button" disabled={busy} onClick={() => void act(async () => setView(await call('chain.metered.track', {})))}>
          {t('chain.metered.track')}
        </button>
      </div>
      {ran && (
        <p className="wallet-note" data-testid="metered-ran">
          {t('chain.metered.ran', { sent: ran.sent.length, settled: ran.settledBefore, waiting: ran.waiting })}
        </p>
      )}
      <ErrorBanner error={error} />
      {view && view.intervals.length > 0 && (
        <table className="admin-table wallet-table" aria-label={t('chain.metered.intervals')}>
          <thead>
            <tr>
              <th>{t('chain.metered.interval')}</th>
              <th>{t('chain.metered.site')}</th>
              <th>{t('chain.metered.energy')}</th>
              <th>{t('chain.queue.tx')}</th>
              <th>{t('chain.queue.state')}</th>
            </tr>
          </thead>
          <tbody>
            {view.intervals.map((m) => (
              <tr key={m.intervalId}>
                <td className="num">
                  {dayTime(m.intervalStart, i18n.language)}–{timeOfDay(m.intervalEnd, i18n.language)}
                </td>
                <td>{m.site}</td>
                <td className="num">{t(`chain.metered.action.${m.action}`, { kwh: unitsToDecimal(String(Math.abs(m.netWh)), 3) })}</td>
                <td className="address" dir="ltr" title={m.txHash ?? undefined}>
                  {m.txHash ? shortAddress(m.txHash) : '—'}
                </td>
                <td>
                  {t(`chain.metered.status.${m.status}`)}
                  {m.blockNumber !== null && <span className="wallet-note"> · {t('chain.queue.block', { block: m.blockNumber })}</span>}
                  {m.reason && <div className="wallet-note">{reasonText(t, m)}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
