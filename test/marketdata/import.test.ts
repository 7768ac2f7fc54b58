import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, MAX_IMPORT_CHUNK_CHARS } from '../../src-shared/contract/marketdata';
import { openHarness, removeDir, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/market/${name}`, import.meta.url)), 'utf8');
const AUTUMN = 'smard-de-lu-2023-10-autumn-dst.csv';
const FROM = Date.UTC(2023, 9, 26, 22);
const TO = Date.UTC(2023, 9, 31, 23);

let harness: Harness | undefined;
afterEach(() => {
  if (!harness) return;
  harness.close();
  removeDir(harness.dataDir);
  harness = undefined;
});

async function setUp(): Promise<{ admin: Client; trader: Client }> {
  harness = openHarness();
  const admin = await withAdmin(harness);
  const trader = await withUser(harness, admin, 'tess', 'trader');
  return { admin, trader };
}

describe('marketdata.import', () => {
  it('imports a SMARD CSV with a 25-hour delivery day into UTC intervals', async () => {
    const { trader } = await setUp();
    const result = await trader.ok('marketdata.import', { format: 'csv', content: fixture(AUTUMN) });
    expect(result).toMatchObject({ ok: true, imported: 121, replaced: 0, from: FROM, to: TO, area: 'DE', currency: 'EUR', format: 'smard-csv', auction: 'official' });
    const history = await trader.ok('marketdata.history', { area: 'DE', from: FROM, to: TO });
    expect(history.points).toHaveLength(121);
    // 2023-10-29 in Berlin runs from 22:00Z on the 28th to 23:00Z on the 29th: 25 hourly prices.
    const day = history.points.filter((p) => p.start >= Date.UTC(2023, 9, 28, 22) && p.start < Date.UTC(2023, 9, 29, 23));
    expect(day).toHaveLength(25);
    expect(history.points[0]).toEqual({ start: FROM, durationMin: 60, price: 10_456 });

    const again = await trader.ok('marketdata.import', { format: 'csv', content: fixture(AUTUMN) });
    expect(again).toMatchObject({ ok: true, imported: 121, replaced: 121 });
  });

  it('imports a spring day of 23 hours', async () => {
    const { trader } = await setUp();
    const result = await trader.ok('marketdata.import', { format: 'csv', content: fixture('smard-de-lu-2023-03-spring-dst.csv') });
    expect(result).toMatchObject({ ok: true, imported: 167 });
    // 2023-03-26 in Berlin: 23:00Z on the 25th to 22:00Z on the 26th.
    const day = await trader.ok('marketdata.history', { from: Date.UTC(2023, 2, 25, 23), to: Date.UTC(2023, 2, 26, 22) });
    expect(day.points).toHaveLength(23);
  });

  it('imports an ENTSO-E A44 document under its bidding zone, which its EIC code also reads', async () => {
    const { trader } = await setUp();
    const result = await trader.ok('marketdata.import', { format: 'entsoe', content: fixture('se4-day-ahead-A44-PT60M.xml') });
    expect(result).toMatchObject({ ok: true, imported: 48, area: 'SE4', format: 'entsoe-a44', from: Date.UTC(2023, 7, 6, 22), to: Date.UTC(2023, 7, 8, 22) });
    const history = await trader.ok('marketdata.history', { area: '10Y1001A1001A47J', from: Date.UTC(2023, 7, 1), to: Date.UTC(2023, 8, 1) });
    expect(history.points).toHaveLength(48);
  });

  it('imports nothing from a file with any problem, and says where each one is', async () => {
    const { admin, trader } = await setUp();
    const lines = fixture(AUTUMN).trimEnd().split('\n');
    // Line 3 repeated (a duplicate interval); line 10's price unreadable.
    const broken = [...lines.slice(0, 3), lines[2], ...lines.slice(3)];
    broken[9] = broken[9]?.replace(/^([^,]+),[^,]+/, '$1,abc') ?? '';
    const result = await trader.ok('marketdata.import', { format: 'csv', content: broken.join('\n') });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.errors.map((e) => [e.code, e.line])).toEqual(
      expect.arrayContaining([
        ['duplicate_interval', 4],
        ['bad_price', 10],
      ]),
    );
    expect(result.errors.find((e) => e.code === 'duplicate_interval')?.interval).toBe('2023-10-26T23:00:00Z/2023-10-27T00:00:00Z');
    const history = await trader.ok('marketdata.history', { area: 'DE', from: FROM, to: TO });
    expect(history.points).toEqual([]);
    const audit = await admin.ok('audit.list', {});
    expect(audit.some((e) => e.type === 'marketdata.import_refused')).toBe(true);
    expect(audit.some((e) => e.type === 'marketdata.imported')).toBe(false);
  });

  it('reports a missing interval and a wrong currency', async () => {
    const { trader } = await setUp();
    const lines = fixture('berlin-local-de-lu-2023-10-autumn-dst.csv').trimEnd().split('\n');
    const withoutHour = [...lines.slice(0, 5), ...lines.slice(6)].join('\n');
    const gap = await trader.ok('marketdata.import', { format: 'csv', content: withoutHour });
    expect(gap.ok ? [] : gap.errors.map((e) => e.code)).toContain('missing_interval');
    const dollars = lines.map((l, i) => (i === 7 ? l.replace(',EUR,', ',USD,') : l)).join('\n');
    const currency = await trader.ok('marketdata.import', { format: 'csv', content: dollars });
    expect(currency.ok ? [] : currency.errors.map((e) => [e.code, e.line])).toContainEqual(['wrong_currency', 8]);
    expect((await trader.ok('marketdata.history', { area: 'DE', from: FROM, to: TO })).points).toEqual([]);
  });

  it('takes a larger file in chunks, and refuses one over the cap at the chunk that crosses it', async () => {
    const { trader } = await setUp();
    const text = fixture(AUTUMN);
    const third = Math.ceil(text.length / 3);
    let upload = await trader.ok('marketdata.upload', { content: text.slice(0, third) });
    upload = await trader.ok('marketdata.upload', { uploadId: upload.uploadId, content: text.slice(third, 2 * third) });
    upload = await trader.ok('marketdata.upload', { uploadId: upload.uploadId, content: text.slice(2 * third) });
    expect(upload.bytes).toBe(Buffer.byteLength(text));
    expect(await trader.ok('marketdata.import', { format: 'csv', uploadId: upload.uploadId })).toMatchObject({ ok: true, imported: 121 });

    const tooLong = await trader.call('marketdata.import', { format: 'csv', content: 'x'.repeat(MAX_IMPORT_CHUNK_CHARS + 1) });
    expect(tooLong.ok ? null : tooLong.error).toMatchObject({ code: 'BAD_INPUT', field: 'content', message: expect.stringMatching(/marketdata\.upload/) });

    // A 200 MB file sent in chunks: refused once it passes the cap; the rest need not be sent.
    const chunk = 'y'.repeat(MAX_IMPORT_CHUNK_CHARS);
    let id: string | undefined;
    let refusal: { code: string; message: string } | null = null;
    for (let sent = 0; sent < 200 * 1024 * 1024 && refusal === null; sent += chunk.length) {
      const r = await trader.call('marketdata.upload', id === undefined ? { content: chunk } : { uploadId: id, content: chunk });
      if (r.ok) id = r.value.uploadId;
      else refusal = r.error;
    }
    expect(refusal).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/larger than 50 MB; nothing was imported/) });
    const gone = await trader.call('marketdata.import', { format: 'csv', uploadId: id ?? '' });
    expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND');
    expect(MAX_IMPORT_BYTES).toBe(50 * 1024 * 1024);
  });

  it('is for traders, risk managers and admins; a viewer may read history but not import', async () => {
    const { admin } = await setUp();
    const viewer = await withUser(harness as Harness, admin, 'vic', 'viewer');
    const refused = await viewer.call('marketdata.import', { format: 'csv', content: fixture(AUTUMN) });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    expect((await viewer.ok('marketdata.history', { from: FROM, to: TO })).points).toEqual([]);
  });

  it('gives watchlist rows the imported day-ahead price as their reference', async () => {
    const { trader } = await setUp();
    // 2026-11-23 in Berlin: 23:00Z on the 22nd to 23:00Z on the 23rd, a flat 80.00 €/MWh except 12:00–13:00 Berlin.
    const rows = Array.from({ length: 24 }, (_, h) => {
      const start = new Date(Date.UTC(2026, 10, 22, 23 + h)).toISOString().replace('.000Z', 'Z');
      return `${start},${h === 12 ? '95.50' : '80.00'}`;
    });
    await trader.ok('marketdata.import', { format: 'csv', content: ['utc_start,price_eur_mwh', ...rows].join('\n') });
    const watch = await trader.ok('marketdata.watchlist', {});
    const noon = watch.find((r) => r.productId === 'DE-H-20261123T1100Z');
    expect(noon).toMatchObject({ reference: 9_550, referenceSource: 'day_ahead', change: null });
    const quarter = watch.find((r) => r.productId === 'DE-Q-20261123T1115Z');
    expect(quarter).toMatchObject({ reference: 9_550, referenceSource: 'day_ahead' });
    const base = watch.find((r) => r.productId === 'DE-BASE-20261122T2300Z');
    expect(base?.reference).toBe(Math.round((23 * 8_000 + 9_550) / 24));
  });
});
