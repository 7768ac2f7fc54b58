import { stringify } from 'csv-stringify/browser/esm/sync';

/** A table as the user sees it: headers in their language and cells as displayed (or as exact numbers). */
export interface ExportTable {
  name: string;
  headers: string[];
  rows: (string | number)[][];
}

export function toCsv(table: ExportTable): string {
  // A byte-order mark so spreadsheet programs read UTF-8 (Arabic headers) correctly.
  return '\uFEFF' + stringify([table.headers, ...table.rows]);
}

export async function toXlsx(table: ExportTable): Promise<Uint8Array> {
  // Loaded on first export only: the library is large and most sessions never need it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridDesk';
  const sheet = workbook.addWorksheet(table.name.slice(0, 31));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export function fileName(table: ExportTable, extension: 'csv' | 'xlsx', now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `griddesk-${table.name}-${stamp}.${extension}`;
}

/** Hands the file to the browser (or Electron's download handler), which asks where to save it. */
export function download(name: string, data: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportTable(table: ExportTable, format: 'csv' | 'xlsx'): Promise<void> {
  const name = fileName(table, format, new Date());
  if (format === 'csv') download(name, toCsv(table), 'text/csv;charset=utf-8');
  else download(name, await toXlsx(table), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}
