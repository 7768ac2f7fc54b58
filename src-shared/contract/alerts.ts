import { z } from 'zod';
import { call, defineCalls, defineEvents, event } from './kit';

/**
 * Alerts: each user's price alert rules and the history of alerts that fired, kept by the core so
 * both survive a reload and follow the user to another browser. The core answers with codes and
 * parameters; the renderer words them.
 */

export const AlertDirectionSchema = z.enum(['above', 'below']);
export type AlertDirection = z.infer<typeof AlertDirectionSchema>;

export const AlertKindSchema = z.enum(['price', 'fill', 'rejected', 'expired', 'gate']);
export type AlertKind = z.infer<typeof AlertKindSchema>;

/** What happened, worded by the renderer (`alerts.text.<code>`). */
export const AlertCodeSchema = z.enum(['price_above', 'price_below', 'price_above_already', 'price_below_already', 'fill_buy', 'fill_sell', 'rejected', 'expired', 'gate']);
export type AlertCode = z.infer<typeof AlertCodeSchema>;

const productId = z.string().min(1).max(48);

/** Raw values, never formatted text: prices in 0.01 €/MWh, quantities in kW. */
export const AlertParamsSchema = z
  .object({
    productId,
    price: z.number().int().optional(),
    last: z.number().int().optional(),
    quantity: z.number().int().nonnegative().optional(),
    orderId: z.number().int().positive().optional(),
    reason: z.string().max(64).optional(),
    minutes: z.number().int().min(0).max(1440).optional(),
  })
  .strict();
export type AlertParams = z.infer<typeof AlertParamsSchema>;

export interface AlertRuleView {
  id: number;
  productId: string;
  direction: AlertDirection;
  /** 0.01 €/MWh. */
  price: number;
  createdAt: number;
}

export interface FiredAlertView {
  id: number;
  ts: number;
  kind: AlertKind;
  code: AlertCode;
  params: AlertParams;
}

/** The most rules one user keeps, and the most fired alerts the history keeps per user. */
export const MAX_ALERT_RULES = 200;
export const MAX_ALERT_HISTORY = 500;

const empty = z.object({}).strict();

export const alertsCalls = defineCalls('alerts', {
  'alerts.rules.list': call<AlertRuleView[]>()({ input: empty, access: 'session', mutates: false }),
  /** A rule already true at the last price fires at once (`fired`) and is not kept (`rule` null). */
  'alerts.rules.add': call<{ rule: AlertRuleView | null; fired: FiredAlertView | null }>()({
    input: z.object({ productId, direction: AlertDirectionSchema, price: z.number().int().min(-1_000_000_000).max(1_000_000_000) }).strict(),
    access: 'session',
    mutates: true,
  }),
  'alerts.rules.remove': call<{ done: true }>()({ input: z.object({ ruleId: z.number().int().positive() }).strict(), access: 'session', mutates: true }),
  /** Newest first. */
  'alerts.history.list': call<FiredAlertView[]>()({ input: empty, access: 'session', mutates: false }),
  /**
   * An alert the renderer saw fire (a fill, a rejection, an expiry, a gate warning). `key` names the
   * occurrence (e.g. `fill:<tradeId>`), so two open tabs of one user record it once.
   */
  'alerts.history.record': call<{ recorded: boolean }>()({
    input: z
      .object({ key: z.string().min(1).max(80), kind: AlertKindSchema.exclude(['price']), code: AlertCodeSchema, params: AlertParamsSchema })
      .strict(),
    access: 'session',
    mutates: true,
  }),
  'alerts.history.clear': call<{ done: true }>()({ input: empty, access: 'session', mutates: true }),
});

export const alertsEvents = defineEvents('alerts', {
  /** To its user: an alert was added to the history. */
  'alerts.fired': event<FiredAlertView>(),
  /** To its user: the rules changed (added, fired, removed), from whichever tab or the market. */
  'alerts.rules': event<{ rules: AlertRuleView[] }>(),
  /** To its user: the history was cleared. */
  'alerts.cleared': event<Record<string, never>>(),
});
