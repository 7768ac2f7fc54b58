import { z } from 'zod';

/**
 * The views and input schemas of the risk domain: positions, P&L, cash, limits, marks and VaR.
 *
 * Units (integers unless said otherwise): prices in price units of 0.01 €/MWh, quantities in kW,
 * money in money units of 0.00001 € (100,000 = 1 €). VaR and ES are money units as floats (they are
 * statistics, not bookings). Timestamps in ms since the epoch.
 */

export const UserIdSchema = z.number().int().positive();
export const PortfolioNameSchema = z.string().min(1).max(32).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only');
/** Free text naming the payment behind a cash move; kept in the audit log with the move. */
export const CashReferenceSchema = z
  .string()
  .trim()
  .min(1, 'a reference is required')
  .max(120)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters');
export const MoneySchema = z.number().int().min(0).max(9_000_000_000_000_000 / 1_000);
export const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as yyyy-mm-dd');
export const AreaSchema = z.string().min(1).max(16).regex(/^[A-Z0-9_-]+$/, 'an area code such as DE');

/** Whose book a view is about: nothing = the caller; another user or a portfolio needs a risk role or membership. */
export const scopeFields = { userId: UserIdSchema.optional(), portfolio: PortfolioNameSchema.optional() };
export const scopedSchema = z.object(scopeFields).strict();

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
  /** The limits in force: the book's own, else the terminal's default for the key. */
  limits: RiskLimitsView;
  /** Keys whose value is the terminal's default (the book sets none of its own). */
  fromDefaults: LimitKey[];
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
  /** False for a 99% figure from fewer than 100 days of changes: its tail is one day or none. */
  reliable: boolean;
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

/** Christoffersen (1998): do exceptions cluster? χ²₁; with Kupiec, conditional coverage χ²₂. */
export interface IndependenceView {
  /** Days with (no exception → none), (none → exception), (exception → none), (exception → exception). */
  transitions: [number, number, number, number];
  lr: number;
  pValue: number;
  accept: boolean;
  lrConditional: number;
  pValueConditional: number;
  acceptConditional: boolean;
}

/** The backtest at one confidence: Kupiec's POF (the KupiecView fields) and the independence test. */
export interface VarBacktestView extends KupiecView {
  confidence: number;
  /** First and last scored day, yyyy-mm-dd. */
  firstDay: string | null;
  lastDay: string | null;
  /** Null with fewer than two scored days. */
  independence: IndependenceView | null;
}

/** The days of changes the figure was computed from. */
export interface VarWindowView {
  requestedDays: number;
  usedDays: number;
  firstDay: string | null;
  lastDay: string | null;
}

/** SHORT_WINDOW: fewer days of changes than requested; TOO_FEW_FOR_99: fewer than 100, the 99% figure is not reliable. */
export type VarWarning = 'SHORT_WINDOW' | 'TOO_FEW_FOR_99';

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
  /** The backtest at the requested confidence; null when the history is too short to backtest. */
  backtest: VarBacktestView | null;
  /** The backtests at 95% and 99% (empty when the history is too short). */
  backtests: VarBacktestView[];
  historySource: PriceHistorySourceView;
  changeDays: number;
  window: VarWindowView;
  warnings: VarWarning[];
}

/** One book's open position and P&L in one delivery period of the desk view. */
export interface DeskCellView {
  netKw: number;
  /** Realized − fees + unrealized of the period, money units. */
  totalMoney: number;
}

/** A trader's or a portfolio's row of the desk view. */
export interface DeskBookView {
  kind: 'user' | 'portfolio';
  /** The trader's id (users), null for a portfolio. */
  userId: number | null;
  name: string;
  /** A trader's portfolio; null for portfolios and traders in none. */
  portfolio: string | null;
  /** By product id; periods the book has nothing in are left out. */
  cells: Record<string, DeskCellView>;
  /** The book's P&L on its open and closed positions (as the Positions panel's total), money units. */
  totalMoney: number;
  /** Today's P&L on the desk's calendar (as the P&L panel's day), money units. */
  todayMoney: number;
}

export interface DeskPeriodView {
  productId: string;
  deliveryStart: number;
  durationMin: number;
  /** The desk's net position in the period: the sum over its traders. */
  netKw: number;
  totalMoney: number;
}

/**
 * The whole desk at once for risk managers: every trader and every portfolio, per delivery period,
 * with totals. The simulator's participants stand for the outside market and are not on the desk.
 */
export interface DeskView {
  mark: MarkSourceName;
  asOf: number;
  today: string;
  periods: DeskPeriodView[];
  traders: DeskBookView[];
  portfolios: DeskBookView[];
  totals: { totalMoney: number; todayMoney: number };
}
