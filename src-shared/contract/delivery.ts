import { z } from 'zod';
import { ADMIN_ROLES, call, defineCalls, defineEvents, event } from './kit';
import { TopicLevelSchema } from './devices-views';
import { ProductIdSchema } from '../domain/schemas';

/**
 * Which site's batteries back a user's sells on the local market (area "LM"), and what the core
 * says when such a sell is more than those batteries can deliver.
 *
 * A sell on an LM product by a user with a site is checked before the engine sees it: the energy of
 * every open LM sell of that site's users in the product's delivery window (this order included) is
 * asked of `devices.canDeliver`. By the admin's `battery.deliveryCheck` setting the order is then
 * refused (reason DELIVERY_SHORT, nothing stored) or accepted with a `delivery.warning` to its owner.
 */

export interface UserSiteView {
  userId: number;
  site: string;
  updatedAt: number;
  updatedBy: string | null;
}

/** What the ticket needs to preview the check for one product before anything is sent. */
export interface DeliveryContextView {
  /** The caller's site; null when none is assigned (then no check applies). */
  site: string | null;
  /** True for a local-market product: the only products the check applies to. */
  checked: boolean;
  /** The product's delivery window. */
  from: number;
  to: number;
  /** Energy of the open LM sells of the site's users in that window, in Wh. */
  openSellWh: number;
}

export interface DeliveryWarning {
  kind: 'delivery_short';
  productId: string;
  site: string;
  /** This order's quantity (kW) and its energy over the product (Wh). */
  quantityKw: number;
  orderWh: number;
  /** All open sells of the site in the window, this order included, in Wh. */
  soldWh: number;
  deliverableWh: number;
  /** Why batteries contributed less (stale state of charge, offline, ...). */
  reasons: string[];
  message: string;
  ts: number;
}

/** Energy of `kw` over a delivery window, in Wh (exact for quarter hours: 250 Wh per kW). */
export function energyWhOf(kw: number, window: { from: number; to: number }): number {
  return Math.round((kw * (window.to - window.from)) / 3_600);
}

const empty = z.object({}).strict();

export const deliveryCalls = defineCalls('delivery', {
  /** Every user with a site; users without one are absent. */
  'delivery.sites': call<UserSiteView[]>()({ input: empty, access: ADMIN_ROLES, mutates: false }),
  /** Assigns a site (null removes it). */
  'delivery.setSite': call<{ userId: number; site: string | null }>()({
    input: z.object({ userId: z.number().int().positive(), site: TopicLevelSchema.nullable() }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** The caller's own site and the site's open sells for one product. */
  'delivery.context': call<DeliveryContextView>()({
    input: z.object({ productId: ProductIdSchema }).strict(),
    access: 'session',
    mutates: false,
  }),
});

export const deliveryEvents = defineEvents('delivery', {
  /** An order went through with a warning, to its owner only. */
  'delivery.warning': event<DeliveryWarning>(),
});
