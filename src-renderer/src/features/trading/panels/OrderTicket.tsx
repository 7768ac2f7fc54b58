import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../../../src-shared/contract';
import type { OrderType, OrderView, TimeInForce } from '../../../../../src-shared/domain/schemas';
import { formatMw, formatPrice, parsePrice } from '../../../ui/units';
import { ApiError, call } from '../../../transport/client';
import { errorText } from '../../../ui/errors/error-text';
import { countdown } from '../../../ui/countdown';
import { productLabel } from '../../../ui/format';
import { useNow } from '../../../ui/hooks/useNow';
import { raiseRejection } from '../../alerts/public';
import { usePrefs } from '../../prefs/public';
import { hasRole, useSession } from '../../auth/public';
import { TRADING_ROLES } from '../../../../../src-shared/contract/kit';
import { useTicket } from '../ticket';
import { useTrading } from '../trading';
import { needsConfirmation, priceRequired, stopRequired, validateTicket, type TicketError } from '../ticket-validate';
import { TicketSettings } from './TicketSettings';
import { GuardNotes, guardNotes } from './GuardNotes';
import type { GuardConfirmation } from '../../../../../src-shared/contract/risk';

const TYPES: OrderType[] = ['limit', 'market', 'ioc', 'fok', 'post_only', 'iceberg', 'stop', 'stop_limit'];
const VALIDITIES: TimeInForce[] = ['gtc', 'gfd', 'gtgc'];

export function OrderTicket() {
  const { t, i18n } = useTranslation();
  const products = useTrading((s) => s.products);
  const selectedProductId = useTrading((s) => s.selectedProductId);
  const selectProduct = useTrading((s) => s.selectProduct);
  const draft = useTicket();
  const confirmAboveKw = usePrefs((s) => s.confirmAboveKw);
  const canTrade = hasRole(useSession((s) => s.user?.role), TRADING_ROLES);
  // What the core answered, kept as data and worded at each render: a language switch rewords it.
  const [message, setMessage] = useState<{ kind: 'ok'; order: OrderView; answer: number } | { kind: 'error'; error: unknown; answer: number } | null>(null);
  // Numbers the core's answers, so a reader (or a test) tells a fresh answer from the last one.
  const answers = useRef(0);
  const [pending, setPending] = useState<CallInput<'trading.orders.place'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [notes, setNotes] = useState<GuardConfirmation[]>([]);
  const priceRef = useRef<HTMLInputElement>(null);
  const quantityRef = useRef<HTMLInputElement>(null);

  // The selected product stays selected past its gate so the user is told it closed, not left guessing.
  const now = useNow(1_000);
  const listed = useMemo(
    () => products.filter((p) => (p.gateClosure > now && p.openAt <= now) || p.id === selectedProductId),
    [products, now, selectedProductId],
  );
  const product = products.find((p) => p.id === selectedProductId);
  const check = validateTicket(draft, product, now);
  const touched = (text: string) => text.trim() !== '';
  const shown = (field: keyof typeof check.errors, visible: boolean): TicketError | undefined => (visible ? check.errors[field] : undefined);
  const visibleErrors = [
    shown('product', true),
    shown('price', touched(draft.priceText)),
    shown('stopPrice', touched(draft.stopText)),
    shown('quantity', touched(draft.quantityText)),
    shown('displayQuantity', touched(draft.peakText)),
    shown('allOrNone', true),
  ].filter((e): e is TicketError => e !== undefined);

  // A ladder click fills the price: the next thing to type is the quantity, replacing what was there.
  useEffect(() => {
    if (draft.prefillCount === 0) return;
    quantityRef.current?.focus();
    quantityRef.current?.select();
  }, [draft.prefillCount]);

  // Closing the check (sent or back) unmounts the focused button: the focus returns to the ticket so the
  // keyboard user goes on (Escape clears, F1/F2 switch side) instead of being left on the page body.
  const asking = pending !== null;
  const wasAsking = useRef(false);
  useEffect(() => {
    if (wasAsking.current && !asking) quantityRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  async function place(order: CallInput<'trading.orders.place'>) {
    setBusy(true);
    setMessage(null);
    try {
      const placed = await call('trading.orders.place', order);
      setMessage({ kind: 'ok', order: placed, answer: ++answers.current });
    } catch (err) {
      setMessage({ kind: 'error', error: err, answer: ++answers.current });
      if (err instanceof ApiError && err.error.code === 'REJECTED') raiseRejection(order.productId, err.error.reason ?? err.error.code);
    } finally {
      setBusy(false);
    }
  }

  async function send(event?: FormEvent) {
    event?.preventDefault();
    if (busy || !check.order) return;
    const order = check.order;
    // The fat-finger guard's questions (price far off, large size) come first; the core refuses above the hard maximum.
    const asked = await guardNotes(order);
    if (asked.length > 0 || needsConfirmation(order, confirmAboveKw)) {
      setNotes(asked);
      setPending(order);
      return;
    }
    void place(order);
  }

  function stepPrice(field: 'priceText' | 'stopText', ticks: number) {
    const tick = product?.tickSize ?? 1;
    const base = parsePrice(draft[field]) ?? 0;
    draft.edit({ [field]: formatPrice(base + ticks * tick) });
  }

  function stepKeys(field: 'priceText' | 'stopText') {
    return (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
      e.preventDefault();
      stepPrice(field, (e.key === 'ArrowUp' ? 1 : -1) * (e.shiftKey ? 10 : 1));
    };
  }

  function onKeyDown(event: KeyboardEvent) {
    if (pending) return;
    if (event.key === 'F1' || event.key === 'F2') {
      event.preventDefault();
      draft.edit({ side: event.key === 'F1' ? 'buy' : 'sell' });
      priceRef.current?.focus();
      priceRef.current?.select();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      draft.clear();
      setMessage(null);
    }
  }

  // A viewer watches the market: no ticket to fill in, only why.
  if (!canTrade) {
    return (
      <p className="ticket muted" data-testid="ticket-view-only">
        {t('ticket.viewOnly')}
      </p>
    );
  }

  if (pending) {
    return (
      <div className="ticket confirm" role="alertdialog" aria-labelledby="confirm-title" onKeyDown={(e) => e.key === 'Escape' && setPending(null)}>
        <h3 id="confirm-title">{t(notes.length > 0 ? 'ticket.guard.title' : 'ticket.confirm.title')}</h3>
        <p>
          {t('ticket.confirm.body', {
            side: t(`ticket.${pending.side}`),
            quantity: formatMw(pending.quantity),
            price: pending.price === undefined ? t('ticket.types.market') : formatPrice(pending.price),
            product: product ? productLabel(product, i18n.language) : pending.productId,
          })}
        </p>
        <GuardNotes notes={notes} />
        <div className="row">
          <button type="button" className="ghost" onClick={() => setPending(null)}>
            {t('ticket.confirm.back')}
          </button>
          <button
            type="button"
            className={`primary send-${pending.side}`}
            autoFocus
            onClick={() => {
              const order = pending;
              setPending(null);
              void place(order);
            }}
          >
            {t('ticket.confirm.send')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className={`ticket ticket-${draft.side}`} onSubmit={(e) => void send(e)} onKeyDown={onKeyDown} aria-label={t('panels.ticket')}>
      <label className="field">
        <span>{t('ticket.product')}</span>
        <select name="product" value={product?.id ?? ''} onChange={(e) => selectProduct(e.target.value)}>
          {listed.length === 0 && <option value="">{t('ticket.noProducts')}</option>}
          {listed.map((p) => (
            <option key={p.id} value={p.id}>
              {productLabel(p, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      {product && <GateCountdown gateClosure={product.gateClosure} now={now} />}
      <div className="side-switch" role="radiogroup" aria-label={t('ticket.side')}>
        {(['buy', 'sell'] as const).map((s) => (
          <button key={s} type="button" role="radio" aria-checked={draft.side === s} className={`side-${s}${draft.side === s ? ' active' : ''}`} onClick={() => draft.edit({ side: s })}>
            {t(`ticket.${s}`)} <kbd>{s === 'buy' ? 'F1' : 'F2'}</kbd>
          </button>
        ))}
      </div>
      <div className="row">
        <label className="field">
          <span>{t('ticket.type')}</span>
          <select name="type" value={draft.type} onChange={(e) => draft.edit({ type: e.target.value as OrderType })}>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`ticket.types.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('ticket.validity')}</span>
          <select name="validity" value={draft.validity} onChange={(e) => draft.edit({ validity: e.target.value as TimeInForce })}>
            {VALIDITIES.map((value) => (
              <option key={value} value={value}>
                {t(`ticket.tif.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label className="field">
          <span>{priceRequired(draft.type) ? t('ticket.price') : t('ticket.protectionPrice')}</span>
          <input
            ref={priceRef}
            name="price"
            inputMode="decimal"
            dir="ltr"
            aria-invalid={!!shown('price', touched(draft.priceText))}
            value={draft.priceText}
            onChange={(e) => draft.edit({ priceText: e.target.value })}
            onKeyDown={stepKeys('priceText')}
          />
        </label>
        <label className="field">
          <span>{t('ticket.quantity')}</span>
          <input
            ref={quantityRef}
            name="quantity"
            inputMode="decimal"
            dir="ltr"
            aria-invalid={!!shown('quantity', touched(draft.quantityText))}
            value={draft.quantityText}
            onChange={(e) => draft.edit({ quantityText: e.target.value })}
          />
        </label>
      </div>
      {(stopRequired(draft.type) || draft.type === 'iceberg') && (
        <div className="row">
          {stopRequired(draft.type) && (
            <label className="field">
              <span>{t('ticket.stopPrice')}</span>
              <input name="stopPrice" inputMode="decimal" dir="ltr" value={draft.stopText} onChange={(e) => draft.edit({ stopText: e.target.value })} onKeyDown={stepKeys('stopText')} />
            </label>
          )}
          {draft.type === 'iceberg' && (
            <label className="field">
              <span>{t('ticket.peak')}</span>
              <input name="displayQuantity" inputMode="decimal" dir="ltr" value={draft.peakText} onChange={(e) => draft.edit({ peakText: e.target.value })} />
            </label>
          )}
        </div>
      )}
      {draft.type === 'limit' && (
        <label className="check">
          <input type="checkbox" name="allOrNone" checked={draft.allOrNone} onChange={(e) => draft.edit({ allOrNone: e.target.checked })} />
          {t('ticket.allOrNone')}
        </label>
      )}
      {visibleErrors.length > 0 && (
        // The alert wraps the list: a list given role="alert" is no longer a list, and its items lose their parent.
        <div role="alert">
          <ul className="error ticket-errors" data-testid="ticket-errors">
            {visibleErrors.map((e) => (
              <li key={e.key}>{t(`ticket.errors.${e.key}`, e.values)}</li>
            ))}
          </ul>
        </div>
      )}
      <button type="submit" name="send" className={`primary send-${draft.side}`} disabled={busy || !check.order}>
        {t(`ticket.submit_${draft.side}`)} ⏎
      </button>
      {message && (
        <p className={message.kind === 'ok' ? 'ok' : 'error'} role="status" data-testid="ticket-message" data-answer={message.answer}>
          {message.kind === 'ok' ? t('ticket.sent', { id: message.order.id, status: t(`status.${message.order.status}`) }) : errorText(message.error, t)}
        </p>
      )}
      <TicketSettings />
    </form>
  );
}


/** Time left to trade the selected product, so the gate is in sight where the order is typed. */
function GateCountdown({ gateClosure, now }: { gateClosure: number; now: number }) {
  const { t } = useTranslation();
  const left = countdown(gateClosure, now);
  const soon = left !== null && gateClosure - now < 10 * 60_000;
  return (
    <p className={`ticket-gate muted${left === null ? ' gate-closed' : soon ? ' gate-soon' : ''}`} data-testid="ticket-gate">
      {left === null ? t('ticket.gateClosed') : <>{t('ticket.gateIn')} <span dir="ltr">{left}</span></>}
    </p>
  );
}
