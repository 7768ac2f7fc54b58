/** The risk service's view of trading, built from the trading handlers (no second way into the engine). */
import { CallFailure } from '../../src-shared/domain/errors';
import type { CallContext, Caller, PartialHandlers } from '../api/context';
import { quoteFromBook, type TradingPort } from './risk-service';

export function tradingPort(handlers: PartialHandlers<'trading.book.get' | 'risk.killSwitch'>, now: () => number): TradingPort {
  // book.get only reads; it needs no caller and commits nothing.
  const readContext = (): CallContext<Caller> => ({
    caller: null as unknown as Caller,
    now: now(),
    connection: { caller: null, trustedLocal: false },
    commit: () => {
      throw new Error('book.get does not write');
    },
  });
  return {
    quote(productId) {
      try {
        const book = handlers['trading.book.get']({ productId, depth: 100 }, readContext());
        return book instanceof Promise ? null : quoteFromBook(book);
      } catch (err) {
        if (err instanceof CallFailure) return null;
        throw err;
      }
    },
    async killSwitch(userId, active, ctx) {
      const result = await handlers['risk.killSwitch']({ userId, active }, ctx as CallContext<Caller>);
      return { cancelled: result.cancelled };
    },
  };
}
