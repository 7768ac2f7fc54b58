import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatchUpView } from '../../../../../src-shared/contract/chain';
import { call, subscribe } from '../../../transport/client';

/** Behind by more than this many blocks, the catch-up is worth a bar (the core tells its progress only then, too). */
const SHOWN_ABOVE_BLOCKS = 1_000;

/**
 * The core's catch-up with the settlement contract's events (after a start, or a long time away):
 * a bar with the block it has read up to, while it runs and is far enough behind to take a while.
 * Terminal-wide, so shown to everyone with the wallet panel open, with a wallet or not.
 */
export function CatchUpProgress() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<CatchUpView | null>(null);
  const labelId = useId();

  useEffect(() => {
    let live = true;
    const stop = subscribe('chain.settlement.catchUp', setView);
    // Where it stands now; an event that arrives first is newer and wins. A refusal (no network yet) shows nothing.
    call('chain.settlement.status', {}).then(
      (status) => setView((seen) => (live && seen === null ? status.catchUp : seen)),
      () => undefined,
    );
    return () => {
      live = false;
      stop();
    };
  }, []);

  if (!view || !view.running || view.toBlock - view.fromBlock + 1 <= SHOWN_ABOVE_BLOCKS) return null;
  const blocks = new Intl.NumberFormat(i18n.language);
  const span = view.toBlock - view.fromBlock + 1;
  return (
    <div className="catch-up" data-testid="catch-up-progress">
      <progress max={span} value={view.scannedTo - view.fromBlock + 1} aria-labelledby={labelId} />
      <span id={labelId} className="wallet-note">
        {t('chain.queue.catchingUp', { block: blocks.format(view.scannedTo), last: blocks.format(view.toBlock) })}
      </span>
    </div>
  );
}
