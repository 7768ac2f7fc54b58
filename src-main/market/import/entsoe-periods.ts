import { formatPath, type LineIndex } from './entsoe-document';
import { isoInterval, type IssueSink } from './issues';
import { type SourcedPoint } from './series-check';
import { parseTimeText } from './time-text';
import { type DurationMin } from './types';

export const SUPPORTED_CURVES = new Set(['A01', 'A03']);

export function parseResolution(text: string): DurationMin | null {
  if (text === 'PT15M') return 15;
  if (text === 'PT30M') return 30;
  if (text === 'PT60M' || text === 'PT1H') return 60;
  return null;
}

export interface Covered {
  startUtcMs: number;
  endUtcMs: number;
  line: number | undefined;
}

export interface PeriodResult {
  /** Null when a point was bad; the period still counts as covered so it is not also reported as a gap. */
  points: SourcedPoint[] | null;
  covered: Covered;
  durationMin: DurationMin;
}

/** A Period as both document kinds have it; `value` is the text of its price.amount or quantity. */
export interface RawPeriod {
  timeInterval: { start: string; end: string };
  resolution: string;
  Point: ReadonlyArray<{ position: string; value: string }>;
}

export type ParsedValue = { ok: true; value: number } | { ok: false; message: string };

export interface ValueKind {
  /** Element name of the value inside a Point, for error fields. */
  element: 'price.amount' | 'quantity';
  parse(raw: string): ParsedValue;
}

/**
 * Reads Periods of one TimeSeries into points whose `priceUnits` holds the series' value in its
 * own integer unit (price units for prices, kW for quantities), reporting every problem by line.
 */
export class PeriodReader {
  records = 0;

  constructor(
    private readonly lines: LineIndex,
    private readonly sink: IssueSink,
  ) {}

  instant(raw: string, field: string, line: number | undefined): number | null {
    const parsed = parseInstant(raw);
    if (parsed.ok) return parsed.utcMs;
    this.sink.add({ code: 'bad_timestamp', line, field, message: parsed.message });
    return null;
  }

  /** The UTC bounds of a period without reading its points (for a skipped series' report). */
  bounds(period: RawPeriod): { startUtcMs: number; endUtcMs: number } | null {
    const start = parseInstant(period.timeInterval.start);
    const end = parseInstant(period.timeInterval.end);
    return start.ok && end.ok ? { startUtcMs: start.utcMs, endUtcMs: end.utcMs } : null;
  }

  /**
   * Positions count intervals from the period start. A01 lists every position; A03 leaves out
   * positions whose value equals the one before, so those are filled, including to the end.
   */
  read(period: RawPeriod, curve: string, path: Array<string | number>, label: string, kind: ValueKind): PeriodResult | null {
    const line = this.lines.lineOf(path);
    const field = formatPath(path);
    const start = this.instant(period.timeInterval.start, `${field}.timeInterval.start`, line);
    const end = this.instant(period.timeInterval.end, `${field}.timeInterval.end`, line);
    const durationMin = parseResolution(period.resolution);
    if (durationMin === null) {
      this.sink.add({ code: 'bad_resolution', line, field: `${field}.resolution`, message: `${label}: resolution ${period.resolution} is not supported; expected PT15M, PT30M or PT60M` });
    }
    if (start === null || end === null || durationMin === null) return null;
    const step = durationMin * 60_000;
    const span = end - start;
    if (span <= 0 || span % step !== 0) {
      this.sink.add({
        code: 'bad_interval',
        line,
        interval: isoInterval(start, Math.max(start, end)),
        field: `${field}.timeInterval`,
        message: `${label}: period ${period.timeInterval.start} – ${period.timeInterval.end} is not a whole number of ${durationMin}-minute intervals`,
      });
      return null;
    }
    const count = span / step;
    const covered = { startUtcMs: start, endUtcMs: end, line };
    const values = new Map<number, { value: number; line: number | undefined }>();
    let bad = false;
    period.Point.forEach((point, k) => {
      this.records += 1;
      const pointLine = this.lines.lineOf([...path, 'Point', k]);
      const valueLine = this.lines.lineOf([...path, 'Point', k, kind.element]);
      const pointField = `${field}.Point[${k}]`;
      const position = /^\d+$/.test(point.position) ? Number(point.position) : NaN;
      if (!Number.isSafeInteger(position) || position < 1 || position > count) {
        this.sink.add({ code: 'bad_position', line: this.lines.lineOf([...path, 'Point', k, 'position']), field: `${pointField}.position`, message: `${label}: position "${point.position}" is outside 1…${count}` });
        bad = true;
        return;
      }
      const interval = isoInterval(start + (position - 1) * step, start + position * step);
      const parsed = kind.parse(point.value);
      if (!parsed.ok) {
        this.sink.add({ code: 'bad_price', line: valueLine, interval, field: `${pointField}.${kind.element}`, message: `${label}: ${parsed.message}` });
        bad = true;
        return;
      }
      const earlier = values.get(position);
      if (earlier) {
        this.sink.add({
          code: 'duplicate_interval',
          line: pointLine,
          interval,
          field: `${pointField}.position`,
          message: `${label}: position ${position} appears more than once${earlier.line === undefined ? '' : ` (also line ${earlier.line})`}`,
        });
        bad = true;
        return;
      }
      values.set(position, { value: parsed.value, line: pointLine });
    });
    if (bad) return { points: null, covered, durationMin };

    const points: SourcedPoint[] = [];
    let previous: number | undefined;
    let missingFrom: number | undefined;
    const reportMissing = (upTo: number): void => {
      if (missingFrom === undefined) return;
      const n = upTo - missingFrom + 1;
      const interval = isoInterval(start + (missingFrom - 1) * step, start + upTo * step);
      const which = n === 1 ? `position ${missingFrom} is` : `positions ${missingFrom}–${upTo} are`;
      const why = curve === 'A03' ? 'an A03 curve must give position 1' : 'curve type A01 lists every position';
      this.sink.add({ code: 'missing_interval', line, interval, field: `${field}.Point`, message: `${label}: ${which} missing (${interval}); ${why}` });
      missingFrom = undefined;
    };
    for (let position = 1; position <= count; position += 1) {
      const given = values.get(position);
      const value = given?.value ?? (curve === 'A03' ? previous : undefined);
      if (value === undefined) {
        missingFrom ??= position;
        continue;
      }
      reportMissing(position - 1);
      previous = value;
      points.push({ startUtcMs: start + (position - 1) * step, durationMin, priceUnits: value, line: given?.line });
    }
    reportMissing(count);
    return { points: points.length === count ? points : null, covered, durationMin };
  }
}

function parseInstant(raw: string): { ok: true; utcMs: number } | { ok: false; message: string } {
  const parsed = parseTimeText(raw);
  if (parsed.kind === 'absolute') return { ok: true, utcMs: parsed.utcMs };
  return { ok: false, message: parsed.kind === 'invalid' ? parsed.message : `"${raw}" has no Z or offset` };
}
