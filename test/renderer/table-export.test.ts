import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportCell, toCsv, toXlsx, type ExportTable } from '../../src-renderer/src/ui/export/table-export';
import { nextSort, visibleRows, type Column } from '../../src-renderer/src/ui/table/table-model';

interface Row { id: number; product: string; price: number }
const rows: Row[] = [
  { id: 1, product: 'H 10:00', price: -1250 },
  { id: 2, product: 'H 11:00', price: 8450 },
  { id: 3, product: 'Q 10:15', price: 0 },
];
const columns: Column<Row>[] = [
  { id: 'id', value: (r) => r.id, numeric: true },
  { id: 'product', value: (r) => r.product },
  { id: 'price', value: (r) => r.price / 100, numeric: true },
];

describe('table rows', () => {
  it('keeps rows containing every filter word, in any column', () => {
    expect(visibleRows(rows, columns, 'h 84.5', null).map((r) => r.id)).toEqual([2]);
  });

  it('sorts numbers numerically, negative prices first when ascending', () => {
    expect(visibleRows(rows, columns, '', { column: 'price', direction: 'asc' }).map((r) => r.id)).toEqual([1, 3, 2]);
  });

  it('keeps ties in arrival order, whether the rows came sorted or not', () => {
    const tape = [{ id: 1, product: 'a', price: 300 }, { id: 2, product: 'b', price: 300 }, { id: 3, product: 'c', price: 100 }];
    const byPriceDesc = { column: 'price', direction: 'desc' } as const;
    expect(visibleRows(tape, columns, '', byPriceDesc).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(visibleRows([tape[2]!, ...tape.slice(0, 2)], columns, '', byPriceDesc).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('a second click on a column flips the direction', () => {
    expect(nextSort(nextSort(null, 'price'), 'price')).toEqual({ column: 'price', direction: 'asc' });
  });
});

describe('table export', () => {
  const table: ExportTable = { name: 'orders', headers: ['Order', 'المنتج', 'Price'], rows: [[1, 'H 10:00, "peak"', -12.5], [2, 'Q', 84.5]] };

  it('CSV quotes commas and quotes and reads back to the same cells', () => {
    const text = toCsv(table);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = parse(text.slice(1)) as string[][];
    expect(parsed).toEqual([table.headers, ['1', 'H 10:00, "peak"', '-12.5'], ['2', 'Q', '84.5']]);
  });

  it('XLSX reads back with the same headers and numbers kept as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const bytes = await toXlsx(table);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.getWorksheet('orders');
    const values = [1, 2, 3].map((n) => (sheet?.getRow(n).values as unknown[]).slice(1));
    expect(values).toEqual([table.headers, [1, 'H 10:00, "peak"', -12.5], [2, 'Q', 84.5]]);
  });
});

describe('exported cells of a live table (a watchlist)', () => {
  interface Quote { product: string; area: string; bid: number | null; last: number | null; gate: number }
  const gate = Date.UTC(2026, 11, 2, 9, 0); // 10:00 in Berlin, winter time
  const quotes: Quote[] = [
    { product: 'H 10:00', area: 'DE', bid: 8450, last: null, gate },
    { product: 'H 11:00', area: 'DE', bid: null, last: -1250, gate: gate + 3_600_000 },
  ];
  const price = (units: number | null) => (units === null ? '—' : (units / 100).toFixed(2));
  const quoteColumns: Column<Quote>[] = [
    { id: 'product', value: (q) => q.product },
    { id: 'bid', value: (q) => (q.bid ?? -Infinity) / 100, text: (q) => price(q.bid), numeric: true },
    { id: 'last', value: (q) => (q.last ?? 0) / 100, text: (q) => price(q.last), numeric: true },
    { id: 'gate', value: (q) => q.gate, instantArea: (q) => q.area },
  ];
  const table: ExportTable = { name: 'watchlist', headers: ['Product', 'Bid', 'Last', 'Gate'], rows: quotes.map((q) => quoteColumns.map((c) => exportCell(c, q))) };

  it('CSV leaves missing quotes empty and writes gate times as date-times with their offset', () => {
    const parsed = parse(toCsv(table).slice(1)) as string[][];
    expect(parsed.slice(1)).toEqual([
      ['H 10:00', '84.5', '', '2026-12-02T10:00:00+01:00'],
      ['H 11:00', '', '-12.5', '2026-12-02T11:00:00+01:00'],
    ]);
  });

  it('XLSX has empty cells for missing quotes and real dates on the area\'s clock, its zone in the header', async () => {
    const workbook = new ExcelJS.Workbook();
    const bytes = await toXlsx(table);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.getWorksheet('watchlist');
    expect((sheet?.getRow(1).values as unknown[]).slice(1)).toEqual(['Product', 'Bid', 'Last', 'Gate (Europe/Berlin)']);
    const first = sheet?.getRow(2);
    expect([first?.getCell(2).value, first?.getCell(3).value, first?.getCell(4).value]).toEqual([84.5, null, new Date(Date.UTC(2026, 11, 2, 10, 0))]);
    expect(first?.getCell(4).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet?.getRow(3).getCell(2).value).toBeNull();
  });
});
