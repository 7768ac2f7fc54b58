import { z } from 'zod';
import type { SyncApplied } from '../../src-shared/contract/sync';
import { RiskLimitsSchema } from '../../src-shared/contract/risk-views';
import type { CentralItem } from '../../src-shared/contract/sync-wire';
import { CallFailure } from '../../src-shared/domain/errors';
import type { Recorder } from '../api/recorder';
import type { SystemActor, SystemCaller } from '../api/system-caller';
import type { UsersPort } from '../auth';

/** The account central changes are made as here: a risk manager no password signs in to. */
export const CENTRAL_USERNAME = 'sync-central';

/** `user:<username>` or `portfolio:<name>`: whose limits a central item sets. */
const RiskKeySchema = z.union([
  z.string().regex(/^user:.+$/).transform((key) => ({ user: key.slice('user:'.length) })),
  z.string().regex(/^portfolio:.+$/).transform((key) => ({ portfolio: key.slice('portfolio:'.length) })),
]);

/**
 * Applies what the server publishes through the owning domain's own calls, never its tables: a
 * central risk limit goes in by `risk.limits.set`, through the router, as the `sync-central`
 * account, so it is parsed, role-checked and audited like a risk manager's change (the server's
 * version wins). Kinds no domain here takes yet are recorded and shown only.
 */
export class CentralApplier {
  constructor(
    private readonly deps: { users: UsersPort; system: SystemCaller; recorder: Recorder },
  ) {}

  async apply(item: CentralItem, now: number): Promise<{ applied: SyncApplied; refusal: string | null }> {
    if (item.kind !== 'risk_limits') return { applied: 'recorded', refusal: null };
    const key = RiskKeySchema.safeParse(item.key);
    // Withdrawn: the limits go back to none checked, as the server no longer sets any.
    const limits = RiskLimitsSchema.safeParse(item.value ?? {});
    if (!key.success || !limits.success) return { applied: 'refused', refusal: 'SYNC_ITEM_INVALID' };
    let scope: { userId: number } | { portfolio: string };
    if ('user' in key.data) {
      const username = key.data.user;
      const user = this.deps.users.list().find((u) => u.username === username && !u.system);
      if (!user) return { applied: 'refused', refusal: 'SYNC_NO_SUCH_USER' };
      scope = { userId: user.userId };
    } else {
      scope = { portfolio: key.data.portfolio };
    }
    try {
      // The item is the whole set: a limit it leaves out is not checked (null), as when withdrawn.
      const none = Object.fromEntries(RiskLimitsSchema.keyof().options.map((name) => [name, null]));
      await this.deps.system.call(this.actor(now), 'risk.limits.set', { ...scope, limits: { ...none, ...limits.data } });
      return { applied: 'applied', refusal: null };
    } catch (err) {
      if (err instanceof CallFailure) return { applied: 'refused', refusal: err.error.reason ?? err.error.code };
      throw err;
    }
  }

  private actor(now: number): SystemActor {
    const known = this.deps.users.list().find((u) => u.system && u.username.startsWith(CENTRAL_USERNAME) && u.role === 'risk_manager');
    if (known) return known;
    return this.deps.recorder.commit(now, 'system', (log) => {
      const created = this.deps.users.createSystemUser(CENTRAL_USERNAME, 'Central settings (sync)', 'risk_manager', now);
      log('sync.central_user', { userId: created.userId, username: created.username });
      return created;
    });
  }
}
