import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../../../src-shared/contract';
import type { GuardConfirmation } from '../../../../../src-shared/contract/risk';
import { formatMw, formatPrice } from '../../../ui/units';
import { call } from '../../../transport/client';

/**
 * What the fat-finger guard asks the trader to confirm about an order (price far from the last
 * trade or mid, a large size). A failed check asks nothing: the core still refuses above the hard maximum.
 */
export async function guardNotes(order: CallInput<'trading.orders.place'>): Promise<GuardConfirmation[]> {
  try {
    const result = await call('risk.guard.check', { productId: order.productId, side: order.side, price: order.price ?? null, quantity: order.quantity });
    return result.confirm;
  } catch {
    return [];
  }
}

/** The confirmations, each naming the deviation, in the ticket's confirm step. */
export function GuardNotes({ notes }: { notes: readonly GuardConfirmation[] }) {
  const { t } = useTranslation();
  if (notes.length === 0) return null;
  return (
    <ul className="guard-notes" data-testid="guard-notes">
      {notes.map((note) =>
        note.code === 'PRICE_DEVIATION' ? (
          <li key={note.code}>
            {t(note.deviationPct === null ? 'ticket.guard.priceNoPct' : 'ticket.guard.price', {
              price: formatPrice(note.priceUnits),
              deviation: formatPrice(note.deviationUnits),
              pct: note.deviationPct,
              reference: formatPrice(note.referenceUnits),
              source: t(`ticket.guard.reference.${note.reference}`),
            })}
          </li>
        ) : (
          <li key={note.code}>{t('ticket.guard.size', { quantity: formatMw(note.quantityKw), threshold: formatMw(note.thresholdKw) })}</li>
        ),
      )}
    </ul>
  );
}
