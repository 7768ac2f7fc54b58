/**
 * The daily report through the real Core: the XLSX is read back with exceljs and every figure is
 * compared with what positions.list, pnl.summary and risk.var (the screens' calls) answer; the
 * PDF is checked for its pages, its text and its charts drawn as vector rectangles.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import { openHarness, tempDir, withAdmin, withUser, type Harness } from '../helpers/core';

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

  it('PDF has its text and its charts as vector graphics', async () => {
    const { tom } = await tradedBook();
    const file = await tom.ok('reports.daily', { date: '2023-04-24', format: 'pdf' });
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.bytes).toBe(bytes.length);
    const raw = bytes.toString('latin1');
    expect(raw.match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(1);
    // Content streams are deflated: inflate them and look at the drawing operators.
    let content = '';
    for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
      try {
        content += inflateSync(Buffer.from(match[1] as string, 'latin1')).toString('latin1');
      } catch {
        // fonts and other binary streams that are not deflated content
      }
    }
    const rectangles = content.match(/ re\b/g)?.length ?? 0;
    const risk = await tom.ok('risk.var', {});
    expect(rectangles).toBeGreaterThanOrEqual(risk.histogram.length);
    // Text runs are hex strings split for kerning: join each TJ array's pieces.
    const text = [...content.matchAll(/\[([^\]]*)\] TJ/g)]
      .map((m) => [...(m[1] as string).matchAll(/<([0-9a-f]+)>/g)].map((h) => Buffer.from(h[1] as string, 'hex').toString('latin1')).join(''))
      .join('\n');
    expect(text).toMatch(/Daily P&L and risk report - 2023-04-24/);
    expect(text).toMatch(/Window: 53 of 250 days of changes, 2023-02-28 to 2023-04-23/);
    expect(text).toMatch(/99% figure is not reliable/);
    expect(text).toMatch(/Backtest: too little history/);
    expect(text).toContain('Book tom');
  });

  it('keeps other books private', async () => {
    const { tom, ada } = await tradedBook();
    const adaId = (await ada.ok('risk.cash.balance', {})).userId;
    expect(await tom.call('reports.daily', { userId: adaId, date: '2023-04-24', format: 'xlsx' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
