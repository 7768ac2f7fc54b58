import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPageSchema, PositionsSchema, TradePageSchema } from '../../src-shared/contract/sync-wire';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { createOrg, enrolTerminal, http, startSyncServer, type InProcessServer, type Org } from './helpers/sync-server';
import { WireLog } from './helpers/wire-log';

/** The central view over two terminals' pushed logs, as a risk manager reads it. */
describe('sync server: desk-wide trades, positions, P&L and audit', () => {
  let db: TestPostgres;
  let server: InProcessServer;
  let org: Org;
  let riskKey: string;
  beforeAll(async () => {
    db = await startPostgres();
    server = await startSyncServer(db.url);
    org = await createOrg(server.pool);
    riskKey = ((await http(server.url, 'POST', '/v1/admin/users', org.adminKey, { username: 'rita', role: 'risk_manager' })).body as { key: string }).key;
    // Terminal A: alice buys 10 at 5000 from bob, then 5 at 5200. Terminal B: carol sells 3 at 4800 to dave.
    const a = new WireLog('term-a');
    a.append('order.accepted', { orderId: 1, productId: 'DE-H10', side: 'buy', price: 5200, quantity: 15 }, 'alice', 1000);
    a.append('order.accepted', { orderId: 2, productId: 'DE-H10', side: 'sell', price: 5000, quantity: 10 }, 'bob', 1001);
    a.append('trade', { tradeId: 1, productId: 'DE-H10', price: 5000, quantity: 10, buyOrderId: 1, sellOrderId: 2 }, 'bob', 1002);
    a.append('order.accepted', { orderId: 3, productId: 'DE-H10', side: 'sell', price: 5200, quantity: 5 }, 'bob', 1003);
    a.append('trade', { tradeId: 2, productId: 'DE-H10', price: 5200, quantity: 5, buyOrderId: 1, sellOrderId: 3 }, 'bob', 1004);
    const b = new WireLog('term-b');
    b.append('order.accepted', { orderId: 1, productId: 'DE-H11', side: 'sell', price: 4800, quantity: 3 }, 'carol', 1005);
    b.append('order.accepted', { orderId: 2, productId: 'DE-H11', side: 'buy', price: 4800, quantity: 3 }, 'dave', 1006);
    b.append('trade', { tradeId: 1, productId: 'DE-H11', price: 4800, quantity: 3, buyOrderId: 2, sellOrderId: 1 }, 'dave', 1007);
    for (const log of [a, b]) {
      const token = await enrolTerminal(server.url, org, log.terminalId);
      const pushed = await http(server.url, 'POST', '/v1/push', token, { terminalId: log.terminalId, events: log.events });
      expect(pushed.status).toBe(200);
    }
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('lists trades across terminals, newest first, with buyer and seller, a page at a time', async () => {
    const first = TradePageSchema.parse((await http(server.url, 'GET', '/v1/central/trades?limit=2', riskKey)).body);
    expect(first.rows.map((t) => [t.terminalId, t.tradeId, t.buyer, t.seller])).toEqual([
      ['term-b', 1, 'dave', 'carol'],
      ['term-a', 2, 'alice', 'bob'],
    ]);
    const second = TradePageSchema.parse((await http(server.url, 'GET', `/v1/central/trades?limit=2&before=${first.next}`, riskKey)).body);
    expect(second.rows.map((t) => [t.terminalId, t.tradeId])).toEqual([['term-a', 1]]);
    expect(second.next).toBeNull();
  });

  it('answers net positions, cash and P&L marked at each terminal’s last price', async () => {
    const rows = PositionsSchema.parse((await http(server.url, 'GET', '/v1/central/positions', riskKey)).body).rows;
    expect(rows).toEqual([
      { terminalId: 'term-a', trader: 'alice', productId: 'DE-H10', net: 15, cash: -(10 * 5000 + 5 * 5200), markPrice: 5200, pnl: -(10 * 5000 + 5 * 5200) + 15 * 5200 },
      { terminalId: 'term-a', trader: 'bob', productId: 'DE-H10', net: -15, cash: 10 * 5000 + 5 * 5200, markPrice: 5200, pnl: 10 * 5000 + 5 * 5200 - 15 * 5200 },
      { terminalId: 'term-b', trader: 'carol', productId: 'DE-H11', net: -3, cash: 3 * 4800, markPrice: 4800, pnl: 0 },
      { terminalId: 'term-b', trader: 'dave', productId: 'DE-H11', net: 3, cash: -3 * 4800, markPrice: 4800, pnl: 0 },
    ]);
  });

  it('pages the audit across terminals, filtered by terminal and type', async () => {
    const all = EventPageSchema.parse((await http(server.url, 'GET', '/v1/central/audit?limit=100', riskKey)).body);
    expect(all.rows).toHaveLength(8);
    const onlyA = EventPageSchema.parse((await http(server.url, 'GET', '/v1/central/audit?terminalId=term-a&type=trade', riskKey)).body);
    expect(onlyA.rows.map((r) => [r.terminalId, r.seq])).toEqual([
      ['term-a', 5],
      ['term-a', 3],
    ]);
  });

  it('shows nothing of another organisation', async () => {
    const other = await createOrg(server.pool, 'desk-two');
    const rows = TradePageSchema.parse((await http(server.url, 'GET', '/v1/central/trades', other.adminKey)).body).rows;
    expect(rows).toEqual([]);
  });
});
