/**
 * The daily report through the real Core: the XLSX is read back with exceljs and every figure is
 * compared with what positions.list, pnl.summary and risk.var (the screens' calls) answer; the
 * PDF's text is read back through its fonts' ToUnicode maps, in English and in Arabic.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import ar from '../../locales/reports/ar.json';
import de from '../../locales/reports/de.json';
import { openHarness, tempDir, withAdmin, withUser, type Harness } from '../helpers/core';
import { readPdf } from './pdf-read';

const FIXTURE = fileURLToPath(new URL('../fixtures/risk/smard-de-lu-2023-02-27-to-04-23.csv', import.meta.url));
const NOW = Date.UTC(2023, 3, 24, 14, 0, 0);
const EUR = 100_000;
let harness: Harness;
afterEach(() => harness?.close());

const hourOf = (h: number) => `DE-H-${DateTime.fromObject({ year: 2023, month: 4, day: 25, hour: h }, { zone: 'Europe/Berlin' }).toUTC().toFormat("yyyyLLdd'T'HHmm'Z'")}`;

async function tradedBook() {
  harness = openHarness(tempDir(), new ManualClock(NOW));
  const ada = await withAdmin(harness);
  const tom = await withUser(harness, ada, 'tom', 'trader');
  const ann = await withUser(harness, ada, 'ann', 'trader');
  await ada.ok('risk.history.import', { area: 'DE', content: readFileSync(FIXTURE, 'utf8') });
  await ada.ok('risk.fees.set', { feePerMwhMoney: EUR });
  harness.clock.advance(1_000);
  const p = hourOf(18);
  await ada.ok('trading.orders.place', { productId: p, side: 'sell', price: 5_000, quantity: 10_000 });
  await tom.ok('trading.orders.place', { productId: p, side: 'buy', price: 5_000, quantity: 10_000 });
  await ada.ok('trading.orders.place', { productId: p, side: 'sell', price: 6_000, quantity: 5_000 });
  await tom.ok('trading.orders.place', { productId: p, side: 'buy', price: 6_000, quantity: 5_000 });
  await ann.ok('trading.orders.place', { productId: p, side: 'buy', price: 7_000, quantity: 12_000 });
  await tom.ok('trading.orders.place', { productId: p, side: 'sell', price: 7_000, quantity: 12_000 });
  await ada.ok('trading.orders.place', { productId: hourOf(3), side: 'buy', price: 8_000, quantity: 5_000 });
  await tom.ok('trading.orders.place', { productId: hourOf(3), side: 'sell', price: 8_000, quantity: 5_000 });
  return { ada, tom };
}

function sheetRows(sheet: ExcelJS.Worksheet | undefined): unknown[][] {
  if (!sheet) throw new Error('missing sheet');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('daily P&L and risk report', () => {
  it('XLSX figures equal the screens’ figures', async () => {
    const { tom } = await tradedBook();
    const file = await tom.ok('reports.daily', { date: '2023-04-24', format: 'xlsx' });
    expect(file.filename).toMatch(/\.xlsx$/);
    const positions = await tom.ok('risk.positions.list', {});
    const pnl = await tom.ok('risk.pnl.summary', {});
    const risk = await tom.ok('risk.var', {});

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const summary = new Map(sheetRows(workbook.getWorksheet('Summary')).map((r) => [r[0], r[1]]));
    const day = pnl.daily.find((b) => b.period === '2023-04-24')!;
    expect(summary.get('Day total €')).toBe(day.totalMoney / EUR);
    expect(summary.get('Day realized €')).toBe(220);
    expect(summary.get('Day fees €')).toBe(day.feesMoney / EUR);
    expect(summary.get('Inception-to-date total €')).toBe(pnl.inceptionToDate.totalMoney / EUR);
    expect(summary.get('Unrealized €')).toBe(positions.totals.unrealizedMoney / EUR);
    expect(summary.get('Book total €')).toBe(positions.totals.totalMoney / EUR);
    expect(summary.get('Trades')).toBe(pnl.metrics.tradeCount);

    const sheet = sheetRows(workbook.getWorksheet('Positions'));
    expect(sheet.slice(1)).toEqual(
      positions.positions.map((p) => [p.productId, p.side, p.netKw / 1000, p.netMwh, p.avgOpenPriceUnits! / 100, p.markPriceUnits! / 100, p.realizedMoney / EUR, p.feesMoney / EUR, p.unrealizedMoney! / EUR, p.totalMoney / EUR, p.fillCount]),
    );
    expect(sheet).toHaveLength(3);

    const varRows = sheetRows(workbook.getWorksheet('VaR'));
    for (const level of risk.levels) {
      expect(varRows.find((r) => r[0] === level.confidence)).toEqual([level.confidence, level.var / EUR, level.es / EUR, level.tailCount]);
    }
    // 53 days of changes: a short window, no backtest (it needs 100 days before its first day).
    expect(varRows.find((r) => r[0] === 'Window (days of changes)')?.[1]).toBe(risk.window.usedDays);
    expect(varRows.find((r) => r[0] === 'Warnings')?.[1]).toBe('SHORT_WINDOW, TOO_FEW_FOR_99');
    expect(risk.backtests).toEqual([]);
  });

  it('PDF names products, limits and times as the screens do, with charts that have axes', async () => {
    const { tom } = await tradedBook();
    const file = await tom.ok('reports.daily', { date: '2023-04-24', format: 'pdf' });
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.bytes).toBe(bytes.length);
    const pdf = readPdf(bytes);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    const text = pdf.runs.join('\n');
    expect(pdf.runs).toContain('Daily P&L and risk report');
    expect(pdf.runs).toContain('Book of tom');
    // 14:00 UTC is 16:00 on the desk's clock in summer time.
    expect(pdf.runs).toContain('Generated 2023-04-24 16:00 (Europe/Berlin, UTC+02:00)');
    expect(pdf.runs).toContain('H 18:00–19:00 · Tue 25 Apr');
    expect(pdf.runs).toContain('Largest order');
    expect(text).toMatch(/Window: 53 of 250 days of price changes, Tuesday, 28 February 2023 to Sunday, 23 April 2023/);
    expect(text).toMatch(/99% figure is not reliable/);
    // No internal ids, limit keys or UTC stamps.
    expect(text).not.toMatch(/DE-H-\d{8}T\d{4}Z|maxOrderKw|none|T\d{2}:\d{2}:\d{2}/);
    // The charts: bars as rectangles, axis titles and tick labels.
    const risk = await tom.ok('risk.var', {});
    expect(pdf.content.match(/ re\b/g)?.length ?? 0).toBeGreaterThanOrEqual(risk.histogram.length + 1);
    expect(pdf.runs).toEqual(expect.arrayContaining(['Trading day (Europe/Berlin)', 'P&L €', 'Scenario P&L €', 'Scenarios', '0', '24 Apr']));
  });

  it('PDF in Arabic is set right to left in a font with Arabic glyphs, with no English words', async () => {
    const { tom } = await tradedBook();
    const file = await tom.ok('reports.daily', { date: '2023-04-24', format: 'pdf', language: 'ar' });
    const pdf = readPdf(Buffer.from(file.base64, 'base64'));
    expect(pdf.fonts).toContain('NotoNaskhArabic-Regular');
    // fontkit stores an Arabic run's glyphs in visual order: read backwards, it is the sentence.
    const backwards = pdf.runs.map((run) => [...run].reverse().join('').trim());
    expect(backwards).toContain(ar.reportPdf.title);
    expect(backwards).toContain(ar.reportPdf.limitNames.maxOrderKw);
    const english = pdf.runs.join(' ').match(/[A-Za-z]{3,}/g) ?? [];
    // Only the book's owner, the time zone and the product's code stay in Latin letters.
    expect([...new Set(english)].sort()).toEqual(['Berlin', 'Europe', 'UTC', 'tom']);
  });

  it('PDF in German is worded from the German locale file, with no English headings', async () => {
    const { tom } = await tradedBook();
    const file = await tom.ok('reports.daily', { date: '2023-04-24', format: 'pdf', language: 'de' });
    const pdf = readPdf(Buffer.from(file.base64, 'base64'));
    expect(pdf.runs).toEqual(expect.arrayContaining([de.reportPdf.title, de.reportPdf.limitNames.maxOrderKw, de.reportPdf.pnl, 'Handelstag (Europe/Berlin)']));
    expect(pdf.runs.join(' ')).not.toContain('Profit and loss');
  });

  it('PDF says in words why there is no VaR when the price history is missing', async () => {
    harness = openHarness(tempDir(), new ManualClock(NOW));
    const ada = await withAdmin(harness);
    const file = await ada.ok('reports.daily', { date: '2023-04-24', format: 'pdf' });
    const text = readPdf(Buffer.from(file.base64, 'base64')).runs.join(' ');
    expect(text).toMatch(/Value at risk is not available: there are 0 days of price changes for DE/);
  });

  it('keeps other books private', async () => {
    const { tom, ada } = await tradedBook();
    const adaId = (await ada.ok('risk.cash.balance', {})).userId;
    expect(await tom.call('reports.daily', { userId: adaId, date: '2023-04-24', format: 'xlsx' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
