import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';
import { runClock } from '../marketdata/helpers';

let harness: Harness;
afterEach(() => harness?.close());

describe('the Users panel hears account changes live', () => {
  it('tells every administrator when failed sign-ins lock an account, and no one else', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const other = await withUser(harness, admin, 'olga', 'admin');
    const trader = await withUser(harness, admin, 'tom', 'trader');
    const attacker = harness.connect({ remoteAddress: '10.0.0.66' });
    for (let i = 0; i < 5; i++) await attacker.call('auth.login', { username: 'tom', password: 'wrong-password' });
    const locks = other.eventsOf('auth.users.changed').filter((u) => u.username === 'tom' && u.lockedUntil !== null);
    expect(locks).toHaveLength(1);
    expect(locks[0]!.lockedUntil).toBeGreaterThan(harness.clock.now());
    expect(admin.eventsOf('auth.users.changed').some((u) => u.username === 'tom' && u.lockedUntil !== null)).toBe(true);
    expect(trader.eventsOf('auth.users.changed')).toEqual([]);
  });

  it("shows one administrator's change (a new account, a role) to the other administrators", async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const other = await withUser(harness, admin, 'olga', 'admin');
    const created = await admin.ok('auth.users.create', { username: 'vera', displayName: 'Vera', password: 'vera-password-123', role: 'viewer' });
    await admin.ok('auth.users.setRole', { userId: created.id, role: 'trader' });
    const seen = other.eventsOf('auth.users.changed').filter((u) => u.id === created.id);
    expect(seen.map((u) => u.role)).toEqual(['viewer', 'trader']);
  });
});

describe("the simulator's system users", () => {
  it('are marked and cannot be edited: a role change, an unlock or a site is refused with SYSTEM_USER and audited', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await runClock(harness, 2);
    const system = (await admin.ok('auth.users.list', {})).filter((u) => u.system);
    expect(system.length).toBeGreaterThanOrEqual(2);
    const maker = system[0]!;
    expect(await admin.call('auth.users.setRole', { userId: maker.id, role: 'admin' })).toMatchObject({ ok: false, error: { reason: 'SYSTEM_USER' } });
    expect(await admin.call('auth.users.unlock', { userId: maker.id })).toMatchObject({ ok: false, error: { reason: 'SYSTEM_USER' } });
    expect(await admin.call('delivery.setSite', { userId: maker.id, site: 'site-1' })).toMatchObject({ ok: false, error: { reason: 'SYSTEM_USER' } });
    expect((await admin.ok('delivery.sites', {})).some((s) => s.userId === maker.id)).toBe(false);
    expect((await admin.ok('auth.users.list', {})).find((u) => u.id === maker.id)?.role).toBe('trader');
    const audit = await admin.ok('audit.list', {});
    const refusals = audit.filter((e) => e.type === 'refused' && ['auth.users.setRole', 'auth.users.unlock', 'delivery.setSite'].includes((e.payload as { method: string }).method));
    expect(refusals).toHaveLength(3);
  });
});
