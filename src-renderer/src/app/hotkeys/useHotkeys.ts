import type { DockviewApi } from 'dockview-react';
import { useEffect, useMemo, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../../../src-shared/domain/schemas';
import { call } from '../../transport/client';
import { errorText } from '../../ui/errors/error-text';
import { directionOf } from '../../ui/i18n';
import { useMarketData } from '../../features/marketdata/public';
import { usePrefs } from '../../features/prefs/public';
import { hasRole, useSession } from '../../features/auth/public';
import { TRADING_ROLES } from '../../../../src-shared/contract/kit';
import { useTicket, useTrading } from '../../features/trading/public';
import { actionOf, actsWhileTyping, comboOf, parseHotkeys, type HotkeyAction, type HotkeyMap } from './hotkey-map';
import { coreNow } from '../../transport/core-clock';

const TEXT_FREE_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Is the key going into a field where the user writes or picks (so a plain key there is text, not a command)? */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !TEXT_FREE_INPUTS.has(target.type);
}

const KIND_ORDER = { hour: 0, quarter: 1, block: 2 } as const;

/** The open product `step` places after (or before) the selected one, in delivery order; wraps around. */
export function steppedProduct(products: readonly ProductView[], selectedId: string | null, step: 1 | -1, now: number): string | null {
  const open = products.filter((p) => p.gateClosure > now && p.openAt <= now).sort((a, b) => a.deliveryStart - b.deliveryStart || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.deliveryEnd - b.deliveryEnd);
  if (open.length === 0) return null;
  const at = open.findIndex((p) => p.id === selectedId);
  if (at === -1) return open[0]!.id;
  return open[(at + step + open.length) % open.length]!.id;
}

function focusSoon(selector: string): void {
  // The panel just made active renders first.
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
}

/** Buy or sell from anywhere: the ticket takes the side, at the best opposite price when there is one. */
function trade(api: DockviewApi | null, side: 'buy' | 'sell'): void {
  api?.getPanel('ticket')?.api.setActive();
  const productId = useTrading.getState().selectedProductId;
  const row = productId ? useMarketData.getState().rows[productId] : undefined;
  const best = side === 'buy' ? row?.bestAsk : row?.bestBid;
  if (best !== null && best !== undefined) {
    useTicket.getState().prefill(side, best);
    focusSoon('form.ticket input[name=quantity]');
  } else {
    useTicket.getState().edit({ side });
    focusSoon('form.ticket input[name=price]');
  }
}

function focusFilter(api: DockviewApi | null): void {
  const host = api?.getPanel('matrix') ?? api?.getPanel('watchlist');
  host?.api.setActive();
  focusSoon(host?.id === 'watchlist' ? '.watchlist input.table-filter' : '.matrix input.table-filter');
}

/**
 * The workspace's hotkeys, wherever the focus is: the user's saved keys over the defaults. Returns
 * the map in force, whether the help overlay is open, and the last action's outcome to show.
 */
export function useHotkeys(apiRef: RefObject<DockviewApi | null>) {
  const { t, i18n } = useTranslation();
  const saved = usePrefs((s) => s.hotkeys);
  const map = useMemo<HotkeyMap>(() => parseHotkeys(saved), [saved]);
  const [helpOpen, setHelpOpen] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    // A viewer's keys for trading say why nothing happens instead of calling what the core refuses.
    const trading = (act: () => void) => () => (hasRole(useSession.getState().user?.role, TRADING_ROLES) ? act() : setStatus(t('ticket.viewOnly')));
    const run: Record<HotkeyAction, () => void> = {
      buy: trading(() => trade(apiRef.current, 'buy')),
      sell: trading(() => trade(apiRef.current, 'sell')),
      cancelAll: trading(() => {
        call('trading.orders.cancelAll', {})
          .then(({ cancelled }) => setStatus(t('hotkeys.cancelled', { count: cancelled })))
          .catch((err: unknown) => setStatus(errorText(err, t)));
      }),
      focusFilter: () => focusFilter(apiRef.current),
      nextProduct: () => step(1),
      prevProduct: () => step(-1),
      help: () => setHelpOpen((open) => !open),
    };
    function step(by: 1 | -1) {
      const { products, selectedProductId, selectProduct } = useTrading.getState();
      const next = steppedProduct(products, selectedProductId, by, coreNow());
      if (next) selectProduct(next);
    }
    function onKeyDown(event: KeyboardEvent) {
      // A panel that already acted on the key (the ticket's own F1/F2) keeps it.
      if (event.defaultPrevented || event.isComposing) return;
      const combo = comboOf(event);
      if (!combo) return;
      if (typingIn(event.target) && !actsWhileTyping(combo)) return;
      const action = actionOf(map, combo, directionOf(i18n.language));
      if (!action) return;
      event.preventDefault();
      setStatus(null);
      run[action]();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [apiRef, map, t, i18n.language]);

  return { map, helpOpen, setHelpOpen, status };
}
