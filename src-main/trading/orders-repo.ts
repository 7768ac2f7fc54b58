import type { AuctionResultView } from '../../src-shared/contract/trading';
import type { OrderStatus, OrderType, OrderView, Side, TimeInForce, TradeView } from '../../src-shared/domain/schemas';
import type { Db } from '../store/database';
import type { TradeRecord } from './port';
import type { TradeRow } from './trading-reads';

interface OrderRow {
  id: number;
  client_order_id: string | null;
  owner_id: number;
  owner: string;
  product_id: string;
  side: Side;
  type: OrderType;
  time_in_force: TimeInForce;
  price: number | null;
  quantity: number;
  filled: number;
  remaining: number;
  status: OrderStatus;
  reason: string | null;
  reason_params: string | null;
  stop_price: number | null;
  display_quantity: number | null;
  all_or_none: number;
  legs: number;
  last_product_id: string | null;
  created_at: number;
  updated_at: number;
}

function toView(row: OrderRow): OrderView {
  return {
    id: row.id,
    clientOrderId: row.client_order_id,
    ownerId: row.owner_id,
    owner: row.owner,
    productId: row.product_id,
    side: row.side,
    type: row.type,
    timeInForce: row.time_in_force,
    price: row.price,
    quantity: row.quantity,
    filled: row.filled,
    remaining: row.remaining,
    status: row.status,
    reason: row.reason,
    reasonParams: row.reason_params === null ? null : (JSON.parse(row.reason_params) as OrderView['reasonParams']),
    stopPrice: row.stop_price,
    displayQuantity: row.display_quantity,
    // What the engine shows of a live iceberg is its state, not the table's: see withEngineState.
    visible: null,
    allOrNone: row.all_or_none === 1,
    block: row.legs > 0 && row.last_product_id !== null ? { legs: row.legs, lastProductId: row.last_product_id } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// A block's legs are few and keyed by order: counting them per row costs one index probe.
const SELECT = `SELECT o.*, u.username AS owner,
    (SELECT COUNT(*) FROM order_legs l WHERE l.order_id = o.id) AS legs,
    (SELECT l.product_id FROM order_legs l WHERE l.order_id = o.id ORDER BY l.leg DESC LIMIT 1) AS last_product_id
  FROM orders o JOIN users u ON u.id = o.owner_id`;

export interface NewOrder {
  id: number;
  clientOrderId: string | null;
  ownerId: number;
  productId: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  price: number | null;
  stopPrice: number | null;
  displayQuantity: number | null;
  allOrNone: boolean;
  quantity: number;
  status: OrderStatus;
  reason: string | null;
  ts: number;
}

export interface OrderChange {
  id: number;
  filled: number;
  remaining: number;
  status: OrderStatus;
  reason: string | null;
  reasonParams: OrderView['reasonParams'];
  price: number | null;
  stopPrice: number | null;
  quantity: number;
  ts: number;
}

/** The orders and trades as the blotter sees them: a projection of the engine's events. */
export class OrdersRepo {
  private readonly insertOrder;
  private readonly updateOrder;
  private readonly byId;
  private readonly byOwner;
  private readonly all;
  private readonly maxId;
  private readonly byClientId;
  private readonly insertTrade;
  private readonly tradesOf;
  private readonly allTrades;
  private readonly maxTradeId;
  private readonly insertLegRow;
  private readonly fillLegRow;
  private readonly legRows;
  private readonly insertAuction;
  private readonly auctionsOf;
  private readonly allAuctions;
  private readonly latestAuctions;

  constructor(db: Db) {
    this.insertOrder = db.prepare(
      `INSERT INTO orders (id, client_order_id, owner_id, product_id, side, type, time_in_force, price, stop_price,
         display_quantity, all_or_none, quantity, filled, remaining, status, reason, created_at, updated_at)
       VALUES (@id, @clientOrderId, @ownerId, @productId, @side, @type, @timeInForce, @price, @stopPrice,
         @displayQuantity, @aon, @quantity, 0, @quantity, @status, @reason, @ts, @ts)`,
    );
    this.updateOrder = db.prepare(
      'UPDATE orders SET filled = @filled, remaining = @remaining, status = @status, reason = @reason, reason_params = @reasonParams, price = @price, stop_price = @stopPrice, quantity = @quantity, updated_at = @ts WHERE id = @id',
    );
    this.byId = db.prepare(`${SELECT} WHERE o.id = ?`);
    this.byOwner = db.prepare(`${SELECT} WHERE o.owner_id = ? ORDER BY o.id DESC LIMIT ?`);
    this.all = db.prepare(`${SELECT} ORDER BY o.id DESC LIMIT ?`);
    this.maxId = db.prepare('SELECT COALESCE(MAX(id), 0) FROM orders').pluck();
    this.byClientId = db.prepare('SELECT id FROM orders WHERE owner_id = ? AND client_order_id = ?').pluck();
    this.insertTrade = db.prepare(
      `INSERT INTO trades (id, product_id, price, quantity, ts, buy_order_id, sell_order_id, buyer_id, seller_id, aggressor)
       VALUES (@id, @productId, @price, @quantity, @ts, @buyOrderId, @sellOrderId, @buyerId, @sellerId, @aggressor)`,
    );
    this.tradesOf = db.prepare('SELECT * FROM trades WHERE buyer_id = ? OR seller_id = ? ORDER BY id DESC LIMIT ?');
    this.allTrades = db.prepare('SELECT * FROM trades ORDER BY id DESC LIMIT ?');
    this.maxTradeId = db.prepare('SELECT COALESCE(MAX(id), 0) FROM trades').pluck();
    this.insertLegRow = db.prepare('INSERT INTO order_legs (order_id, leg, product_id, price, quantity) VALUES (?, ?, ?, ?, ?)');
    this.fillLegRow = db.prepare('UPDATE order_legs SET filled = filled + ? WHERE order_id = ? AND leg = ?');
    this.legRows = db.prepare('SELECT product_id AS productId, price, quantity, filled FROM order_legs WHERE order_id = ? ORDER BY leg');
    this.insertAuction = db.prepare(
      `INSERT INTO auction_results (product_id, ts, price, volume, buy_volume, sell_volume, decided_by, trades)
       VALUES (@productId, @ts, @price, @volume, @buyVolume, @sellVolume, @decidedBy, @trades)`,
    );
    const auctionColumns = `product_id AS productId, ts, price, volume, buy_volume AS buyVolume, sell_volume AS sellVolume, decided_by AS decidedBy, trades`;
    this.auctionsOf = db.prepare(`SELECT ${auctionColumns} FROM auction_results WHERE product_id = ? ORDER BY id DESC LIMIT ?`);
    this.allAuctions = db.prepare(`SELECT ${auctionColumns} FROM auction_results ORDER BY id DESC LIMIT ?`);
    this.latestAuctions = db.prepare(`SELECT ${auctionColumns} FROM auction_results WHERE id IN (SELECT MAX(id) FROM auction_results GROUP BY product_id)`);
  }

  lastOrderId(): number {
    return this.maxId.get() as number;
  }

  lastTradeId(): number {
    return this.maxTradeId.get() as number;
  }

  clientIdTaken(ownerId: number, clientOrderId: string): boolean {
    return this.byClientId.get(ownerId, clientOrderId) !== undefined;
  }

  insert(order: NewOrder): void {
    const { allOrNone, ...rest } = order;
    this.insertOrder.run({ ...rest, aon: allOrNone ? 1 : 0 });
  }

  update(change: OrderChange): void {
    this.updateOrder.run({ ...change, reasonParams: change.reasonParams === null ? null : JSON.stringify(change.reasonParams) });
  }

  addLeg(orderId: number, leg: number, productId: string, price: number, quantity: number): void {
    this.insertLegRow.run(orderId, leg, productId, price, quantity);
  }

  fillLeg(orderId: number, leg: number, quantity: number): void {
    this.fillLegRow.run(quantity, orderId, leg);
  }

  legs(orderId: number): Array<{ productId: string; price: number; quantity: number; filled: number }> {
    return this.legRows.all(orderId) as Array<{ productId: string; price: number; quantity: number; filled: number }>;
  }

  addAuctionResult(result: AuctionResultView): void {
    this.insertAuction.run(result);
  }

  auctionResults(productId: string | null, limit: number): AuctionResultView[] {
    return (productId === null ? this.allAuctions.all(limit) : this.auctionsOf.all(productId, limit)) as AuctionResultView[];
  }

  /** The newest result of every product that has had an auction. */
  latestAuctionResults(): Map<string, AuctionResultView> {
    return new Map((this.latestAuctions.all() as AuctionResultView[]).map((r) => [r.productId, r]));
  }

  get(id: number): OrderView | undefined {
    const row = this.byId.get(id) as OrderRow | undefined;
    return row && toView(row);
  }

  list(ownerId: number | null, limit: number): OrderView[] {
    const rows = (ownerId === null ? this.all.all(limit) : this.byOwner.all(ownerId, limit)) as OrderRow[];
    return rows.map(toView);
  }

  addTrade(trade: TradeRecord): void {
    this.insertTrade.run(trade);
  }

  trades(userId: number | null, limit: number): TradeView[] {
    const rows = (userId === null ? this.allTrades.all(limit) : this.tradesOf.all(userId, userId, limit)) as TradeRow[];
    return rows.map((row) => ({
      id: row.id,
      productId: row.product_id,
      price: row.price,
      quantity: row.quantity,
      ts: row.ts,
      buyOrderId: row.buy_order_id,
      sellOrderId: row.sell_order_id,
      ownSide: userId === null ? null : row.buyer_id === userId ? 'buy' : row.seller_id === userId ? 'sell' : null,
    }));
  }
}
