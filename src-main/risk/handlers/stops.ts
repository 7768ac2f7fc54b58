/** The desk kill switch, each user's kill switch, and the list of who is stopped and why. */
import type { StoppedUserView } from '../../../src-shared/contract/risk';
import type { DomainHandlers } from '../../api/domain';
import { assertMayKill, setKillSwitch } from '../kill-switch';
import type { RiskParts } from '../risk-parts';

/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function stopHandlers(risk: RiskParts) {
  const { keeper, store, users, trading, bus } = risk;
  return {
    'risk.deskKill': async (input, ctx) => {
      const alreadyKilled: number[] = input.active ? trading.killedUsers() : [];
      // Users stopped on their own before the desk kill stay stopped when the desk is released.
      const spared = new Set<number>(input.active ? alreadyKilled : store.deskKillSpared());
      // The desk is this terminal's people: the simulator's participants stand for the outside market,
      // which keeps quoting while the desk is stopped (an admin stops the simulator on its own).
      const affected = users.list().filter((u) => !u.system && !spared.has(u.userId));
      const reason = input.reason ?? null;
      ctx.commit((log) => {
        store.setDeskKill(input.active, alreadyKilled);
        for (const { userId } of affected) store.setStopNote(userId, input.active ? { by: ctx.caller.username, at: ctx.now, reason, desk: true } : null);
        log('risk.deskKill', { active: input.active, reason, users: affected.length });
      });
      const actor = { username: ctx.caller.username, now: ctx.now };
      let cancelled = 0;
      for (const { userId } of affected) cancelled += (await setKillSwitch(trading, bus, actor, userId, input.active)).cancelled;
      bus.publish('risk.deskKill', { active: input.active }, 'all');
      return { active: input.active, users: affected.length, cancelled };
    },

    'risk.deskStatus': () => ({ deskKill: store.deskKilled() }),

    'risk.killSwitch': (input, ctx) => {
      const userId = input.userId ?? ctx.caller.userId;
      assertMayKill(ctx.caller, userId, input.active);
      const reason = input.reason ?? null;
      ctx.commit((log) => {
        store.setStopNote(userId, input.active ? { by: ctx.caller.username, at: ctx.now, reason, desk: false } : null);
        log('risk.killSwitch', { userId, active: input.active, reason });
      });
      return setKillSwitch(trading, bus, { username: ctx.caller.username, now: ctx.now }, userId, input.active);
    },

    'risk.stops.list': () =>
      trading.killedUsers().map((userId): StoppedUserView => {
        const note = store.stopNote(userId);
        return { userId, username: users.username(userId) ?? String(userId), by: note?.by ?? null, at: note?.at ?? null, reason: note?.reason ?? null, desk: note?.desk ?? false };
      }),

    'risk.people.list': () => users.list().map((u) => ({ userId: u.userId, username: u.username, role: u.role, portfolio: keeper.portfolioOf(u.userId), system: u.system })),
  } satisfies Partial<DomainHandlers<'risk'>>;
}
