import { describe, expect, it } from 'vitest';
import { consecutiveFrom } from '../../src-renderer/src/features/trading/consecutive';

const q = (startMin: number) => ({ id: `Q${startMin}`, deliveryStart: startMin * 60_000, deliveryEnd: (startMin + 15) * 60_000 });

describe('block order legs in the auction panel', () => {
  it('takes the quarters that follow the first without a gap, up to the count', () => {
    const products = [q(45), q(0), q(15), q(30), q(75)];
    expect(consecutiveFrom(products, products[1], 3).map((p) => p.id)).toEqual(['Q0', 'Q15', 'Q30']);
    expect(consecutiveFrom(products, products[1], 10).map((p) => p.id)).toEqual(['Q0', 'Q15', 'Q30', 'Q45']);
    expect(consecutiveFrom(products, products[4], 4).map((p) => p.id)).toEqual(['Q75']);
    expect(consecutiveFrom(products, undefined, 4)).toEqual([]);
  });
});
