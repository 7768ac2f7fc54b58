import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

describe("the terminal's language, theme and time-zone defaults", () => {
  it('start as English, light and Berlin, and an admin changes them for every user, audited with from and to', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const tom = await withUser(harness, admin, 'tom', 'trader');
    expect(await tom.ok('prefs.defaults.get', {})).toMatchObject({ language: 'en', theme: 'light', timeZone: 'Europe/Berlin', updatedBy: null });
    await admin.ok('prefs.defaults.set', { language: 'ar', timeZone: 'Asia/Dubai' });
    expect(await tom.ok('prefs.defaults.get', {})).toMatchObject({ language: 'ar', theme: 'light', timeZone: 'Asia/Dubai', updatedBy: 'admin' });
    const entry = (await admin.ok('audit.list', {})).filter((e) => e.type === 'prefs.defaults').at(-1);
    expect(entry).toMatchObject({ actor: 'admin', payload: { changed: { language: { from: 'en', to: 'ar' }, timeZone: { from: 'Europe/Berlin', to: 'Asia/Dubai' } } } });
  });

  it('refuses a time zone that does not exist, naming the field, and keeps the one in force', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const result = await admin.call('prefs.defaults.set', { timeZone: 'Europe/Atlantis' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'timeZone' } });
    expect((await admin.ok('prefs.defaults.get', {})).timeZone).toBe('Europe/Berlin');
  });

  it('are set by admins only', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const tom = await withUser(harness, admin, 'tom', 'trader');
    expect(await tom.call('prefs.defaults.set', { theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await admin.ok('prefs.defaults.get', {})).theme).toBe('light');
  });
});
