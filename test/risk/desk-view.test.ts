/** risk.desk: every trader and portfolio per delivery period, agreeing with each book's own view. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import { openHarness, removeDir, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness | undefined;
afterEach(() => {
  harness?.close();
  if (harness) removeDir(harness.dataDir);
  harness = undefined;
});

async function openHours(client: Client, now: number): Promise<ProductView[]> {
  const products = await client.ok('trading.products.list', {});
  return products.filter((p) => p.kind === 'hour' && p.area === 'DE' && p.openAt <= now && p.gateClosure > now + 3_600_000).slice(0, 2);
}

/** tom and ann trade with each other in two hours; both are in portfolio "north"; rita manages risk. */
async function desk() {
  const h = openHarness();
  harness = h;
  const ada = await withAdmin(h);
  const tom = await withUser(h, ada, 'tom', 'trader');
  const ann = await withUser(h, ada, 'ann', 'trader');
  const rita = await withUser(h, ada, 'rita', 'risk_manager');
  const people = await rita.ok('risk.people.list', {});
  const id = (name: string) => people.find((p) => p.username === name)!.userId;
  await rita.ok('risk.portfolios.assign', { userId: id('tom'), portfolio: 'north' });
  await rita.ok('risk.portfolios.assign', { userId: id('ann'), portfolio: 'north' });
  h.clock.advance(1_000);
  const [first, second] = await openHours(ada, h.clock.now());
  await ann.ok('trading.orders.place', { productId: first!.id, side: 'sell', price: 5_000, quantity: 4_000 });
  await tom.ok('trading.orders.place', { productId: first!.id, side: 'buy', price: 5_000, quantity: 4_000 });
  await tom.ok('trading.orders.place', { productId: second!.id, side: 'sell', price: 6_000, quantity: 1_500 });
  await ann.ok('trading.orders.place', { productId: second!.id, side: 'buy', price: 6_000, quantity: 1_500 });
  return { tom, ann, rita, ada, first: first!, second: second!, id };
}

describe('risk.desk', () => {
  it('shows each trader by name per delivery period, as their own Positions panel does', async () => {
    const { tom, rita, first, second } = await desk();
    const view = await rita.ok('risk.desk', {});
    expect(view.traders.map((t) => t.name)).toEqual(['ann', 'tom']);
    const own = await tom.ok('risk.positions.list', {});
    const row = view.traders.find((t) => t.name === 'tom')!;
    expect(row.portfolio).toBe('north');
    expect(row.cells[first.id]).toEqual({ netKw: 4_000, totalMoney: own.positions.find((p) => p.productId === first.id)!.totalMoney });
    expect(row.cells[second.id]?.netKw).toBe(-1_500);
    expect(row.totalMoney).toBe(own.totals.totalMoney);
    expect(view.periods.map((p) => p.productId)).toEqual([first.id, second.id]);
  });

  it('adds the traders up per period and for the desk; the trades between them net to zero', async () => {
    const { rita } = await desk();
    const view = await rita.ok('risk.desk', {});
    for (const period of view.periods) {
      expect(period.netKw).toBe(view.traders.reduce((sum, t) => sum + (t.cells[period.productId]?.netKw ?? 0), 0));
      expect(period.netKw).toBe(0);
    }
    expect(view.totals.totalMoney).toBe(view.traders.reduce((sum, t) => sum + t.totalMoney, 0));
  });

  it('shows portfolios as their own books', async () => {
    const { rita, first } = await desk();
    const view = await rita.ok('risk.desk', {});
    const north = await rita.ok('risk.positions.list', { portfolio: 'north' });
    expect(view.portfolios.map((p) => p.name)).toEqual(['north']);
    expect(view.portfolios[0]!.cells[first.id]?.netKw ?? 0).toBe(north.positions.find((p) => p.productId === first.id)?.netKw ?? 0);
    expect(view.portfolios[0]!.totalMoney).toBe(north.totals.totalMoney);
  });

  it('leaves out people who do not trade and have no book', async () => {
    const { rita } = await desk();
    const view = await rita.ok('risk.desk', {});
    expect(view.traders.some((t) => t.name === 'rita' || t.name === 'admin')).toBe(false);
  });

  it('is refused to a trader', async () => {
    const { tom } = await desk();
    expect(await tom.call('risk.desk', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
