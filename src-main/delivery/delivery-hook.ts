/**
 * The pre-trade delivery check: a sell on the local market (area LM) by a user assigned to a site is
 * compared with what that site's batteries can deliver in the product's delivery window.
 *
 * The energy asked of the batteries is every open LM sell of the site's users in that window (all of
 * them share the same batteries, so neither splitting an order nor selling from a second account
 * gets around the check) plus this order: kW × the product's duration. By the admin's
 * `battery.deliveryCheck` setting a shortfall refuses the order (reason DELIVERY_SHORT, before the
 * engine sees it, so nothing is stored) or lets it through with an `delivery.warning` to its owner.
 * Both are audited. Buys, non-LM products and users without a site are not checked. A warning is
 * sent (and audited) only once its order is stored: `check` hands it back for the trading service to
 * run then, so an order the engine or a later check refuses gets no warning.
 *
 * Like the risk check it runs outside the trading batch's transaction: two sells racing in the same
 * group commit are each checked against the open sells before both (a window of milliseconds).
 */
import type { DeliveryCheck } from '../../src-shared/contract/devices';
import { energyWhOf, type DeliveryContextView, type DeliveryWarning } from '../../src-shared/contract/delivery';
import type { Side } from '../../src-shared/domain/schemas';
import { fail } from '../../src-shared/domain/errors';
import type { Recorder } from '../api/recorder';
import type { UsersPort } from '../auth';
import { LOCAL_DAILY_AUCTION, LOCAL_MARKET_RULES } from '../market/products';
import { productInfo } from '../market/product-info';
import type { PreTradeContext, TradingPort } from '../trading';
import type { UserSitesRepo } from './user-sites-repo';

export interface DeliveryOrder {
  owner: number;
  productId: string;
  side: Side;
  quantity: number;
  /** Set by a modify: the order being resized, whose open quantity this one replaces. */
  replaces?: number;
}

export type CanDeliver = (target: { site: string }, energyWh: number, window: { from: number; to: number }) => DeliveryCheck;

/** Wh as kWh for messages, without trailing zeros (2500 → "2.5"). */
export function kwh(wh: number): string {
  return String(wh / 1_000);
}

export class DeliveryHook {
  constructor(
    private readonly sites: UserSitesRepo,
    private readonly recorder: Recorder,
    private readonly trading: TradingPort,
    private readonly users: UsersPort,
    private readonly canDeliver: CanDeliver,
  ) {}

  /** kW open on `productId` from the site's users (they share its batteries), leaving out order `exclude`. */
  private openSellKw(site: string, productId: string, exclude = 0): number {
    return this.trading.openSellKw(this.sites.usersOf(site), productId, exclude);
  }

  /** The delivery window of a local-market product (a quarter-hour or daily auction's); null for any other product. */
  private windowOf(productId: string): { from: number; to: number } | null {
    const info = productInfo(productId);
    if (!info || (info.area !== LOCAL_MARKET_RULES.area && info.area !== LOCAL_DAILY_AUCTION.area)) return null;
    return { from: info.deliveryStart, to: info.deliveryEnd };
  }

  /** Throws the refusal; or returns the warning to send once the order is stored; or nothing. */
  check(order: DeliveryOrder, ctx: PreTradeContext): (() => void) | undefined {
    if (order.side !== 'sell') return undefined;
    const window = this.windowOf(order.productId);
    if (!window) return undefined;
    const site = this.sites.siteOf(order.owner);
    if (site === null) return undefined;
    let exclude = 0;
    if (order.replaces !== undefined) {
      // A resize only adds energy when it grows; a re-price or a shrink never needs the batteries more.
      const before = this.trading.sellRemaining(order.replaces);
      if (before !== null && order.quantity <= before) return undefined;
      exclude = order.replaces;
    }
    const orderWh = energyWhOf(order.quantity, window);
    const soldWh = energyWhOf(this.openSellKw(site, order.productId, exclude), window) + orderWh;
    const check = this.canDeliver({ site }, soldWh, window);
    if (check.verdict === 'ok') return undefined;

    const reasons = check.reasons.filter((r) => !r.startsWith('requested '));
    const message =
      `Site ${site} batteries can deliver ${kwh(check.deliverableWh)} kWh of the ${kwh(soldWh)} kWh sold for ${order.productId}` +
      ` (this order ${kwh(orderWh)} kWh, the site's other open sells ${kwh(soldWh - orderWh)} kWh)` +
      (reasons.length > 0 ? `: ${reasons.join('; ')}.` : '.');
    const facts = { productId: order.productId, site, quantityKw: order.quantity, orderWh, soldWh, deliverableWh: check.deliverableWh, reasons, message };
    const actor = this.users.username(order.owner);
    if (check.verdict === 'refuse') {
      ctx.refused('delivery.refused', { owner: order.owner, ...facts });
      fail('REJECTED', `Refused: ${message}`, {
        field: 'quantity',
        reason: 'DELIVERY_SHORT',
        params: { site, productId: order.productId, deliverableWh: check.deliverableWh, soldWh, orderWh, otherWh: soldWh - orderWh },
      });
    }
    const warning: DeliveryWarning = { kind: 'delivery_short', ...facts, ts: ctx.now };
    return () =>
      this.recorder.commit(ctx.now, actor, (log, publish) => {
        log('delivery.warned', { owner: order.owner, ...facts });
        publish('delivery.warning', warning, { userIds: [order.owner] });
      });
  }

  /** For the ticket's preview: the caller's site and what the site already sells in the product. */
  context(userId: number, productId: string): DeliveryContextView {
    const window = this.windowOf(productId);
    const site = this.sites.siteOf(userId);
    const info = productInfo(productId);
    const from = info?.deliveryStart ?? 0;
    const to = info?.deliveryEnd ?? 0;
    if (!window || site === null) return { site, checked: window !== null, from, to, openSellWh: 0 };
    return { site, checked: true, from, to, openSellWh: energyWhOf(this.openSellKw(site, productId), window) };
  }
}
