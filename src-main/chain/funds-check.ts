/**
 * The pre-check of a batch's funds, before it is sent: a batch settles whole or not at all, so one
 * buyer short of payment tokens (or of allowance to the settlement contract), or one seller short
 * of energy tokens, would revert every trade in it and cost the sender gas. Trades are taken in
 * queue order against what each address holds and allows; a trade that does not fit is held back
 * with a code naming the side, the token and the figures (`SELLER_ENERGY_SHORT(have, need)`), and
 * stays queued for a later run. Pure: the holdings are read by the caller.
 */

/** What one address holds of a token and allows the settlement contract to pull. */
export interface Holding {
  balance: bigint;
  allowance: bigint;
}

export interface FundedTrade {
  tradeId: number;
  seller: string;
  buyer: string;
  energyWh: number;
  paymentUnits: number;
}

/** Holdings by address: of the energy token (sellers) and of the payment token (buyers). */
export interface Holdings {
  energy: ReadonlyMap<string, Holding>;
  payment: ReadonlyMap<string, Holding>;
}

export type ShortCode = 'SELLER_ENERGY_SHORT' | 'SELLER_ALLOWANCE_SHORT' | 'BUYER_PAYMENT_SHORT' | 'BUYER_ALLOWANCE_SHORT';

export interface FundsVerdict<T extends FundedTrade> {
  fits: T[];
  /** Each held-back trade with its code and figures, e.g. "BUYER_ALLOWANCE_SHORT(0, 100000)". */
  short: Array<{ trade: T; error: string }>;
}

function shortOf(side: 'SELLER' | 'BUYER', token: 'ENERGY' | 'PAYMENT', left: Holding, need: bigint): string | null {
  if (left.balance < need) return `${side}_${token}_SHORT(${left.balance}, ${need})`;
  if (left.allowance < need) return `${side}_ALLOWANCE_SHORT(${left.allowance}, ${need})`;
  return null;
}

export function checkFunds<T extends FundedTrade>(trades: readonly T[], holdings: Holdings): FundsVerdict<T> {
  const left = { energy: new Map(holdings.energy), payment: new Map(holdings.payment) };
  const none: Holding = { balance: 0n, allowance: 0n };
  const verdict: FundsVerdict<T> = { fits: [], short: [] };
  for (const trade of trades) {
    const energy = BigInt(trade.energyWh);
    const payment = BigInt(trade.paymentUnits);
    const seller = left.energy.get(trade.seller) ?? none;
    const buyer = left.payment.get(trade.buyer) ?? none;
    const error = shortOf('SELLER', 'ENERGY', seller, energy) ?? shortOf('BUYER', 'PAYMENT', buyer, payment);
    if (error) {
      verdict.short.push({ trade, error });
      continue;
    }
    left.energy.set(trade.seller, { balance: seller.balance - energy, allowance: seller.allowance - energy });
    left.payment.set(trade.buyer, { balance: buyer.balance - payment, allowance: buyer.allowance - payment });
    verdict.fits.push(trade);
  }
  return verdict;
}
