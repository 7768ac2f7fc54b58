import { energyWhOf } from '../../../../src-shared/contract/delivery';
import type { DeliveryCheck } from '../../../../src-shared/contract/devices';
import type { ProductView } from '../../../../src-shared/domain/schemas';
import { call } from '../../transport/client';

/** One local-market product of a sell, as the site's batteries would see it. */
export interface PreviewRow {
  productId: string;
  /** Energy already offered from the site in the product (other open sells), Wh. */
  openWh: number;
  /** Those plus this order, Wh. */
  soldWh: number;
  check: DeliveryCheck;
}

export interface Preview {
  site: string;
  rows: PreviewRow[];
}

/** Local-market products are the only ones the core checks against batteries. */
export const isLocal = (product: ProductView): boolean => product.area === 'LM';

/**
 * The same question the core asks before it accepts the sell: the site's open sells in each product
 * plus this order, against `devices.canDeliver`. Null when the user has no site (no check applies).
 */
export async function previewDelivery(productIds: readonly string[], quantityKw: number): Promise<Preview | null> {
  const rows = await Promise.all(
    productIds.map(async (productId): Promise<(PreviewRow & { site: string }) | null> => {
      const context = await call('delivery.context', { productId });
      if (context.site === null || !context.checked) return null;
      const soldWh = context.openSellWh + energyWhOf(quantityKw, context);
      const check = await call('devices.canDeliver', { site: context.site, energyWh: soldWh, from: context.from, to: context.to });
      return { site: context.site, productId, openWh: context.openSellWh, soldWh, check };
    }),
  );
  const shown = rows.filter((r) => r !== null);
  const first = shown[0];
  return first ? { site: first.site, rows: shown } : null;
}
