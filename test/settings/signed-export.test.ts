import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src-main/settings/signing';
import { openHarness, withAdmin, type Client, type Harness } from '../helpers/core';
import { signedByTrusted } from './helpers';

let harness: Harness;
afterEach(() => harness?.close());

async function exported(admin: Client): Promise<Record<string, unknown>> {
  return (await admin.ok('settings.export', {})) as unknown as Record<string, unknown>;
}

describe('signed settings export and import', () => {
  it("exports a file signed with the terminal's key that previews with no change, then applies a changed setting, audited", async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const file = await exported(admin);
    expect(file).toMatchObject({ format: 'griddesk.settings', version: 3, settings: { appearance: { language: 'en' } } });
    expect((await admin.ok('settings.identity', {})).publicKey).toBe(file.publicKey);
    expect((await admin.ok('settings.import.preview', { file: JSON.stringify(file) })).diff).toEqual([]);

    await admin.ok('prefs.defaults.set', { language: 'de' });
    const preview = await admin.ok('settings.import.preview', { file: JSON.stringify(file) });
    expect(preview.diff).toEqual([{ area: 'appearance', field: 'language', from: 'de', to: 'en' }]);
    expect((await admin.ok('prefs.defaults.get', {})).language).toBe('de');
    await admin.ok('settings.import.apply', { file: JSON.stringify(file) });
    expect((await admin.ok('prefs.defaults.get', {})).language).toBe('en');
    const audit = await admin.ok('audit.list', {});
    expect(audit.filter((e) => e.type === 'settings.imported').at(-1)).toMatchObject({ actor: 'admin', payload: { changes: [{ field: 'language', to: 'en' }] } });
  });

  it('refuses a file changed after it was signed', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const file = await exported(admin);
    const tampered = { ...file, settings: { ...(file.settings as object), risk: { feePerMwhMoney: 1 } } };
    expect(await admin.call('settings.import.apply', { file: JSON.stringify(tampered) })).toMatchObject({ ok: false, error: { reason: 'SETTINGS_SIGNATURE_BAD', field: 'signature' } });
  });

  it('refuses a file signed by a key nobody trusted', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const file = await exported(admin);
    const pair = generateKeyPairSync('ed25519');
    const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const { signature: _s, ...rest } = file;
    const unsigned = { ...rest, publicKey };
    const foreign = { ...unsigned, signature: sign(null, Buffer.from(canonicalJson(unsigned)), pair.privateKey).toString('base64') };
    expect(await admin.call('settings.import.preview', { file: JSON.stringify(foreign) })).toMatchObject({ ok: false, error: { reason: 'SETTINGS_SIGNER_UNTRUSTED' } });
  });

  it('refuses a file from a newer version before reading its body', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const file = await signedByTrusted(admin, { ...(await exported(admin)), version: 4 });
    expect(await admin.call('settings.import.preview', { file })).toMatchObject({ ok: false, error: { reason: 'SETTINGS_FILE_NEWER', params: { version: 4, supported: 3 } } });
  });

  it('accepts a trusted signer but refuses a value its domain refuses, naming the field, and changes nothing', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const body = await exported(admin);
    const settings = body.settings as { appearance: Record<string, unknown> };
    const file = await signedByTrusted(admin, { ...body, settings: { ...settings, appearance: { ...settings.appearance, timeZone: 'Mars/Olympus' } } });
    expect(await admin.call('settings.import.apply', { file })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', reason: 'SETTINGS_VALUE_INVALID', field: 'settings.appearance.timeZone' } });
    expect((await admin.ok('prefs.defaults.get', {})).timeZone).toBe('Europe/Berlin');
    const good = await signedByTrusted(admin, { ...body, settings: { ...settings, appearance: { ...settings.appearance, theme: 'dark' } } });
    expect((await admin.ok('settings.import.preview', { file: good })).signer).toMatchObject({ own: false, label: 'plant 2' });
  });

  it('imports a version 1 file, which has no broker or feed area, leaving those settings as they are', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('devices.settings.set', { broker: { host: 'broker.plant.example', port: 8883 } });
    const { settings, ...body } = await exported(admin);
    const { broker: _broker, feed: _feed, ...v1Areas } = settings as Record<string, unknown>;
    const file = await signedByTrusted(admin, { ...body, version: 1, settings: { ...v1Areas, appearance: { language: 'ar', theme: 'light', timeZone: 'Europe/Berlin' } } });
    expect((await admin.ok('settings.import.preview', { file })).diff).toEqual([{ area: 'appearance', field: 'language', from: 'en', to: 'ar' }]);
    await admin.ok('settings.import.apply', { file });
    expect((await admin.ok('prefs.defaults.get', {})).language).toBe('ar');
    expect((await admin.ok('devices.settings.get', {})).broker).toMatchObject({ host: 'broker.plant.example', port: 8883 });
  });

  it('refuses a broker area its domain refuses, naming the field, and changes nothing', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const body = await exported(admin);
    const settings = body.settings as { broker: Record<string, unknown>; appearance: Record<string, unknown> };
    const file = await signedByTrusted(admin, { ...body, settings: { ...settings, appearance: { ...settings.appearance, language: 'de' }, broker: { ...settings.broker, host: '' } } });
    expect(await admin.call('settings.import.apply', { file })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', reason: 'SETTINGS_VALUE_INVALID', field: 'settings.broker.host' } });
    expect((await admin.ok('devices.settings.get', {})).broker.host).toBe('127.0.0.1');
    expect((await admin.ok('prefs.defaults.get', {})).language).toBe('en');
  });

  it('lists and applies a change of the broker and the feed areas, field by field', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const file = JSON.stringify(await exported(admin));
    await admin.ok('devices.settings.set', { broker: { port: 8883, tls: { rejectUnauthorized: false } } });
    await admin.ok('marketdata.feed.configure', { enabled: false, url: 'mqtt://feed.plant.example:1883' });
    expect((await admin.ok('settings.import.preview', { file })).diff).toEqual([
      { area: 'broker', field: 'port', from: 8883, to: 1883 },
      { area: 'broker', field: 'tls.rejectUnauthorized', from: false, to: true },
      { area: 'feed', field: 'url', from: 'mqtt://feed.plant.example:1883', to: null },
    ]);
    await admin.ok('settings.import.apply', { file });
    expect((await admin.ok('devices.settings.get', {})).broker).toMatchObject({ port: 1883, tls: { rejectUnauthorized: true } });
    expect((await admin.ok('marketdata.feed.settings', {})).url).toBeNull();
    expect((await admin.ok('settings.import.preview', { file })).diff).toEqual([]);
  });

  it('carries each area\u2019s market rules: a file\u2019s changed tick starts on the first day not listed yet', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const body = await exported(admin);
    const settings = body.settings as { market: { DE: Record<string, number>; LM: Record<string, number> } };
    expect(settings.market.DE).toMatchObject({ tickSize: 1, lotSize: 100, gateClosureMinutes: 5 });
    const file = await signedByTrusted(admin, { ...body, settings: { ...settings, market: { ...settings.market, DE: { ...settings.market.DE, tickSize: 10, minPrice: -999_990, maxPrice: 999_990 } } } });
    expect((await admin.ok('settings.import.preview', { file })).diff).toEqual([
      { area: 'market', field: 'DE.tickSize', from: 1, to: 10 },
      { area: 'market', field: 'DE.minPrice', from: -999_999, to: -999_990 },
      { area: 'market', field: 'DE.maxPrice', from: 999_999, to: 999_990 },
    ]);
    await admin.ok('settings.import.apply', { file });
    const [de, lm] = await admin.ok('trading.rules.get', {});
    expect(de).toMatchObject({ current: { tickSize: 1 }, scheduled: [{ effectiveFrom: '2026-11-25', rules: { tickSize: 10, maxPrice: 999_990 } }] });
    expect(lm!.scheduled).toEqual([]);
  });

  it('replaces the changes a terminal had scheduled with the file\u2019s rules', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const file = JSON.stringify(await exported(admin));
    const later = { tickSize: 10, lotSize: 500, minPrice: -50_000, maxPrice: 300_000, maxQuantity: 50_000, gateClosureMinutes: 30, openHourDayBefore: 14 };
    await admin.ok('trading.rules.set', { area: 'DE', effectiveFrom: '2026-12-01', ...later });
    expect((await admin.ok('settings.import.preview', { file })).diff).toContainEqual({ area: 'market', field: 'DE.gateClosureMinutes', from: 30, to: 5 });
    await admin.ok('settings.import.apply', { file });
    expect((await admin.ok('trading.rules.get', {}))[0]!.scheduled).toEqual([]);
    expect((await admin.ok('settings.import.preview', { file })).diff).toEqual([]);
  });

  it('refuses a file whose market rules put the gate after delivery start, naming the field, and changes nothing', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const body = await exported(admin);
    const settings = body.settings as { appearance: Record<string, unknown>; market: { DE: Record<string, number>; LM: Record<string, number> } };
    const file = await signedByTrusted(admin, {
      ...body,
      settings: { ...settings, appearance: { ...settings.appearance, language: 'de' }, market: { ...settings.market, LM: { ...settings.market.LM, gateClosureMinutes: -5 } } },
    });
    expect(await admin.call('settings.import.apply', { file })).toMatchObject({ ok: false, error: { reason: 'SETTINGS_VALUE_INVALID', field: 'settings.market.LM.gateClosureMinutes' } });
    expect((await admin.ok('prefs.defaults.get', {})).language).toBe('en');
    expect((await admin.ok('trading.rules.get', {}))[1]!.scheduled).toEqual([]);
  });

  it('carries the risk defaults field by field and applies them at once, the fee left as it was', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('risk.defaults.set', { guard: { maxOrderKw: 100_000 }, limits: { maxOrderKw: 1_000 } });
    const file = await exported(admin);
    expect(file.settings).toMatchObject({ risk: { guard: { maxOrderKw: 100_000, confirmSizeKw: null }, limits: { maxOrderKw: 1_000, creditLimitMoney: null } } });
    await admin.ok('risk.defaults.set', { guard: { maxOrderKw: null, confirmSizeKw: 20_000 }, limits: { maxOrderKw: null } });
    expect((await admin.ok('settings.import.preview', { file: JSON.stringify(file) })).diff).toEqual([
      { area: 'risk', field: 'guard.confirmSizeKw', from: 20_000, to: null },
      { area: 'risk', field: 'guard.maxOrderKw', from: null, to: 100_000 },
      { area: 'risk', field: 'limits.maxOrderKw', from: null, to: 1_000 },
    ]);
    await admin.ok('settings.import.apply', { file: JSON.stringify(file) });
    expect(await admin.ok('risk.defaults.get', {})).toMatchObject({ guard: { maxOrderKw: 100_000 }, limits: { maxOrderKw: 1_000 } });
    expect((await admin.ok('risk.guard.get', {})).settings.confirmSizeKw).toBe(50_000);
    expect((await admin.ok('risk.fees.get', {})).since).toBeNull();
  });

  it('imports a file without the risk defaults, leaving the terminal’s as they are', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('risk.defaults.set', { guard: { maxOrderKw: 100_000 }, limits: { maxOrderKw: 1_000 } });
    const { settings, ...body } = await exported(admin);
    const areas = settings as { risk: Record<string, unknown> };
    const file = await signedByTrusted(admin, { ...body, settings: { ...areas, risk: { feePerMwhMoney: 2_000 } } });
    expect((await admin.ok('settings.import.preview', { file })).diff).toEqual([{ area: 'risk', field: 'feePerMwhMoney', from: 0, to: 2_000 }]);
    await admin.ok('settings.import.apply', { file });
    expect(await admin.ok('risk.defaults.get', {})).toMatchObject({ guard: { maxOrderKw: 100_000 }, limits: { maxOrderKw: 1_000 } });
    expect((await admin.ok('risk.fees.get', {})).feePerMwhMoney).toBe(2_000);
  });
});
