import { describe, expect, it } from 'vitest';
import { fixedDurationMin, formatProductId, parseProductId } from '../../src-shared/domain/product-id';
import { productsOfDay } from '../../src-main/market/products';

describe('the product-id grammar', () => {
  it('formats what it parses, for hours, quarters and blocks', () => {
    for (const product of productsOfDay('2026-11-23')) {
      const parts = parseProductId(product.id);
      expect(parts).toEqual({ area: 'DE', kind: product.kind, blockName: product.blockName, deliveryStart: product.deliveryStart });
      expect(formatProductId(parts!)).toBe(product.id);
    }
  });

  it('reads an hour and a block', () => {
    expect(parseProductId('DE-H-20261123T0900Z')).toEqual({ area: 'DE', kind: 'hour', blockName: '', deliveryStart: Date.UTC(2026, 10, 23, 9) });
    expect(parseProductId('DE-BASE-20261122T2300Z')).toMatchObject({ kind: 'block', blockName: 'BASE' });
    expect(fixedDurationMin('quarter')).toBe(15);
    expect(fixedDurationMin('block')).toBeNull();
  });

  it('refuses malformed ids and impossible instants', () => {
    for (const id of ['DE-H-20261123T0900', 'de-H-20261123T0900Z', 'DE-H-20260230T0900Z', 'DE-H-20261123T2400Z', 'DE-Q-0001', 'DE-LU-H-20261123T0900Z']) {
      expect(parseProductId(id)).toBeNull();
    }
  });
});
