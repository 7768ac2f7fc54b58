import type pg from 'pg';
import type { z } from 'zod';
import type { CentralPositionSchema, CentralTradeSchema, EventPageSchema, TradePageSchema } from '../../src-shared/contract/sync-wire';
import { decodePageKey, encodePageKey } from './central';

/**
 * The central view: an organisation's trades, positions, P&L and audit across its terminals, read
 * from the pushed event logs. Each terminal runs its own local market, so trades and marks are per
 * terminal; a trader is the user whose `order.accepted` (or `order.block_accepted`) entry opened the
 * order. Prices are ticks and quantities lots, integers end to end.
 */

type EventPage = z.infer<typeof EventPageSchema>;
type TradePage = z.infer<typeof TradePageSchema>;
type Position = z.infer<typeof CentralPositionSchema>;
type Trade = z.infer<typeof CentralTradeSchema>;

export interface PageQuery {
  limit: number;
  before?: string;
  terminalId?: string;
  type?: string;
}

const ORDER_OPENED = "e.type IN ('order.accepted', 'order.block_accepted')";

export async function auditPage(pool: pg.Pool, orgId: string, query: PageQuery): Promise<EventPage> {
  const key = decodePageKey(query.before);
  const rows = await pool.query<{ terminal_id: string; seq: string; ts: string; actor: string | null; type: string; payload: string }>(
    `SELECT terminal_id, seq, ts, actor, type, payload FROM events
     WHERE org_id = $1 AND ($2::text IS NULL OR terminal_id = $2) AND ($3::text IS NULL OR type = $3)
       AND ($4::bigint IS NULL OR (ts, terminal_id, seq) < ($4, $5::text, $6::bigint))
     ORDER BY ts DESC, terminal_id DESC, seq DESC LIMIT $7`,
    [orgId, query.terminalId ?? null, query.type ?? null, key?.[0] ?? null, key?.[1] ?? null, key?.[2] ?? null, query.limit],
  );
  const page = rows.rows.map((r) => ({ terminalId: r.terminal_id, seq: Number(r.seq), ts: Number(r.ts), actor: r.actor, type: r.type, payload: JSON.parse(r.payload) as unknown }));
  const last = page[page.length - 1];
  return { rows: page, next: last && page.length === query.limit ? encodePageKey(last.ts, last.terminalId, last.seq) : null };
}

export async function tradesPage(pool: pg.Pool, orgId: string, query: PageQuery): Promise<TradePage> {
  const key = decodePageKey(query.before);
  const rows = await pool.query<{ terminal_id: string; seq: string; ts: string; p: { tradeId: number; productId: string; price: number; quantity: number; buyOrderId: number; sellOrderId: number }; buyer: string | null; seller: string | null }>(
    `WITH t AS (
       SELECT terminal_id, seq, ts, payload::jsonb AS p FROM events
       WHERE org_id = $1 AND type = 'trade' AND ($2::text IS NULL OR terminal_id = $2)
         AND ($3::bigint IS NULL OR (ts, terminal_id, seq) < ($3, $4::text, $5::bigint))
       ORDER BY ts DESC, terminal_id DESC, seq DESC LIMIT $6)
     SELECT t.*, b.actor AS buyer, s.actor AS seller FROM t
     LEFT JOIN LATERAL (SELECT e.actor FROM events e WHERE e.terminal_id = t.terminal_id AND ${ORDER_OPENED} AND (e.payload::jsonb->>'orderId')::bigint = (t.p->>'buyOrderId')::bigint LIMIT 1) b ON true
     LEFT JOIN LATERAL (SELECT e.actor FROM events e WHERE e.terminal_id = t.terminal_id AND ${ORDER_OPENED} AND (e.payload::jsonb->>'orderId')::bigint = (t.p->>'sellOrderId')::bigint LIMIT 1) s ON true
     ORDER BY t.ts DESC, t.terminal_id DESC, t.seq DESC`,
    [orgId, query.terminalId ?? null, key?.[0] ?? null, key?.[1] ?? null, key?.[2] ?? null, query.limit],
  );
  const page: Array<Trade & { seq: number }> = rows.rows.map((r) => ({
    terminalId: r.terminal_id,
    seq: Number(r.seq),
    tradeId: r.p.tradeId,
    productId: r.p.productId,
    price: r.p.price,
    quantity: r.p.quantity,
    ts: Number(r.ts),
    buyer: r.buyer,
    seller: r.seller,
  }));
  const last = page[page.length - 1];
  return { rows: page.map(({ seq: _seq, ...trade }) => trade), next: last && page.length === query.limit ? encodePageKey(last.ts, last.terminalId, last.seq) : null };
}

/** Net lots, cash (sells minus buys, ticks × lots) and P&L marked at the terminal's last trade price, per trader and product. */
export async function positions(pool: pg.Pool, orgId: string): Promise<Position[]> {
  const rows = await pool.query<{ terminal_id: string; trader: string; product_id: string; net: string; cash: string; mark: string; pnl: string }>(
    `WITH opened AS (
       SELECT e.terminal_id, (e.payload::jsonb->>'orderId')::bigint AS order_id, e.actor FROM events e WHERE e.org_id = $1 AND ${ORDER_OPENED}),
     t AS (SELECT terminal_id, seq, ts, payload::jsonb AS p FROM events WHERE org_id = $1 AND type = 'trade'),
     legs AS (
       SELECT t.terminal_id, o.actor, t.p->>'productId' AS product_id, (t.p->>'quantity')::bigint AS q, (t.p->>'price')::bigint AS price
         FROM t JOIN opened o ON o.terminal_id = t.terminal_id AND o.order_id = (t.p->>'buyOrderId')::bigint
       UNION ALL
       SELECT t.terminal_id, o.actor, t.p->>'productId', -(t.p->>'quantity')::bigint, (t.p->>'price')::bigint
         FROM t JOIN opened o ON o.terminal_id = t.terminal_id AND o.order_id = (t.p->>'sellOrderId')::bigint),
     marks AS (
       SELECT DISTINCT ON (terminal_id, p->>'productId') terminal_id, p->>'productId' AS product_id, (p->>'price')::bigint AS mark
       FROM t ORDER BY terminal_id, p->>'productId', ts DESC, seq DESC)
     SELECT l.terminal_id, l.actor AS trader, l.product_id, sum(l.q) AS net, sum(-l.q * l.price) AS cash, m.mark,
            sum(-l.q * l.price) + sum(l.q) * m.mark AS pnl
     FROM legs l JOIN marks m ON m.terminal_id = l.terminal_id AND m.product_id = l.product_id
     WHERE l.actor IS NOT NULL
     GROUP BY l.terminal_id, l.actor, l.product_id, m.mark
     ORDER BY l.terminal_id, l.actor, l.product_id`,
    [orgId],
  );
  return rows.rows.map((r) => ({ terminalId: r.terminal_id, trader: r.trader, productId: r.product_id, net: Number(r.net), cash: Number(r.cash), markPrice: Number(r.mark), pnl: Number(r.pnl) }));
}
