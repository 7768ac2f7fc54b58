import { columnName, type CsvColumns } from './csv-columns';
import { type CsvRow, type Delimiter } from './csv-rows';
import { normalizeCurrency, splitUnit, Tally } from './currency-unit';
import { parsePriceText } from './decimal-price';
import { type IssueSink } from './issues';
import { LocalTimeResolver, parseTimeText, type WallTime } from './time-text';
import { type DurationMin } from './types';
import type { PriceDriver } from '../../../src-shared/domain/price-drivers';

export interface RowDraft {
  line: number;
  startUtcMs: number;
  durationMin?: DurationMin;
  /**
   * Null when the price was bad: the row still takes its place in time, so it is not also reported
   * as a gap. Undefined when the row has no price yet but carries forecasts (tomorrow before the auction).
   */
  priceUnits: number | null | undefined;
  /** Forecast drivers of the row, kW (mean power; the files give MWh per hour). */
  drivers: Array<{ driver: PriceDriver; kw: number }>;
}

const RESOLUTION = /^(?:PT(15|30|60)M|PT(1)H|(15|30|60)(?:\s*min)?)$/i;
/** SMARD writes "-" where a value is not (yet) published. */
const NO_VALUE = /^(?:|-|\u2212|n\/a)$/i;
const DECIMAL = /^[+-]?\d+(?:[.,]\d+)?$/;

function parseResolution(text: string): DurationMin | null {
  const match = RESOLUTION.exec(text.trim());
  if (!match) return null;
  return asDuration((match[2] === '1' ? 60 : Number(match[1] ?? match[3])) * 60_000);
}

export function asDuration(ms: number): DurationMin | null {
  const minutes = ms / 60_000;
  return minutes === 15 || minutes === 30 || minutes === 60 ? minutes : null;
}

export class RowReader {
  readonly currencies = new Tally();
  readonly units = new Tally();
  readonly areas = new Tally();
  private readonly local: LocalTimeResolver;

  constructor(
    private readonly header: readonly string[],
    private readonly columns: CsvColumns,
    private readonly delimiter: Delimiter,
    private readonly sink: IssueSink,
    /** Where local delivery times are wall-clock times: the zone of the area the file is imported for. */
    zone: string,
  ) {
    this.local = new LocalTimeResolver(zone);
  }

  private cell(row: CsvRow, index: number | undefined): string | undefined {
    return index === undefined ? undefined : row.cells[index];
  }

  private start(row: CsvRow): number | null {
    const field = columnName(this.header, this.columns.time);
    const raw = this.cell(row, this.columns.time) ?? '';
    const parsed = parseTimeText(raw);
    if (parsed.kind === 'invalid') {
      this.sink.add({ code: 'bad_timestamp', line: row.line, field, message: parsed.message });
      return null;
    }
    if (parsed.kind === 'absolute') return parsed.utcMs;
    if (this.columns.format === 'smard-csv') {
      this.sink.add({ code: 'bad_timestamp', line: row.line, field, message: `"${raw}" has no Z or offset; ${field} must be UTC` });
      return null;
    }
    const resolved = this.local.resolve(parsed.wall);
    if (!resolved.ok) {
      this.sink.add({ code: 'nonexistent_local_time', line: row.line, field, message: resolved.message });
      return null;
    }
    return resolved.utcMs;
  }

  private localDuration(end: WallTime, startUtcMs: number, startRaw: string): DurationMin | null {
    const resolved = this.local.resolveEnd(end, startUtcMs);
    const elapsed = resolved.ok ? asDuration(resolved.utcMs - startUtcMs) : null;
    if (elapsed !== null) return elapsed;
    const start = parseTimeText(startRaw);
    return start.kind === 'local' ? asDuration(end.wallMs - start.wall.wallMs) : null;
  }

  /**
   * Local end times are written differently around clock changes ("02:00–03:00" for either
   * repeated hour, "01:00–03:00" for the hour before the spring gap), so both the true elapsed
   * time and the wall-clock difference are tried.
   */
  private duration(row: CsvRow, startUtcMs: number, startRaw: string): DurationMin | undefined | null {
    const endRaw = this.cell(row, this.columns.end);
    const resolutionRaw = this.cell(row, this.columns.resolution);
    if (endRaw !== undefined && endRaw !== '') {
      const field = columnName(this.header, this.columns.end ?? 0);
      const end = parseTimeText(endRaw);
      if (end.kind === 'invalid') {
        this.sink.add({ code: 'bad_timestamp', line: row.line, field, message: end.message });
        return null;
      }
      const found = end.kind === 'absolute' ? asDuration(end.utcMs - startUtcMs) : this.localDuration(end.wall, startUtcMs, startRaw);
      if (found === null) {
        this.sink.add({ code: 'bad_interval', line: row.line, field, message: `interval ${startRaw} – ${endRaw} is not 15, 30 or 60 minutes long` });
      }
      return found;
    }
    if (resolutionRaw !== undefined && resolutionRaw !== '') {
      const found = parseResolution(resolutionRaw);
      if (found === null) {
        const field = columnName(this.header, this.columns.resolution ?? 0);
        this.sink.add({ code: 'bad_resolution', line: row.line, field, message: `resolution "${resolutionRaw}" is not supported; use PT15M, PT30M or PT60M` });
      }
      return found;
    }
    return undefined;
  }

  private drivers(row: CsvRow): RowDraft['drivers'] {
    const found: RowDraft['drivers'] = [];
    for (const { index, driver } of this.columns.drivers) {
      const raw = (this.cell(row, index) ?? '').trim();
      if (NO_VALUE.test(raw)) continue;
      if (!DECIMAL.test(raw) || (raw.includes(',') && this.delimiter === ',')) {
        this.sink.add({ code: 'bad_value', line: row.line, field: columnName(this.header, index), message: `"${raw}" is not a number of MWh` });
        continue;
      }
      found.push({ driver, kw: Math.round(Number(raw.replace(',', '.')) * 1000) + 0 });
    }
    return found;
  }

  private price(row: CsvRow, hasDrivers: boolean): number | null | undefined {
    const raw = this.cell(row, this.columns.price) ?? '';
    // A row with forecasts and no price yet is tomorrow's before the auction: valid, and stored.
    if (hasDrivers && NO_VALUE.test(raw.trim())) return undefined;
    let parsed = parsePriceText(raw, '.');
    if (!parsed.ok && this.delimiter !== ',') {
      const withComma = parsePriceText(raw, ',');
      if (withComma.ok) parsed = withComma;
    }
    if (parsed.ok) return parsed.units;
    this.sink.add({ code: 'bad_price', line: row.line, field: columnName(this.header, this.columns.price), message: parsed.message });
    return null;
  }

  private labels(row: CsvRow): void {
    const currencyRaw = this.cell(row, this.columns.currency);
    const currency = currencyRaw ? normalizeCurrency(currencyRaw) : 'EUR';
    this.currencies.add(currency, row.line);
    const unitRaw = this.cell(row, this.columns.unit);
    const unit = unitRaw ? splitUnit(unitRaw) : { unit: 'MWH' };
    this.units.add(unit.unit, row.line);
    if (unit.currency !== undefined && unit.currency !== currency) {
      this.sink.add({
        code: 'wrong_unit',
        line: row.line,
        field: columnName(this.header, this.columns.unit ?? 0),
        message: `unit "${unitRaw ?? ''}" is in ${unit.currency} but the row's currency is ${currency}`,
      });
    }
    const area = this.cell(row, this.columns.area);
    if (area) this.areas.add(area.trim(), row.line);
  }

  read(row: CsvRow): RowDraft | null {
    if (row.cells.length !== this.header.length) {
      this.sink.add({ code: 'bad_row', line: row.line, message: `row has ${row.cells.length} cells but the header has ${this.header.length}` });
      return null;
    }
    this.labels(row);
    const startUtcMs = this.start(row);
    const drivers = this.drivers(row);
    const priceUnits = this.price(row, drivers.length > 0);
    if (startUtcMs === null) return null;
    const durationMin = this.duration(row, startUtcMs, this.cell(row, this.columns.time) ?? '');
    if (durationMin === null) return null;
    return { line: row.line, startUtcMs, durationMin, priceUnits, drivers };
  }
}

