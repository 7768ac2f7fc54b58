import { z } from 'zod';
import { call, TRADING_ROLES } from './contract-kit';
import type { Role } from './schemas';

/**
 * Positions, P&L, cash, limits, VaR, forecasts and reports. Spread into the contract by contract.ts.
 *
 * Units (integers unless said otherwise): prices in price units of 0.01 €/MWh, quantities in kW,
 * money in money units of 0.00001 € (100,000 = 1 €). VaR and ES are money units as floats (they are
 * statistics, not bookings). Timestamps in ms since the epoch.
 */

const RISK_ROLES: readonly Role[] = ['risk_manager', 'admin'];
const userId = z.number().int().positive();
export const PortfolioNameSchema = z.string().min(1).max(32).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only');
const money = z.number().int().min(0).max(9_000_000_000_000_000 / 1_000);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as yyyy-mm-dd');
const area = z.string().min(1).max(16).regex(/^[A-Z0-9_-]+$/, 'an area code such as DE');

/** Whose book a view is about: nothing = the caller; another user or a portfolio needs a risk role or membership. */
const scopeFields = { userId: userId.optional(), portfolio: PortfolioNameSchema.optional() };
const scoped = z.object(scopeFields).strict();

export const MarkSourceSchema = z.enum(['last', 'mid', 'curve']);
export type MarkSourceName = z.infer<typeof MarkSourceSchema>;

const limitValue = z.number().int().min(0).max(9_000_000_000_000).nullable().optional();
/** A limit left out or null is not checked. */
export const RiskLimitsSchema = z
  .object({
    maxOrderKw: limitValue,
    maxOrderValueMoney: limitValue,
    maxPositionKwPerProduct: limitValue,
    maxDayPositionKwh: limitValue,
    maxDailyLossMoney: limitValue,
    creditLimitMoney: limitValue,
    priceCollarUnits: limitValue,
  })
  .strict();
export type RiskLimitsInput = z.infer<typeof RiskLimitsSchema>;
export type LimitKey = keyof RiskLimitsInput;
export const LIMIT_KEYS: readonly LimitKey[] = [
  'maxOrderKw',
  'maxOrderValueMoney',
  'maxPositionKwPerProduct',
  'maxDayPositionKwh',
  'maxDailyLossMoney',
  'creditLimitMoney',
  'priceCollarUnits',
];
export type RiskLimitsView = Partial<Record<LimitKey, number>>;

export interface LimitsRow {
  scope: 'user' | 'portfolio';
  /** User id as text, or the portfolio name. */
  id: string;
  /** Username for a user row. */
  label: string;
  limits: RiskLimitsView;
  updatedAt: number | null;
  updatedBy: string | null;
}

export interface PositionRow {
  portfolioId: string;
  productId: string;
  durationMin: number;
  deliveryStart: number;
  side: 'long' | 'short' | 'flat';
  netKw: number;
  netKwMin: number;
  netMwh: number;
  avgOpenPriceUnits: number | null;
  markPriceUnits: number | null;
  realizedMoney: number;
  feesMoney: number;
  unrealizedMoney: number | null;
  totalMoney: number;
  fillCount: number;
}

export interface BookTotalsView {
  realizedMoney: number;
  feesMoney: number;
  unrealizedMoney: number;
  totalMoney: number;
  unmarked: string[];
}

export interface PositionsView {
  portfolioId: string;
  mark: MarkSourceName;
  asOf: number;
  positions: PositionRow[];
  totals: BookTotalsView;
}

export interface PnlBucketView {
  period: string;
  realizedMoney: number;
  feesMoney: number;
  unrealizedChangeMoney: number;
  totalMoney: number;
  fillCount: number;
}

export interface PerformanceView {
  tradeCount: number;
  tradedKw: number;
  tradedMwh: number;
  closingTradeCount: number;
  winRate: number | null;
  averageTradePnlMoney: number | null;
  maxDrawdownMoney: number;
  sharpe: number | null;
  sharpeDaysPerYear: number;
}

export interface PnlSummaryView {
  portfolioId: string;
  mark: MarkSourceName;
  asOf: number;
  today: string;
  daily: PnlBucketView[];
  monthly: PnlBucketView[];
  inceptionToDate: PnlBucketView;
  totals: BookTotalsView;
  metrics: PerformanceView;
}

export interface CashView {
  userId: number;
  depositsMoney: number;
  withdrawalsMoney: number;
  /** Σ sells − Σ buys of the user's trades. */
  tradeCashMoney: number;
  feesMoney: number;
  /** deposits − withdrawals + trade cash − fees. */
  balanceMoney: number;
  /** Payments of the user's working buy orders (and sells at negative prices). */
  reservedMoney: number;
  /** Null: no credit limit set, cash is not checked before trading. */
  creditLimitMoney: number | null;
  availableMoney: number | null;
}

export interface CurvePointView {
  productId: string;
  startUtcMs: number;
  durationMin: number;
  priceUnits: number | null;
  source: 'trade' | 'shape' | 'history-mean' | 'trades-mean' | 'none';
}

export interface CurveView {
  area: string;
  asOfMs: number;
  shapeWeeks: number;
  globalLevel: number | null;
  points: CurvePointView[];
  historySource: PriceHistorySourceView;
}

export interface PriceHistorySourceView {
  /** 'imported': prices imported with risk.history.import; 'trades': hourly VWAP of the terminal's own trades. */
  kinds: Array<'imported' | 'trades'>;
  points: number;
  fromMs: number | null;
  toMs: number | null;
}

export interface HistogramBinView {
  lower: number;
  upper: number;
  count: number;
}

export interface VarLevelView {
  confidence: number;
  var: number;
  es: number;
  tailCount: number;
}

export interface KupiecView {
  observations: number;
  exceptions: number;
  expectedExceptions: number;
  exceptionRate: number;
  lr: number;
  pValue: number;
  criticalValue: number;
  accept: boolean;
  window: number;
}

export interface VarView {
  portfolioId: string;
  method: 'historical' | 'montecarlo';
  confidence: number;
  horizonDays: 1;
  /** Money units (floats): positive = a loss. */
  var: number;
  es: number;
  levels: VarLevelView[];
  scenarios: number;
  meanPnl: number;
  stdPnl: number;
  histogram: HistogramBinView[];
  /** Money units per +1 price unit, per delivery hour slot 0…23 (Europe/Berlin). */
  exposures: number[];
  seed: number | null;
  paths: number | null;
  /** Null when the history is too short to backtest. */
  backtest: KupiecView | null;
  historySource: PriceHistorySourceView;
  changeDays: number;
}

export type ForecastModelName = 'seasonal-naive' | 'linear' | 'boosted-trees';

export interface ForecastScoreView {
  model: ForecastModelName;
  days: number;
  hours: number;
  maeEurMwh: number;
  rmseEurMwh: number;
  coverage: number;
}

export interface ForecastHourView {
  startUtcMs: number;
  pointUnits: number;
  lowerUnits: number;
  upperUnits: number;
}

export interface ForecastResultView {
  jobId: string;
  area: string;
  day: string;
  model: ForecastModelName;
  chosen: 'best' | 'requested';
  hours: ForecastHourView[];
  scores: ForecastScoreView[];
  best: ForecastModelName | null;
  backtestFirstDay: string;
  backtestLastDay: string;
  /** Backtest hours whose actual price lay far outside the chosen model's interval (forecast/anomaly.ts). */
  anomalies: ForecastAnomalyView[];
  finishedAt: number;
}

export interface ForecastAnomalyView {
  startUtcMs: number;
  priceUnits: number;
  lowerUnits: number;
  upperUnits: number;
  direction: 'high' | 'low';
  score: number;
}

export type ForecastJobState = 'running' | 'completed' | 'cancelled' | 'failed';

export interface ForecastJobView {
  jobId: string;
  state: ForecastJobState;
  fraction: number;
  error: string | null;
  result: ForecastResultView | null;
}

export interface ReportFileView {
  filename: string;
  mime: string;
  /** The file's bytes, base64. */
  base64: string;
  bytes: number;
}

export const riskCalls = {
  'positions.list': call<PositionsView>()({
    input: z.object({ ...scopeFields, mark: MarkSourceSchema.default('last') }).strict(),
    access: 'session',
    mutates: false,
  }),
  'pnl.summary': call<PnlSummaryView>()({
    input: z.object({ ...scopeFields, mark: MarkSourceSchema.default('last') }).strict(),
    access: 'session',
    mutates: false,
  }),
  'cash.balance': call<CashView>()({ input: z.object({ userId: userId.optional() }).strict(), access: 'session', mutates: false }),
  'cash.deposit': call<CashView>()({
    input: z.object({ userId: userId.optional(), amountMoney: money.min(1) }).strict(),
    access: TRADING_ROLES,
    mutates: true,
  }),
  'cash.withdraw': call<CashView>()({
    input: z.object({ userId: userId.optional(), amountMoney: money.min(1) }).strict(),
    access: TRADING_ROLES,
    mutates: true,
  }),
  'curve.get': call<CurveView>()({
    input: z.object({ area: area.default('DE'), shapeWeeks: z.number().int().min(1).max(52).default(4) }).strict(),
    access: 'session',
    mutates: false,
  }),
  'limits.list': call<LimitsRow[]>()({ input: z.object({}).strict(), access: RISK_ROLES, mutates: false }),
  'limits.get': call<LimitsRow>()({ input: scoped, access: 'session', mutates: false }),
  'limits.set': call<LimitsRow>()({
    input: z
      .object({ ...scopeFields, limits: RiskLimitsSchema })
      .strict()
      .refine((v) => (v.userId === undefined) !== (v.portfolio === undefined), 'name either userId or portfolio'),
    access: RISK_ROLES,
    mutates: true,
  }),
  'portfolios.list': call<Array<{ portfolio: string; members: Array<{ userId: number; username: string }> }>>()({
    input: z.object({}).strict(),
    access: 'session',
    mutates: false,
  }),
  'portfolios.assign': call<{ userId: number; portfolio: string | null }>()({
    input: z.object({ userId, portfolio: PortfolioNameSchema.nullable() }).strict(),
    access: RISK_ROLES,
    mutates: true,
  }),
  'risk.fees.get': call<{ feePerMwhMoney: number; since: number | null }>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  /** Exchange/clearing fee per MWh traded, from now on; earlier trades keep the fee in force when they traded. */
  'risk.fees.set': call<{ feePerMwhMoney: number; since: number | null }>()({
    input: z.object({ feePerMwhMoney: money }).strict(),
    access: RISK_ROLES,
    mutates: true,
  }),
  /** Stops the whole desk: every user's orders cancelled and new ones refused until released. */
  'risk.deskKill': call<{ active: boolean; users: number; cancelled: number }>()({
    input: z.object({ active: z.boolean() }).strict(),
    access: RISK_ROLES,
    mutates: true,
  }),
  'risk.deskStatus': call<{ deskKill: boolean }>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  /** Reference price history for VaR, curve and forecasts: a SMARD/Berlin CSV or an ENTSO-E A44 XML, stored in one transaction. */
  'risk.history.import': call<{ area: string; format: string; points: number; fromMs: number; toMs: number }>()({
    input: z.object({ area, content: z.string().min(1).max(50 * 1024 * 1024) }).strict(),
    access: RISK_ROLES,
    mutates: true,
  }),
  'risk.var': call<VarView>()({
    input: z
      .object({
        ...scopeFields,
        area: area.default('DE'),
        confidence: z.union([z.literal(0.95), z.literal(0.99)]).default(0.99),
        method: z.enum(['historical', 'montecarlo']).default('historical'),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
        paths: z.number().int().min(100).max(100_000).default(10_000),
        lookbackDays: z.number().int().min(5).max(2_000).default(250),
        backtestWindow: z.number().int().min(5).max(500).default(20),
        bins: z.number().int().min(5).max(200).default(40),
      })
      .strict(),
    access: 'session',
    mutates: false,
  }),
} as const;

export const forecastCalls = {
  'forecast.run': call<{ jobId: string }>()({
    input: z
      .object({
        area: area.default('DE'),
        model: z.enum(['best', 'seasonal-naive', 'linear', 'boosted-trees']).default('best'),
        backtestDays: z.number().int().min(1).max(60).default(7),
      })
      .strict(),
    access: 'session',
    mutates: false,
  }),
  'forecast.cancel': call<ForecastJobView>()({ input: z.object({ jobId: z.string().min(1).max(64) }).strict(), access: 'session', mutates: false }),
  'forecast.get': call<ForecastJobView>()({ input: z.object({ jobId: z.string().min(1).max(64) }).strict(), access: 'session', mutates: false }),
} as const;

export const reportCalls = {
  'reports.daily': call<ReportFileView>()({
    input: z.object({ ...scopeFields, date: day, format: z.enum(['pdf', 'xlsx']), mark: MarkSourceSchema.default('last') }).strict(),
    access: 'session',
    mutates: false,
  }),
} as const;

export interface RiskEvents {
  /** Positions of a portfolio changed after a trade. Sent to the user and to risk managers and admins. */
  positions: { portfolioId: string; userId: number | null; positions: PositionRow[] };
  cash: CashView;
  limits: LimitsRow;
  'risk.deskKill': { active: boolean };
  'forecast.progress': { jobId: string; fraction: number; stage: 'loading' | 'backtest' | 'training' | 'done'; day: string | null; model: ForecastModelName | null };
  'forecast.done': ForecastJobView;
}

export const RISK_EVENT_NAMES: ReadonlyArray<keyof RiskEvents> = ['positions', 'cash', 'limits', 'risk.deskKill', 'forecast.progress', 'forecast.done'];
