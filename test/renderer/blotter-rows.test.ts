import { describe, expect, it } from 'vitest';
import type { RefusalView } from '../../src-shared/contract/trading';
import type { OrderView } from '../../src-shared/domain/schemas';
import { blotterRows, rowDetailParts, rowStatusText } from '../../src-renderer/src/features/trading/panels/blotter-rows';
import { translator } from './locale-files';

const refusal: RefusalView = {
  id: 7,
  clientOrderId: null,
  productId: 'DE-H-20261123T1200Z',
  lastProductId: null,
  legs: 0,
  side: 'buy',
  type: 'limit',
  timeInForce: 'gtc',
  price: 5_000,
  stopPrice: null,
  quantity: 2_000,
  displayQuantity: null,
  allOrNone: false,
  code: 'REJECTED',
  reason: 'LIMIT_MAX_ORDER_QUANTITY',
  params: { limitKw: 1_000, wouldBeKw: 2_000 },
  field: null,
  createdAt: 2_000,
};

function order(over: Partial<OrderView>): OrderView {
  return {
    id: 3, clientOrderId: null, ownerId: 1, owner: 'tom', productId: 'DE-H-20261123T1200Z', side: 'sell', type: 'limit', timeInForce: 'gtc',
    price: 5_000, quantity: 5_000, filled: 0, remaining: 5_000, status: 'working', reason: null, reasonParams: null, stopPrice: null,
    displayQuantity: null, visible: null, allOrNone: false, block: null, createdAt: 1_000, updatedAt: 1_000, ...over,
  };
}

describe('the orders blotter rows', () => {
  it('puts refused orders among the orders, newest first', () => {
    const rows = blotterRows([order({ id: 3, createdAt: 1_000 }), order({ id: 4, createdAt: 3_000 })], [refusal]);
    expect(rows.map((r) => r.key)).toEqual(['o4', 'r7', 'o3']);
    expect(rows[1]).toMatchObject({ status: 'refused', orderId: null, quantity: 2_000, filled: 0 });
  });

  it('words a refusal from its code and parameters in the user\'s language', async () => {
    const [english, arabic] = await Promise.all([translator('en'), translator('ar')]);
    const [row] = blotterRows([], [refusal]);
    expect(rowStatusText(row!, english, 'en')).toBe('Refused: Refused by your max order quantity limit (\u20661.0 MW\u2069; this order: \u20662.0 MW\u2069).');
    const worded = rowStatusText(row!, arabic, 'ar');
    expect(worded.startsWith('مرفوض: ')).toBe(true);
    expect(worded).not.toMatch(/Refused|limit/);
  });

  it('names a stop order\'s trigger and state, an iceberg\'s peak, shown and hidden rest, all-or-none and a block', async () => {
    const t = await translator('en');
    const name = (id: string) => `<${id}>`;
    const [stop] = blotterRows([order({ type: 'stop_limit', stopPrice: 4_500, status: 'pending_trigger' })], []);
    expect(rowDetailParts(stop!, t, name)).toEqual(['Stop at 45.00, waiting for trigger']);
    const [fired] = blotterRows([order({ type: 'stop', stopPrice: 4_500, status: 'working' })], []);
    expect(rowDetailParts(fired!, t, name)).toEqual(['Stop at 45.00, triggered']);
    const [iceberg] = blotterRows([order({ type: 'iceberg', displayQuantity: 1_000, visible: 400, remaining: 3_400, filled: 1_600 })], []);
    expect(rowDetailParts(iceberg!, t, name)).toEqual(['Iceberg peak 1.0 MW', '0.4 MW shown, 3.0 MW hidden']);
    const [aon] = blotterRows([order({ allOrNone: true })], []);
    expect(rowDetailParts(aon!, t, name)).toEqual(['All or none']);
    const [block] = blotterRows([order({ allOrNone: true, quantity: 4_000, block: { legs: 4, lastProductId: 'LMD-Q-X' } })], []);
    expect(rowDetailParts(block!, t, name)).toEqual(['Block of 4 products, 1.0 MW each, to <LMD-Q-X>']);
  });

  it('says an auction left an order unfilled, with the clearing price, in either language', async () => {
    const [english, arabic] = await Promise.all([translator('en'), translator('ar')]);
    const unfilled = order({ status: 'expired', remaining: 0, reason: 'auction_unfilled', reasonParams: { priceUnits: 8_500 } });
    const partly = order({ status: 'expired', filled: 1_300, quantity: 20_000, remaining: 0, reason: 'auction_unfilled', reasonParams: { priceUnits: 8_500 } });
    const noCross = order({ status: 'expired', remaining: 0, reason: 'auction_unfilled', reasonParams: { context: 'noCross' } });
    const [a, b, c] = [unfilled, partly, noCross].map((o) => blotterRows([o], [])[0]!);
    expect(rowStatusText(a!, english, 'en')).toBe('Not filled in the auction (cleared at \u206685.00 €/MWh\u2069).');
    expect(rowStatusText(b!, english, 'en')).toBe('Filled 1.3 of 20.0 MW in the auction at \u206685.00\u2069 €/MWh, rest not filled');
    expect(rowStatusText(c!, english, 'en')).toBe('Not filled in the auction (nothing crossed, no price).');
    for (const row of [a!, b!, c!]) expect(rowStatusText(row, arabic, 'ar')).toMatch(/المزاد/);
  });
});
