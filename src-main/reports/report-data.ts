/**
 * The figures of the daily P&L and risk report, taken from the same view functions the screens
 * call (positions.list, pnl.summary, risk.var, limits.get), so the report and the screens agree.
 *
 * Positions, VaR and limits are as of the report's generation; the P&L section is the chosen
 * day's bucket, its month-to-date and inception-to-date. VaR is the historical 1-day VaR at 95%
 * and 99%, omitted with the reason when there is not enough price history.
 */
import type { LimitsRow, MarkSourceName, PnlBucketView, PnlSummaryView, PositionsView, VarView } from '../../src-shared/contract/risk';
import { CallFailure } from '../../src-shared/domain/errors';

export type ReportLanguage = 'en' | 'ar' | 'fr' | 'es' | 'de';

export interface ReportData {
  language: ReportLanguage;
  /** Whose book: a user's name, or a portfolio's. */
  book: { name: string; portfolio: boolean };
  date: string;
  generatedAt: number;
  mark: MarkSourceName;
  positions: PositionsView;
  pnl: PnlSummaryView;
  day: PnlBucketView;
  month: PnlBucketView;
  var: VarView | null;
  /** Why there is no VaR: too few days of price changes for the area. */
  varMissing: { area: string; count: number } | null;
  limits: LimitsRow;
}

const emptyBucket = (period: string): PnlBucketView => ({ period, realizedMoney: 0, feesMoney: 0, unrealizedChangeMoney: 0, totalMoney: 0, fillCount: 0 });

export interface ReportSources {
  positions(): PositionsView;
  pnl(): PnlSummaryView;
  var(): VarView;
  limits(): LimitsRow;
}

export function reportData(
  language: ReportLanguage,
  book: ReportData['book'],
  date: string,
  mark: MarkSourceName,
  generatedAt: number,
  sources: ReportSources,
): ReportData {
  const pnl = sources.pnl();
  let risk: VarView | null = null;
  let varMissing: ReportData['varMissing'] = null;
  try {
    risk = sources.var();
  } catch (err) {
    if (!(err instanceof CallFailure) || err.error.reason !== 'NO_PRICE_HISTORY') throw err;
    const params = err.error.params ?? {};
    varMissing = { area: String(params['area'] ?? ''), count: Number(params['count'] ?? 0) };
  }
  return {
    language,
    book,
    date,
    generatedAt,
    mark,
    positions: sources.positions(),
    pnl,
    day: pnl.daily.find((b) => b.period === date) ?? emptyBucket(date),
    month: pnl.monthly.find((b) => b.period === date.slice(0, 7)) ?? emptyBucket(date.slice(0, 7)),
    var: risk,
    varMissing,
    limits: sources.limits(),
  };
}

/** Money units → € as a number (the unit both report files show). */
export const euros = (money: number): number => money / 100_000;
