import type { ParsedInput } from '../../src-shared/contract';
import { REFUSALS_KEPT, type RefusalView } from '../../src-shared/contract/trading';
import { CallFailure, type CallError, type ErrorCode, type ErrorParams } from '../../src-shared/domain/errors';
import type { CallContext, Caller } from '../api/context';
import { isInternalConnection } from '../api/system-caller';
import type { Db } from '../store/database';

/** What was asked, as the blotter shows a refused order. */
export type OrderAttempt = Omit<RefusalView, 'id' | 'code' | 'reason' | 'params' | 'field' | 'createdAt'>;

export function attemptOfPlace(input: ParsedInput<'trading.orders.place'>): OrderAttempt {
  return {
    clientOrderId: input.clientOrderId ?? null,
    productId: input.productId,
    lastProductId: null,
    legs: 0,
    side: input.side,
    type: input.type,
    timeInForce: input.timeInForce,
    price: input.price ?? null,
    stopPrice: input.stopPrice ?? null,
    quantity: input.quantity,
    displayQuantity: input.displayQuantity ?? null,
    allOrNone: input.allOrNone,
  };
}

export function attemptOfBlock(input: ParsedInput<'trading.orders.placeBlock'>): OrderAttempt {
  return {
    clientOrderId: input.clientOrderId ?? null,
    productId: input.productIds[0]!,
    lastProductId: input.productIds.at(-1)!,
    legs: input.productIds.length,
    side: input.side,
    type: 'limit',
    timeInForce: 'gtc',
    price: input.price,
    stopPrice: null,
    quantity: input.quantity,
    displayQuantity: null,
    allOrNone: true,
  };
}

interface RefusalRow {
  id: number;
  ts: number;
  client_order_id: string | null;
  product_id: string;
  last_product_id: string | null;
  legs: number;
  side: RefusalView['side'];
  type: RefusalView['type'];
  time_in_force: RefusalView['timeInForce'];
  price: number | null;
  stop_price: number | null;
  quantity: number;
  display_quantity: number | null;
  all_or_none: number;
  code: ErrorCode;
  reason: string | null;
  params: string | null;
  field: string | null;
}

function toView(row: RefusalRow): RefusalView {
  return {
    id: row.id,
    clientOrderId: row.client_order_id,
    productId: row.product_id,
    lastProductId: row.last_product_id,
    legs: row.legs,
    side: row.side,
    type: row.type,
    timeInForce: row.time_in_force,
    price: row.price,
    stopPrice: row.stop_price,
    quantity: row.quantity,
    displayQuantity: row.display_quantity,
    allOrNone: row.all_or_none === 1,
    code: row.code,
    reason: row.reason,
    params: row.params === null ? null : (JSON.parse(row.params) as ErrorParams),
    field: row.field,
    createdAt: row.ts,
  };
}

/**
 * Each user's refused orders, kept so the blotter shows them after a reload: the last REFUSALS_KEPT
 * per user, older ones dropped as new ones come. The refusal is kept as its code and parameters, never
 * the core's English message, so every screen words it in its user's language.
 */
export class RefusalRecord {
  private readonly insert;
  private readonly prune;
  private readonly ofUser;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO order_refusals (user_id, ts, client_order_id, product_id, last_product_id, legs, side, type, time_in_force,
         price, stop_price, quantity, display_quantity, all_or_none, code, reason, params, field)
       VALUES (@userId, @ts, @clientOrderId, @productId, @lastProductId, @legs, @side, @type, @timeInForce,
         @price, @stopPrice, @quantity, @displayQuantity, @aon, @code, @reason, @params, @field)`,
    );
    this.prune = db.prepare(
      'DELETE FROM order_refusals WHERE user_id = @userId AND id <= (SELECT id FROM order_refusals WHERE user_id = @userId ORDER BY id DESC LIMIT 1 OFFSET @kept)',
    );
    this.ofUser = db.prepare('SELECT * FROM order_refusals WHERE user_id = ? ORDER BY id DESC LIMIT ?');
  }

  list(userId: number, limit: number): RefusalView[] {
    return (this.ofUser.all(userId, limit) as RefusalRow[]).map(toView);
  }

  /**
   * Runs an order call; when the terminal refuses the order, keeps the refusal for the caller's
   * blotter, tells the caller's other windows, and answers with the same refusal. The kept entry is
   * the call's audit entry, unless the refusal is on record already (the engine's `order.rejected`, a
   * risk check's `risk.refused`): one refusal, one entry. A failure inside the terminal (INTERNAL) is no refusal of the order, and
   * the core's own participants (the simulator) have no blotter to keep it for.
   */
  async keep<T>(ctx: CallContext<Caller>, attempt: OrderAttempt, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof CallFailure && err.error.code !== 'INTERNAL' && !isInternalConnection(ctx.connection)) this.record(ctx, attempt, err.error);
      throw err;
    }
  }

  private record(ctx: CallContext<Caller>, attempt: OrderAttempt, error: CallError): void {
    const userId = ctx.caller.userId;
    const onRecord = ctx.onRecord();
    ctx.commit((log, publish) => {
      const { allOrNone, ...asked } = attempt;
      const row = {
        ...asked,
        userId,
        ts: ctx.now,
        aon: allOrNone ? 1 : 0,
        code: error.code,
        reason: error.reason ?? null,
        params: error.params === undefined ? null : JSON.stringify(error.params),
        field: error.field ?? null,
      };
      const id = Number(this.insert.run(row).lastInsertRowid);
      this.prune.run({ userId, kept: REFUSALS_KEPT });
      const view: RefusalView = { ...attempt, id, code: error.code, reason: row.reason, params: error.params ?? null, field: row.field, createdAt: ctx.now };
      if (!onRecord) log('order.refused', { refusalId: id, productId: attempt.productId, side: attempt.side, legs: attempt.legs, code: error.code, reason: row.reason, params: error.params ?? null });
      publish('trading.order.refused', view, { userIds: [userId] });
    });
  }
}
