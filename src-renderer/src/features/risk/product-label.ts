import { isMarketArea } from '../../../../src-shared/domain/market-areas';
import { parseProductId } from '../../../../src-shared/domain/product-id';
import { productLabel } from '../../ui/format';

/**
 * A readable delivery label from a position's product id, start and length: the product may no
 * longer be listed, so what the label needs (area, kind, block name) is read from the id itself.
 */
export function productInfoLabel(productId: string, deliveryStart: number, durationMin: number, language: string): string {
  const parts = parseProductId(productId);
  // An id this terminal cannot read (or from an area it does not know) is shown as it is.
  if (!parts || !isMarketArea(parts.area)) return productId;
  return productLabel({ area: parts.area, kind: parts.kind, blockName: parts.blockName, deliveryStart, deliveryEnd: deliveryStart + durationMin * 60_000 }, language);
}
