import { describe, expect, it } from 'vitest';
import { checkFunds, type Holding } from '../../src-main/chain/funds-check';

const trade = (tradeId: number, energyWh: number, paymentUnits: number) => ({ tradeId, seller: 'S', buyer: 'B', energyWh, paymentUnits });
const holding = (balance: bigint, allowance: bigint): Holding => ({ balance, allowance });

describe("a batch's funds before it is sent", () => {
  it('takes trades in order while the seller and buyer cover them together, and holds back the one that no longer fits', () => {
    const verdict = checkFunds([trade(1, 600, 60), trade(2, 600, 60), trade(3, 300, 30)], { energy: new Map([['S', holding(1_000n, 1_000n)]]), payment: new Map([['B', holding(1_000n, 1_000n)]]) });
    expect(verdict.fits.map((t) => t.tradeId)).toEqual([1, 3]);
    expect(verdict.short).toEqual([{ trade: trade(2, 600, 60), error: 'SELLER_ENERGY_SHORT(400, 600)' }]);
  });

  it('names a short allowance apart from a short balance, for each side', () => {
    const rich = holding(10_000n, 10_000n);
    expect(checkFunds([trade(1, 600, 60)], { energy: new Map([['S', holding(10_000n, 0n)]]), payment: new Map([['B', rich]]) }).short[0]!.error).toBe('SELLER_ALLOWANCE_SHORT(0, 600)');
    expect(checkFunds([trade(1, 600, 60)], { energy: new Map([['S', rich]]), payment: new Map([['B', holding(59n, 10_000n)]]) }).short[0]!.error).toBe('BUYER_PAYMENT_SHORT(59, 60)');
    expect(checkFunds([trade(1, 600, 60)], { energy: new Map([['S', rich]]), payment: new Map() }).short[0]!.error).toBe('BUYER_PAYMENT_SHORT(0, 60)');
    expect(checkFunds([trade(1, 600, 60)], { energy: new Map([['S', rich]]), payment: new Map([['B', holding(100n, 10n)]]) }).short[0]!.error).toBe('BUYER_ALLOWANCE_SHORT(10, 60)');
  });
});
