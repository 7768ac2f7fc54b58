import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalProductView } from '../../../../../src-shared/contract/trading';
import { formatPrice } from '../../../ui/units';
import { areaClock, ltr, productLabel } from '../../../ui/format';
import { useNow } from '../../../ui/hooks/useNow';
import { useAuctions } from '../auctions';
import { BlockOrderForm } from './BlockOrderForm';
import { DailyOrders } from './DailyOrders';
import './auction.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { localFigures } from '../../../ui/digits';

/** "mm:ss" (or "h:mm:ss") until `at`. */
function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return localFigures(h > 0 ? `${h}:${mmss}` : mmss);
}

/** How many upcoming quarters the list shows: the next few hours of the local market. */
const SHOWN = 16;

/** The two ways the local market clears: each quarter in its own auction, or a whole day (and its blocks) at once. */
type Market = 'LM' | 'LMD';

/** The local P2P market: each auction's countdown and last clearing, an order form, and in the daily auction the user's blocks. */
export function AuctionPanel() {
  const { t, i18n } = useTranslation();
  const products = useAuctions((s) => s.products);
  const error = useAuctions((s) => s.error);
  const load = useAuctions((s) => s.load);
  const now = useNow(1_000);
  const [market, setMarket] = useState<Market>('LM');
  const [placed, setPlaced] = useState(0);

  useEffect(() => {
    void load();
    // Tomorrow's quarters are listed from the afternoon on; a periodic reload picks them up.
    const timer = setInterval(() => void load(), 5 * 60_000);
    return () => clearInterval(timer);
  }, [load]);

  // Quarters not yet delivered, in delivery order; the form offers those still in their call phase.
  const upcoming = useMemo(
    () => products.filter((p) => p.area === market && p.deliveryEnd > now).sort((a, b) => a.deliveryStart - b.deliveryStart),
    [products, market, now],
  );
  const open = useMemo(() => upcoming.filter((p) => p.auctionAt > now && p.openAt <= now && p.lastResult === null), [upcoming, now]);
  const nextGate = open[0]?.auctionAt ?? null;

  return (
    <section className="auction-panel" aria-label={t('panels.auction')}>
      <div className="auction-market" role="group" aria-label={t('auction.market')}>
        {(['LM', 'LMD'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={market === m} className={market === m ? 'primary' : undefined} onClick={() => setMarket(m)}>
            {t(`auction.markets.${m}`)}
          </button>
        ))}
      </div>
      <p className="muted auction-rule">{t(market === 'LM' ? 'auction.rule' : 'auction.dailyRule')}</p>
      {market === 'LMD' && nextGate !== null && (
        <p className="auction-gate">
          {t('auction.dailyGate', { time: ltr(areaClock('LMD', 'dayTime', i18n.language).format(nextGate)), countdown: ltr(countdown(nextGate - now)) })}
        </p>
      )}
      <ErrorBanner error={error} />
      <table className="auction-table">
        <thead>
          <tr>
            <th scope="col">{t('auction.product')}</th>
            <th scope="col">{t('auction.nextAuction')}</th>
            <th scope="col">{t('auction.clearingPrice')}</th>
            <th scope="col">{t('auction.volume')}</th>
          </tr>
        </thead>
        <tbody>
          {upcoming.slice(0, SHOWN).map((p: LocalProductView) => (
            <tr key={p.id} data-product={p.id}>
              <td dir="ltr">{productLabel(p, i18n.language)}</td>
              <td dir="ltr">{p.lastResult ? t('auction.done') : p.auctionAt <= now ? t('auction.closed') : countdown(p.auctionAt - now)}</td>
              <td dir="ltr">{p.lastResult ? (p.lastResult.price === null ? t('auction.noCross') : formatPrice(p.lastResult.price)) : '—'}</td>
              <td dir="ltr">{p.lastResult ? t('auction.kw', { value: p.lastResult.volume }) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {upcoming.length === 0 && <p className="muted empty">{t('auction.none')}</p>}
      <BlockOrderForm key={market} products={open} blocks={market === 'LMD'} onPlaced={() => setPlaced((n) => n + 1)} />
      {market === 'LMD' && <DailyOrders reloadKey={placed} products={upcoming} />}
    </section>
  );
}
