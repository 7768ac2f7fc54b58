import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

describe("the blotter's columns are each user's preference in the core", () => {
  it('keeps the chosen columns and their order for the user who chose them, across sign-ins, and for nobody else', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const tom = await withUser(harness, admin, 'tom', 'trader');
    const ann = await withUser(harness, admin, 'ann', 'trader');
    await tom.ok('prefs.set', { key: 'blotterColumns', value: { orders: ['status', 'product', 'time'] } });
    const again = harness.connect();
    await again.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
    expect((await again.ok('prefs.get', {})).blotterColumns).toEqual({ orders: ['status', 'product', 'time'] });
    expect((await ann.ok('prefs.get', {})).blotterColumns).toBeUndefined();
    const audit = (await admin.ok('audit.list', {})).filter((e) => e.type === 'prefs.set');
    expect(audit.at(-1)).toMatchObject({ actor: 'tom', payload: { key: 'blotterColumns' } });
  });
});
