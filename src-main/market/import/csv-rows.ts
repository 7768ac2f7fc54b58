import { CsvError, parse } from 'csv-parse/sync';
import { type IssueSink } from './issues';

export interface CsvRow {
  /** 1-based line where the record ends (records never span lines in these formats). */
  line: number;
  cells: string[];
}

export type Delimiter = ',' | ';' | '\t';

/** German spreadsheet exports use ";" because "," is their decimal mark; pick by what the header uses. */
export function detectDelimiter(text: string): Delimiter {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string): number => firstLine.split(ch).length - 1;
  const candidates: Delimiter[] = [',', ';', '\t'];
  return candidates.reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
}

/**
 * Splits the text into rows, keeping each row's line number for error messages. Rows with the
 * wrong number of cells are kept (relax_column_count) so every one of them can be reported,
 * instead of csv-parse stopping at the first.
 */
export function readCsvRows(text: string, delimiter: Delimiter, sink: IssueSink): CsvRow[] | null {
  const rows: CsvRow[] = [];
  try {
    parse(text, {
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context) => {
        rows.push({ line: context.lines, cells: record });
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error['lines'] === 'number' ? error['lines'] : undefined;
      sink.add({ code: 'malformed', line, message: `not valid CSV: ${error.message}` });
      return null;
    }
    throw error;
  }
  return rows;
}
