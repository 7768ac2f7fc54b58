/**
 * The desk view: every trader's and portfolio's book side by side per delivery period, from the
 * same view functions as the Positions and P&L panels, so the figures agree with each book's own.
 */
import type { DeskBookView, DeskPeriodView, MarkSourceName, PositionsView } from '../../../src-shared/contract/risk';
import type { DomainHandlers } from '../../api/domain';
import { portfolioKey, userKey } from '../positions/position-keeper';
import type { RiskParts } from '../risk-parts';

function bookRow(base: Omit<DeskBookView, 'cells' | 'totalMoney' | 'todayMoney'>, positions: PositionsView, todayMoney: number): DeskBookView {
  const cells: DeskBookView['cells'] = {};
  for (const p of positions.positions) cells[p.productId] = { netKw: p.netKw, totalMoney: p.totalMoney };
  return { ...base, cells, totalMoney: positions.totals.totalMoney, todayMoney };
}

export function deskView(risk: RiskParts, mark: MarkSourceName, now: number) {
  const { keeper, views, users } = risk;
  keeper.catchUp();
  const read = (key: string) => {
    const pnl = views.pnl(key, mark, now);
    return { positions: views.positions(key, mark, now), today: pnl.today, todayMoney: pnl.daily.find((b) => b.period === pnl.today)?.totalMoney ?? 0 };
  };
  let today = '';
  const periods = new Map<string, DeskPeriodView>();
  const traders: DeskBookView[] = [];
  for (const user of users.list()) {
    if (user.system) continue;
    const book = read(userKey(user.userId));
    today = book.today;
    // Everyone who trades is on the desk; other roles only once they have a book.
    if (user.role !== 'trader' && book.positions.positions.length === 0) continue;
    traders.push(bookRow({ kind: 'user', userId: user.userId, name: user.username, portfolio: keeper.portfolioOf(user.userId) }, book.positions, book.todayMoney));
    for (const p of book.positions.positions) {
      const period = periods.get(p.productId) ?? { productId: p.productId, deliveryStart: p.deliveryStart, durationMin: p.durationMin, netKw: 0, totalMoney: 0 };
      period.netKw += p.netKw;
      period.totalMoney += p.totalMoney;
      periods.set(p.productId, period);
    }
  }
  const names = [...new Set(traders.flatMap((t) => (t.portfolio === null ? [] : [t.portfolio])))].sort();
  const portfolios = names.map((name) => {
    const book = read(portfolioKey(name));
    return bookRow({ kind: 'portfolio', userId: null, name, portfolio: null }, book.positions, book.todayMoney);
  });
  traders.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    mark,
    asOf: now,
    today,
    periods: [...periods.values()].sort((a, b) => a.deliveryStart - b.deliveryStart || a.durationMin - b.durationMin || (a.productId < b.productId ? -1 : 1)),
    traders,
    portfolios,
    totals: { totalMoney: traders.reduce((sum, t) => sum + t.totalMoney, 0), todayMoney: traders.reduce((sum, t) => sum + t.todayMoney, 0) },
  };
}

/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function deskHandlers(risk: RiskParts) {
  return {
    'risk.desk': (input, ctx) => deskView(risk, input.mark, ctx.now),
  } satisfies Partial<DomainHandlers<'risk'>>;
}
