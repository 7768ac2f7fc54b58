import { fail } from '../../src-shared/domain/errors';
import type { Caller } from '../api/context';
import type { EventBus } from '../api/event-bus';
import type { TradingActor, TradingPort } from '../trading';

/** Sets or releases one user's kill switch in the engine, and tells the user and those who oversee them. */
export async function setKillSwitch(trading: TradingPort, bus: EventBus, actor: TradingActor, userId: number, active: boolean): Promise<{ userId: number; active: boolean; cancelled: number }> {
  const result = await trading.killSwitch(actor, userId, active);
  bus.publish('risk.killSwitch', { userId, active }, { userIds: [userId], roles: ['admin', 'risk_manager'] });
  return { userId, active: result.active, cancelled: result.cancelled };
}

/**
 * Who may pull whose kill switch: anyone may stop their own trading; stopping or releasing someone
 * else is for risk managers and administrators, and a trader cannot release even their own.
 */
export function assertMayKill(caller: Caller, userId: number, active: boolean): void {
  if (userId !== caller.userId && caller.role !== 'admin' && caller.role !== 'risk_manager') {
    fail('FORBIDDEN', 'Only a risk manager or an administrator can use the kill switch for another user.', { reason: 'KILL_SWITCH_OTHER_USER' });
  }
  if (!active && caller.role === 'trader') {
    fail('FORBIDDEN', 'A risk manager or an administrator must release a kill switch.', { reason: 'KILL_SWITCH_RELEASE' });
  }
}
