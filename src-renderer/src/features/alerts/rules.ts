import { z } from 'zod';

export const PriceRuleSchema = z.object({
  id: z.string().min(1).max(40),
  productId: z.string().min(1).max(48),
  direction: z.enum(['above', 'below']),
  /** Price units (0.01 €/MWh). */
  price: z.number().int(),
});
export type PriceRule = z.infer<typeof PriceRuleSchema>;

export const AlertSettingsSchema = z.object({
  priceRules: z.array(PriceRuleSchema).max(200),
  fills: z.boolean(),
  rejections: z.boolean(),
  expiries: z.boolean(),
  /** Warn this many minutes before the gate of a product the user has live orders in; null = never. */
  gateMinutes: z.number().int().min(1).max(180).nullable(),
  desktop: z.boolean(),
});
export type AlertSettings = z.infer<typeof AlertSettingsSchema>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { priceRules: [], fills: true, rejections: true, expiries: true, gateMinutes: 5, desktop: false };

/** A price rule fires when the last price moves from one side of its level to the other (or onto it). */
export function crossed(rule: PriceRule, previous: number | null, last: number | null): boolean {
  if (last === null) return false;
  if (rule.direction === 'above') return last >= rule.price && (previous === null || previous < rule.price);
  return last <= rule.price && (previous === null || previous > rule.price);
}

/** A rule that is true the moment it is set (the price is already beyond its level) fires then, not on the next cross. */
export function alreadyTrue(rule: Pick<PriceRule, 'direction' | 'price'>, last: number | null): boolean {
  if (last === null) return false;
  return rule.direction === 'above' ? last >= rule.price : last <= rule.price;
}

export interface GateCandidate {
  productId: string;
  gateClosure: number;
}

/** Products whose gate is within the warning window and that have not been warned about yet. */
export function gatesToWarn(candidates: readonly GateCandidate[], minutes: number | null, now: number, warned: ReadonlySet<string>): GateCandidate[] {
  if (minutes === null) return [];
  return candidates.filter((c) => !warned.has(c.productId) && c.gateClosure > now && c.gateClosure - now <= minutes * 60_000);
}
