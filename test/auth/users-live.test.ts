import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';
import { ManualClock } from '../../src-main/core/clock';
import { T0, tempDir } from '../helpers/core';
import { runClock } from '../marketdata/helpers';

let harness: Harness;
afterEach(() => harness?.close());

describe('administrators see account changes as they happen', () => {
  it('tells every administrator, and nobody else, when an account is added or changed', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const bob = await withUser(harness, ada, 'bob', 'admin');
    const tom = await withUser(harness, ada, 'tom', 'trader');
    const before = bob.eventsOf('auth.users.changed').length;
    const made = await ada.ok('auth.users.create', { username: 'ria', displayName: 'Ria Risk', password: 'ria-password-123', role: 'risk_manager' });
    await ada.ok('auth.users.setRole', { userId: made.id, role: 'viewer' });
    expect(bob.eventsOf('auth.users.changed').slice(before)).toEqual([{ userId: made.id }, { userId: made.id }]);
    expect(tom.eventsOf('auth.users.changed')).toEqual([]);
  });

  it('tells administrators when failed sign-ins lock an account', async () => {
    harness = openHarness(tempDir(), new ManualClock(T0), { authPolicy: { maxFailedLogins: 2, connectionDelayMs: 0, sourceFreeAttempts: 100 } });
    const ada = await withAdmin(harness);
    await withUser(harness, ada, 'tom', 'trader');
    const tom = (await ada.ok('auth.users.list', {})).find((u) => u.username === 'tom')!;
    const before = ada.eventsOf('auth.users.changed').length;
    for (let i = 0; i < 2; i++) {
      const guesser = harness.connect({ remoteAddress: `192.0.2.${i + 1}` });
      expect(await guesser.call('auth.login', { username: 'tom', password: 'not the password' })).toMatchObject({ ok: false });
    }
    expect(ada.eventsOf('auth.users.changed').slice(before)).toEqual([{ userId: tom.id }]);
    expect((await ada.ok('auth.users.list', {})).find((u) => u.id === tom.id)!.lockedUntil).toBeGreaterThan(harness.clock.now());
  });

  it('refuses to change the role of a simulator participant, and says why', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    // The simulator creates its participants once the clock runs.
    await runClock(harness, 2);
    const system = (await ada.ok('auth.users.list', {})).find((u) => u.system);
    expect(system).toBeDefined();
    expect(await ada.call('auth.users.setRole', { userId: system!.id, role: 'viewer' })).toMatchObject({ ok: false, error: { reason: 'SYSTEM_USER' } });
    expect(await ada.call('auth.users.setDisabled', { userId: system!.id, disabled: true })).toMatchObject({ ok: false, error: { reason: 'SYSTEM_ACCOUNT' } });
  });
});
