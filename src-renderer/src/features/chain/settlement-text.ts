/**
 * A local-market trade's settlement in the user's words: the core sends a status and a code (a
 * decoded revert such as "ERC20InsufficientAllowance(0x…, 0, 100000)"), never prose.
 */
import type { TFunction } from 'i18next';
import type { TradeSettlementView } from '../../../../src-shared/contract/chain';
import { shortAddress, unitsToDecimal } from './amounts';

/** The name of a revert or pre-check code, e.g. "ERC20InsufficientAllowance" of "ERC20InsufficientAllowance(0x…, 0, 100)". */
function codeName(error: string): string {
  return error.replace(/\(.*$/s, '');
}

/** The codes worded under chain.tradeSettlement.errors; any other is shown as it came. */
const KNOWN_CODES = new Set(['TradeAlreadySettled', 'ERC20InsufficientBalance', 'ERC20InsufficientAllowance', 'replaced', 'reverted']);

/** The pre-check's codes (the core's funds-check.ts): "(have, need)" in energy milli-units (Wh) or payment micro-units. */
const SHORT_DECIMALS: Readonly<Record<string, number>> = { SELLER_ENERGY_SHORT: 3, SELLER_ALLOWANCE_SHORT: 3, BUYER_PAYMENT_SHORT: 6, BUYER_ALLOWANCE_SHORT: 6 };

/** Why the last try did not settle a trade, in words. */
function settlementErrorText(t: TFunction, error: string): string {
  const name = codeName(error);
  const decimals = SHORT_DECIMALS[name];
  const figures = /^\w+\((\d+), (\d+)\)$/.exec(error);
  if (decimals !== undefined && figures) return t(`chain.tradeSettlement.errors.${name}`, { have: unitsToDecimal(figures[1]!, decimals), need: unitsToDecimal(figures[2]!, decimals) });
  return KNOWN_CODES.has(name) ? t(`chain.tradeSettlement.errors.${name}`) : t('chain.tradeSettlement.errors.other', { code: error });
}

/** One trade's settlement as the blotter's cell says it; empty for a trade the chain does not settle. */
export function settlementText(t: TFunction, view: TradeSettlementView | undefined): string {
  if (!view) return '';
  const tx = view.txHash ? shortAddress(view.txHash) : '';
  switch (view.status) {
    case 'queued':
      return view.error ? t('chain.tradeSettlement.retrying', { reason: settlementErrorText(t, view.error) }) : t('chain.tradeSettlement.queued');
    case 'pending':
      return t('chain.tradeSettlement.pending', { tx });
    case 'mined':
      return t('chain.tradeSettlement.mined', { tx, block: view.blockNumber });
    case 'confirmed':
      return view.blockNumber === null ? t('chain.tradeSettlement.settledBefore') : t('chain.tradeSettlement.confirmed', { block: view.blockNumber });
    case 'failed':
      return t('chain.tradeSettlement.failed', { reason: view.error ? settlementErrorText(t, view.error) : t('chain.tradeSettlement.errors.reverted') });
  }
}

/** The cell's hover text: the whole transaction hash and the raw code, which the cell shortens or words. */
export function settlementTitle(view: TradeSettlementView | undefined): string | undefined {
  if (!view) return undefined;
  const parts = [view.txHash, view.error].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join('\n') : undefined;
}
