import type { RiskParts } from '../risk-parts';
import { positionRow } from '../pnl/risk-views';

/**
 * Books the trades trading has just committed and tells each book's owner (a user, or a portfolio's
 * members) and those who oversee them how the positions they touched stand now, marked at the last trade.
 */
export function publishChangedPositions(risk: Pick<RiskParts, 'keeper' | 'marks' | 'bus'>, now: number): void {
  const { keeper, marks, bus } = risk;
  for (const changed of keeper.catchUp()) {
    const book = keeper.bookOf(changed.portfolioId);
    const markOf = marks.markOf('last', changed.productIds, now);
    const positions = [...changed.productIds].flatMap((productId) => {
      const position = book.get(changed.portfolioId, productId);
      return position ? [positionRow(position, markOf)] : [];
    });
    const members = changed.userId !== null ? [changed.userId] : keeper.membersOf(changed.portfolioId.slice('portfolio:'.length));
    bus.publish('risk.positions', { portfolioId: changed.portfolioId, userId: changed.userId, positions }, { userIds: members, roles: ['risk_manager', 'admin'] });
  }
}
