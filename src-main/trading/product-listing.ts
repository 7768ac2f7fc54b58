import { DateTime } from 'luxon';
import type { RulesArea } from '../../src-shared/contract/trading';
import type { ProductView } from '../../src-shared/domain/schemas';
import { localDailyProductsOfDay, localProductsOfDay, type MarketRules, productsOfDay, tradingDays } from '../market/products';
import { BUILT_IN_RULES } from './market-rules';

/** The rules an area's products of one delivery day open with. */
export type RulesOf = (area: RulesArea, day: string) => MarketRules;

const builtIn: RulesOf = (area) => BUILT_IN_RULES[area];

/**
 * The products on the calendar: today's and tomorrow's, continuous and local-market, listed as
 * days come and dropped a day after delivery. Each product's delivery day is kept so listing by
 * day needs no date arithmetic per call.
 */
export class ProductListing {
  private readonly products = new Map<string, ProductView>();
  private readonly listedDays = new Set<string>();
  private readonly productDay = new Map<string, string>();
  /** Per rules area, the latest delivery day any of whose products is listed. */
  private readonly lastDelivery = new Map<RulesArea, string>();

  constructor(private readonly rulesOf: RulesOf = builtIn) {}

  /** Products of the days that became trading days since the last call (empty when none did). */
  listNewDays(now: number): ProductView[] {
    const added: ProductView[] = [];
    for (const day of tradingDays(now)) {
      if (this.listedDays.has(day)) continue;
      this.listedDays.add(day);
      // A trading day also trades the next day's daily auction (its gate is at noon of this day),
      // which follows the local market's rules of its own delivery day.
      const next = nextDay(day);
      const lists: Array<[RulesArea, string, ProductView[]]> = [
        ['DE', day, productsOfDay(day, this.rulesOf('DE', day))],
        ['LM', day, localProductsOfDay(day, this.rulesOf('LM', day))],
        ['LM', next, localDailyProductsOfDay(next, this.rulesOf('LM', next))],
      ];
      for (const [area, deliveryDay, products] of lists) {
        if (deliveryDay > (this.lastDelivery.get(area) ?? '')) this.lastDelivery.set(area, deliveryDay);
        for (const product of products) {
          this.products.set(product.id, product);
          this.productDay.set(product.id, day);
          added.push(product);
        }
      }
    }
    return added;
  }

  /** Products a day past their delivery: they can no longer change, so they leave memory. */
  takeExpired(now: number): string[] {
    const expired: string[] = [];
    for (const [id, product] of this.products) {
      if (product.deliveryEnd + 86_400_000 > now) continue;
      expired.push(id);
      this.products.delete(id);
      this.productDay.delete(id);
    }
    return expired;
  }

  /** The first delivery day of `area` none of whose products is listed: the earliest its rules may change. */
  firstOpenDay(area: RulesArea): string {
    const last = this.lastDelivery.get(area);
    if (last === undefined) throw new Error('nothing listed yet');
    return nextDay(last);
  }

  get(productId: string): ProductView | undefined {
    return this.products.get(productId);
  }

  all(): IterableIterator<ProductView> {
    return this.products.values();
  }

  asMap(): ReadonlyMap<string, ProductView> {
    return this.products;
  }

  /** Today's and tomorrow's products. */
  listed(now: number): ProductView[] {
    const days = new Set(tradingDays(now));
    return [...this.products.values()].filter((p) => days.has(this.productDay.get(p.id) ?? ''));
  }
}

/** The delivery day after `day` (both yyyy-MM-dd). */
function nextDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? day;
}
