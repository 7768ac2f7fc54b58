import { z } from 'zod';
import { call, defineCalls, defineEvents, event, RISK_ROLES, TRADING_ROLES } from './kit';
import {
  AreaSchema,
  CashReferenceSchema,
  type CashView,
  type CurveView,
  type DeskView,
  type LimitsRow,
  MarkSourceSchema,
  MoneySchema,
  type PnlSummaryView,
  PortfolioNameSchema,
  type PositionRow,
  type PositionsView,
  RiskLimitsSchema,
  type RiskLimitsView,
  scopedSchema,
  scopeFields,
  UserIdSchema,
  type VarView,
} from './risk-views';
import { GuardSettingsSchema, StopReasonSchema, type GuardCheckView, type GuardKey, type GuardView, type RiskPersonView, type StoppedUserView } from './risk-guard-views';

/**
 * Risk: positions, P&L, cash, the forward curve, limits, portfolios, fees, the kill switches and VaR.
 *
 * Units (integers unless said otherwise): prices in price units of 0.01 €/MWh, quantities in kW,
 * money in money units of 0.00001 € (100,000 = 1 €). VaR and ES are money units as floats (they are
 * statistics, not bookings). Timestamps in ms since the epoch.
 */

export * from './risk-views';
export * from './risk-guard-views';

/** A cash move: whose account, how much, and the payment's reference (bank transfer id, ticket). */
const cashMoveSchema = z
  .object({ userId: UserIdSchema, amountMoney: MoneySchema.min(1), reference: CashReferenceSchema })
  .strict();

/**
 * The terminal's risk defaults: the fat-finger thresholds of a person without their own, and the
 * limits of a book without its own for a key. A number sets, null goes back to the built-in guard
 * (or no limit), left out is kept.
 */
export const RiskDefaultsInputSchema = z.object({ guard: GuardSettingsSchema.optional(), limits: RiskLimitsSchema.optional() }).strict();
export type RiskDefaultsInput = z.infer<typeof RiskDefaultsInputSchema>;

export interface RiskDefaultsView {
  /** Thresholds the terminal sets; a key left out is the built-in DEFAULT_GUARD. */
  guard: Partial<Record<GuardKey, number>>;
  /** Limits every book has unless it sets its own for the key; a key left out is not checked. */
  limits: RiskLimitsView;
  updatedAt: number | null;
  updatedBy: string | null;
}

export const riskCalls = defineCalls('risk', {
  'risk.positions.list': call<PositionsView>()({
    input: z.object({ ...scopeFields, mark: MarkSourceSchema.default('last') }).strict(),
    access: 'session',
    mutates: false,
  }),
  'risk.pnl.summary': call<PnlSummaryView>()({
    input: z.object({ ...scopeFields, mark: MarkSourceSchema.default('last') }).strict(),
    access: 'session',
    mutates: false,
  }),
  /** Positions and P&L of every trader and portfolio per delivery period, with the desk's totals. */
  'risk.desk': call<DeskView>()({ input: z.object({ mark: MarkSourceSchema.default('last') }).strict(), access: RISK_ROLES, mutates: false }),
  'risk.cash.balance': call<CashView>()({ input: z.object({ userId: UserIdSchema.optional() }).strict(), access: 'session', mutates: false }),
  /**
   * Deposits and withdrawals are back-office bookings: a risk manager or an administrator records
   * them for a named account with the reference of the payment; a trader sees their cash but
   * cannot move it (their own deposit would lift their own credit check).
   */
  'risk.cash.deposit': call<CashView>()({
    input: cashMoveSchema,
    access: RISK_ROLES,
    mutates: true,
  }),
  'risk.cash.withdraw': call<CashView>()({
    input: cashMoveSchema,
    access: RISK_ROLES,
    mutates: true,
  }),
  'risk.curve.get': call<CurveView>()({
    input: z.object({ area: AreaSchema.default('DE'), shapeWeeks: z.number().int().min(1).max(52).default(4) }).strict(),
    access: 'session',
    mutates: false,
  }),
  'risk.limits.list': call<LimitsRow[]>()({ input: z.object({}).strict(), access: RISK_ROLES, mutates: false }),
  'risk.limits.get': call<LimitsRow>()({ input: scopedSchema, access: 'session', mutates: false }),
  'risk.limits.set': call<LimitsRow>()({
    input: z
      .object({ ...scopeFields, limits: RiskLimitsSchema })
      .strict()
      .refine((v) => (v.userId === undefined) !== (v.portfolio === undefined), 'name either userId or portfolio'),
    access: RISK_ROLES,
    mutates: true,
  }),
  'risk.portfolios.list': call<Array<{ portfolio: string; members: Array<{ userId: number; username: string }> }>>()({
    input: z.object({}).strict(),
    access: 'session',
    mutates: false,
  }),
  'risk.portfolios.assign': call<{ userId: number; portfolio: string | null }>()({
    input: z.object({ userId: UserIdSchema, portfolio: PortfolioNameSchema.nullable() }).strict(),
    access: RISK_ROLES,
    mutates: true,
  }),
  'risk.fees.get': call<{ feePerMwhMoney: number; since: number | null }>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  /** Exchange/clearing fee per MWh traded, from now on; earlier trades keep the fee in force when they traded. */
  'risk.fees.set': call<{ feePerMwhMoney: number; since: number | null }>()({
    input: z.object({ feePerMwhMoney: MoneySchema }).strict(),
    access: RISK_ROLES,
    mutates: true,
  }),
  /**
   * Stops a user's trading at once: all their orders cancelled, new ones refused until released.
   * The reason goes into the audit entry and the list of stopped users.
   */
  'risk.killSwitch': call<{ userId: number; active: boolean; cancelled: number }>()({
    input: z.object({ userId: UserIdSchema.optional(), active: z.boolean(), reason: StopReasonSchema.optional() }).strict(),
    access: TRADING_ROLES,
    mutates: true,
  }),
  /** Stops the whole desk: every user's orders cancelled and new ones refused until released. Stopping needs a reason (audited). */
  'risk.deskKill': call<{ active: boolean; users: number; cancelled: number }>()({
    input: z
      .object({ active: z.boolean(), reason: StopReasonSchema.optional() })
      .strict()
      .refine((v) => !v.active || v.reason !== undefined, { message: 'a reason is required to stop the desk', path: ['reason'] }),
    access: RISK_ROLES,
    mutates: true,
  }),
  /** Users whose trading is stopped now: by whom, when and why (a risk manager releases them with `risk.killSwitch`). */
  'risk.stops.list': call<StoppedUserView[]>()({ input: z.object({}).strict(), access: RISK_ROLES, mutates: false }),
  /** Accounts a risk manager can pick for a book, a limit or a guard: name, role, portfolio. */
  'risk.people.list': call<RiskPersonView[]>()({ input: z.object({}).strict(), access: RISK_ROLES, mutates: false }),
  /** A user's fat-finger thresholds (the defaults where none is set); own, or anyone's for risk roles. */
  'risk.guard.get': call<GuardView>()({ input: z.object({ userId: UserIdSchema.optional() }).strict(), access: 'session', mutates: false }),
  /** Sets a user's thresholds: a number sets, null goes back to the default, left out is kept. */
  'risk.guard.set': call<GuardView>()({
    input: z.object({ userId: UserIdSchema, settings: GuardSettingsSchema }).strict(),
    access: RISK_ROLES,
    mutates: true,
  }),
  /** What the ticket must ask before sending an order: price far from the reference, a large size, or a refusal above the hard maximum. */
  'risk.guard.check': call<GuardCheckView>()({
    input: z
      .object({ productId: z.string().min(1).max(64), side: z.enum(['buy', 'sell']), price: z.number().int().nullable(), quantity: z.number().int().positive() })
      .strict(),
    access: TRADING_ROLES,
    mutates: false,
  }),
  /** The terminal's defaults that apply to everyone without their own thresholds or limits. */
  'risk.defaults.get': call<RiskDefaultsView>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  /** Sets the terminal's defaults (audited with before and after); they apply at once to every order after. */
  'risk.defaults.set': call<RiskDefaultsView>()({ input: RiskDefaultsInputSchema, access: RISK_ROLES, mutates: true }),
  'risk.deskStatus': call<{ deskKill: boolean }>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  /** Reference price history for VaR, curve and forecasts: a SMARD/Berlin CSV or an ENTSO-E A44 XML, stored in one transaction. */
  'risk.history.import': call<{ area: string; format: string; points: number; drivers: number; fromMs: number; toMs: number }>()({
    input: z.object({ area: AreaSchema, content: z.string().min(1).max(50 * 1024 * 1024) }).strict(),
    access: RISK_ROLES,
    mutates: true,
  }),
  'risk.var': call<VarView>()({
    input: z
      .object({
        ...scopeFields,
        area: AreaSchema.default('DE'),
        confidence: z.union([z.literal(0.95), z.literal(0.99)]).default(0.99),
        method: z.enum(['historical', 'montecarlo']).default('historical'),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
        paths: z.number().int().min(100).max(100_000).default(10_000),
        lookbackDays: z.number().int().min(5).max(2_000).default(250),
        /** Window of each backtest day's VaR; the figure's lookbackDays when left out. */
        backtestWindow: z.number().int().min(5).max(500).optional(),
        bins: z.number().int().min(5).max(200).default(40),
      })
      .strict(),
    access: 'session',
    mutates: false,
  }),
});

export const riskEvents = defineEvents('risk', {
  /** Positions of a portfolio changed after a trade. Sent to the user and to risk managers and admins. */
  'risk.positions': event<{ portfolioId: string; userId: number | null; positions: PositionRow[] }>(),
  'risk.cash': event<CashView>(),
  'risk.limits': event<LimitsRow>(),
  /** The terminal's risk defaults changed: every screen showing thresholds or limits reads them again. */
  'risk.defaults': event<RiskDefaultsView>(),
  'risk.deskKill': event<{ active: boolean }>(),
  /** A user's kill switch was set or released (to the user, risk managers and admins). */
  'risk.killSwitch': event<{ userId: number; active: boolean }>(),
});
