/**
 * Fat-finger protection, on by default for every person (the terminal's own participants are
 * exempt), each threshold the person's own, else the terminal's default, else the built-in one:
 * a price far from the reference or a large size asks the trader to confirm (the ticket asks
 * `check` first), and above the hard maximum the core refuses the order whatever sent it.
 *
 * Reference: the product's last trade, else the mid of the best bid and ask; without either there
 * is nothing to deviate from and the price is not questioned. A price deviates when it is more
 * than `confirmPriceUnits` away, or more than `confirmPricePct` percent of the reference's size.
 */
import { GUARD_KEYS, type GuardCheckView, type GuardConfirmation, type GuardSettings, type GuardSettingsInput, type GuardView } from '../../../src-shared/contract/risk';
import { fail } from '../../../src-shared/domain/errors';
import type { UsersPort } from '../../auth';
import type { MarksService } from '../marks/marks-service';
import type { RiskStore, StoredGuard } from '../risk-store';
import type { RiskDefaults } from './risk-defaults';
import type { TradingPort } from '../../trading';

export interface GuardedOrder {
  owner: number;
  productId: string;
  price: number | null;
  quantity: number;
}

export class FatFingerGuard {
  constructor(
    private readonly store: Pick<RiskStore, 'guard' | 'setGuard'>,
    private readonly defaults: Pick<RiskDefaults, 'guard' | 'isSystem'>,
    private readonly users: Pick<UsersPort, 'username'>,
    private readonly marks: Pick<MarksService, 'lastTrade' | 'mid'>,
    private readonly trading: Pick<TradingPort, 'product'>,
  ) {}

  settings(userId: number): GuardSettings {
    return { ...this.defaults.guard(), ...this.store.guard(userId)?.settings };
  }

  view(userId: number): GuardView {
    const stored = this.store.guard(userId);
    return {
      userId,
      username: this.users.username(userId) ?? String(userId),
      settings: this.settings(userId),
      custom: GUARD_KEYS.filter((key) => stored?.settings[key] !== undefined),
      updatedBy: stored?.updatedBy ?? null,
      updatedAt: stored?.updatedAt ?? null,
    };
  }

  /** The stored guard after a change: a number sets, null drops back to the default, left out is kept. */
  merged(userId: number, change: GuardSettingsInput, by: string, now: number): { before: StoredGuard | null; after: StoredGuard } {
    const before = this.store.guard(userId);
    const settings = { ...before?.settings };
    for (const key of GUARD_KEYS) {
      const value = change[key];
      if (value === null) delete settings[key];
      else if (value !== undefined) settings[key] = value;
    }
    // As for the terminal's defaults: a confirmation above the hard maximum would never be asked.
    const inForce = { ...this.defaults.guard(), ...settings };
    if (inForce.confirmSizeKw > inForce.maxOrderKw) {
      fail('BAD_INPUT', `confirmSizeKw: the size that asks for confirmation (${inForce.confirmSizeKw} kW) is above the maximum order size (${inForce.maxOrderKw} kW).`, {
        field: 'confirmSizeKw',
        reason: 'GUARD_CONFIRM_ABOVE_MAX',
        params: { confirmSizeKw: inForce.confirmSizeKw, maxOrderKw: inForce.maxOrderKw },
      });
    }
    return { before, after: { settings, updatedBy: by, updatedAt: now } };
  }

  check(order: GuardedOrder): GuardCheckView {
    if (this.isSystem(order.owner)) return { confirm: [], refuse: null };
    const guard = this.settings(order.owner);
    const confirm: GuardConfirmation[] = [];
    const deviation = order.price === null ? null : this.deviation(order.productId, order.price, guard);
    if (deviation) confirm.push(deviation);
    if (order.quantity > guard.confirmSizeKw) confirm.push({ code: 'LARGE_SIZE', quantityKw: order.quantity, thresholdKw: guard.confirmSizeKw });
    const refuse = order.quantity > guard.maxOrderKw ? { code: 'GUARD_MAX_ORDER_QUANTITY' as const, quantityKw: order.quantity, maxKw: guard.maxOrderKw } : null;
    return { confirm, refuse };
  }

  /** Refuses an order above the owner's hard maximum: a script that skips the ticket is stopped too. */
  enforce(order: GuardedOrder): void {
    if (this.isSystem(order.owner)) return;
    const { maxOrderKw } = this.settings(order.owner);
    // Above the product's own maximum the engine refuses with its reason (ABOVE_MAX_QUANTITY).
    const productMax = this.trading.product(order.productId)?.maxQuantity ?? Infinity;
    if (order.quantity > maxOrderKw && order.quantity <= productMax) {
      fail('REJECTED', `Refused by your maximum order size (${maxOrderKw} kW; this order: ${order.quantity} kW).`, { reason: 'GUARD_MAX_ORDER_QUANTITY', field: 'quantity', params: { quantityKw: order.quantity, maxKw: maxOrderKw } });
    }
  }

  private deviation(productId: string, price: number, guard: GuardSettings): GuardConfirmation | null {
    const last = this.marks.lastTrade(productId);
    const mid = last === undefined ? this.marks.mid(productId) : undefined;
    const referenceUnits = last ?? mid;
    if (referenceUnits === undefined) return null;
    const deviationUnits = Math.abs(price - referenceUnits);
    const deviationPct = referenceUnits === 0 ? null : Math.round((deviationUnits * 100) / Math.abs(referenceUnits));
    const far = deviationUnits > guard.confirmPriceUnits || (referenceUnits !== 0 && deviationUnits * 100 > guard.confirmPricePct * Math.abs(referenceUnits));
    return far ? { code: 'PRICE_DEVIATION', priceUnits: price, referenceUnits, reference: last !== undefined ? 'last' : 'mid', deviationUnits, deviationPct } : null;
  }

  private isSystem(userId: number): boolean {
    return this.defaults.isSystem(userId);
  }
}
