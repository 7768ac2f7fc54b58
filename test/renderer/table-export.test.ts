import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx, type ExportTable } from '../../src-renderer/src/ui/export/table-export';
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
