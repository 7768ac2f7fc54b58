import { stringify } from 'csv-stringify/browser/esm/sync';
import { DateTime } from 'luxon';
import { zoneOfArea } from '../../../../src-shared/domain/market-areas';
import type { Column } from '../table/table-model';

/** An instant and the time zone it is read in. */
export interface ExportInstant {
  ms: number;
  zone: string;
}

/** A cell: text as displayed, an exact number, a date-time, or nothing (a missing quote). */
export type ExportCell = string | number | ExportInstant | null;

/** A table as the user sees it: headers in their language and cells as displayed (or as exact numbers). */
export interface ExportTable {
  name: string;
  headers: string[];
  rows: ExportCell[][];
}

/** What a screen shows for a value it does not have; such a numeric cell is exported empty, not as its sort stand-in. */
const NO_VALUE = new Set(['', '—', '–', '-']);

/**
 * One exported cell of a column, the same for every table: numbers stay numbers where the screen shows
 * one (a missing quote, sorted as ±Infinity or 0, is an empty cell), instants become date-times on their
 * area's clock, everything else is the text on screen.
 */
export function exportCell<Row>(column: Column<Row>, row: Row): ExportCell {
  const value = column.value(row);
  const text = column.text ? column.text(row) : String(value);
  if (column.instantArea) return typeof value === 'number' && Number.isFinite(value) ? { ms: value, zone: zoneOfArea(column.instantArea(row)) } : null;
  if (!column.numeric) return text;
  if (typeof value !== 'number' || !Number.isFinite(value) || NO_VALUE.has(text.trim())) return null;
  return value;
}

const isInstant = (cell: ExportCell): cell is ExportInstant => typeof cell === 'object' && cell !== null;

/** "2026-12-02T10:00:00+01:00": the wall time of its zone with the offset, which every spreadsheet reads. */
function isoInstant(cell: ExportInstant): string {
  return DateTime.fromMillis(cell.ms, { zone: cell.zone }).toISO({ suppressMilliseconds: true }) ?? '';
}

export function toCsv(table: ExportTable): string {
  const rows = table.rows.map((row) => row.map((cell) => (cell === null ? '' : isInstant(cell) ? isoInstant(cell) : cell)));
  // A byte-order mark so spreadsheet programs read UTF-8 (Arabic headers) correctly.
  return '\uFEFF' + stringify([table.headers, ...rows]);
}

/** The zones of a column's date-times, for its header: a spreadsheet date has no zone of its own. */
function zonesOf(table: ExportTable, column: number): string[] {
  return [...new Set(table.rows.map((row) => row[column]).filter((cell): cell is ExportInstant => cell !== undefined && isInstant(cell)).map((c) => c.zone))];
}

export async function toXlsx(table: ExportTable): Promise<Uint8Array> {
  // Loaded on first export only: the library is large and most sessions never need it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridDesk';
  const sheet = workbook.addWorksheet(table.name.slice(0, 31));
  const headers = table.headers.map((header, i) => {
    const zones = zonesOf(table, i);
    return zones.length === 0 ? header : `${header} (${zones.join(', ')})`;
  });
  sheet.addRow(headers).font = { bold: true };
  for (const row of table.rows) {
    // A number a spreadsheet cannot hold (±Infinity, NaN) would make the file invalid: it is left empty.
    const added = sheet.addRow(row.map((cell) => (isInstant(cell) ? wallClock(cell) : typeof cell === 'number' && !Number.isFinite(cell) ? null : cell)));
    row.forEach((cell, i) => {
      if (isInstant(cell)) added.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** A spreadsheet date is a wall time: the instant's time in its zone, written as if it were UTC. */
function wallClock(cell: ExportInstant): Date {
  const local = DateTime.fromMillis(cell.ms, { zone: cell.zone });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
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
