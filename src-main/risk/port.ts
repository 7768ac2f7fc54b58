import type { LimitsRow, MarkSourceName, PnlSummaryView, PositionsView, VarView } from '../../src-shared/contract/risk';
import type { Caller } from '../api/context';
import type { ScopeInput } from './risk-scope';

/**
 * What other domains may know of risk: a book's positions, P&L, VaR and limits, computed by the
 * same view functions the risk calls answer with, so a report and the screens cannot disagree.
 */
export interface RiskPort {
  /**
   * The book a caller asks about: their own (nothing given), another user's or a portfolio's, with
   * the caller's right to see it checked (FORBIDDEN otherwise), and the trades up to now booked.
   */
  book(scope: ScopeInput, caller: Caller): RiskBook;
}

export interface RiskBook {
  /** `user:<id>` or `portfolio:<name>`. */
  key: string;
  /** The portfolio's name, or the user's (the screens and the report word which it is). */
  name: string;
  portfolio: boolean;
  positions(mark: MarkSourceName, now: number): PositionsView;
  pnl(mark: MarkSourceName, now: number): PnlSummaryView;
  /** VaR with the defaults of `risk.var`; throws NOT_FOUND without enough price history. */
  var(now: number): VarView;
  limits(): LimitsRow;
}
