import { normalizeCurrency, Tally } from './currency-unit';
import { parsePriceText } from './decimal-price';
import { formatPath, type EntsoePeriod, type EntsoeTimeSeries, type LineIndex } from './entsoe-document';
import { isoInterval, type IssueSink } from './issues';
import { checkSingleResolution, type SourcedPoint } from './series-check';
import { parseTimeText } from './time-text';
import { type DurationMin, type SeriesSummary } from './types';

const SUPPORTED_CURVES = new Set(['A01', 'A03']);

function parseResolution(text: string): DurationMin | null {
  if (text === 'PT15M') return 15;
  if (text === 'PT60M' || text === 'PT1H') return 60;
  return null;
}

export interface Covered {
  startUtcMs: number;
  endUtcMs: number;
  line: number | undefined;
}

interface PeriodResult {
  /** Null when a point was bad; the period still counts as covered so it is not also reported as a gap. */
  points: SourcedPoint[] | null;
  covered: Covered;
  durationMin: DurationMin;
}

export class SeriesReader {
  readonly currencies = new Tally();
  readonly units = new Tally();
  readonly areas = new Tally();
  readonly points: SourcedPoint[] = [];
  readonly covered = new Map<DurationMin, Covered[]>();
  readonly summaries: SeriesSummary[] = [];
  records = 0;

  constructor(
    private readonly lines: LineIndex,
    private readonly sink: IssueSink,
  ) {}

  private instant(raw: string, field: string, line: number | undefined): number | null {
    const parsed = parseTimeText(raw);
    if (parsed.kind === 'absolute') return parsed.utcMs;
    const message = parsed.kind === 'invalid' ? parsed.message : `"${raw}" has no Z or offset`;
    this.sink.add({ code: 'bad_timestamp', line, field, message });
    return null;
  }

  /**
   * Positions count intervals from the period start. A01 lists every position; A03 leaves out
   * positions whose price equals the one before, so those are filled, including to the end.
   */
  private period(period: EntsoePeriod, curve: string, path: Array<string | number>, label: string): PeriodResult | null {
    const line = this.lines.lineOf(path);
    const field = formatPath(path);
    const start = this.instant(period.timeInterval.start, `${field}.timeInterval.start`, line);
    const end = this.instant(period.timeInterval.end, `${field}.timeInterval.end`, line);
    const durationMin = parseResolution(period.resolution);
    if (durationMin === null) {
      this.sink.add({ code: 'bad_resolution', line, field: `${field}.resolution`, message: `${label}: resolution ${period.resolution} is not supported; expected PT15M or PT60M` });
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
    const prices = new Map<number, { units: number; line: number | undefined }>();
    let bad = false;
    period.Point.forEach((point, k) => {
      this.records += 1;
      const pointLine = this.lines.lineOf([...path, 'Point', k]);
      const priceLine = this.lines.lineOf([...path, 'Point', k, 'price.amount']);
      const pointField = `${field}.Point[${k}]`;
      const position = /^\d+$/.test(point.position) ? Number(point.position) : NaN;
      if (!Number.isSafeInteger(position) || position < 1 || position > count) {
        this.sink.add({ code: 'bad_position', line: this.lines.lineOf([...path, 'Point', k, 'position']), field: `${pointField}.position`, message: `${label}: position "${point.position}" is outside 1…${count}` });
        bad = true;
        return;
      }
      const interval = isoInterval(start + (position - 1) * step, start + position * step);
      const price = parsePriceText(point['price.amount']);
      if (!price.ok) {
        this.sink.add({ code: 'bad_price', line: priceLine, interval, field: `${pointField}.price.amount`, message: `${label}: ${price.message}` });
        bad = true;
        return;
      }
      const earlier = prices.get(position);
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
      prices.set(position, { units: price.units, line: pointLine });
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
      const given = prices.get(position);
      const units = given?.units ?? (curve === 'A03' ? previous : undefined);
      if (units === undefined) {
        missingFrom ??= position;
        continue;
      }
      reportMissing(position - 1);
      previous = units;
      points.push({ startUtcMs: start + (position - 1) * step, durationMin, priceUnits: units, line: given?.line });
    }
    reportMissing(count);
    return { points: points.length === count ? points : null, covered, durationMin };
  }

  series(ts: EntsoeTimeSeries, s: number): void {
    const path: Array<string | number> = ['TimeSeries', s];
    const label = `TimeSeries ${ts.mRID ?? s + 1}`;
    this.currencies.add(normalizeCurrency(ts['currency_Unit.name']), this.lines.lineOf([...path, 'currency_Unit.name']));
    this.units.add(ts['price_Measure_Unit.name'].toUpperCase(), this.lines.lineOf([...path, 'price_Measure_Unit.name']));
    if (ts['in_Domain.mRID'] !== undefined) this.areas.add(ts['in_Domain.mRID'], this.lines.lineOf([...path, 'in_Domain.mRID']));
    const curve = ts.curveType ?? 'A01';
    if (!SUPPORTED_CURVES.has(curve)) {
      this.sink.add({ code: 'malformed', line: this.lines.lineOf([...path, 'curveType']), field: `TimeSeries[${s}].curveType`, message: `${label}: curve type ${curve} is not supported; expected A01 or A03` });
      return;
    }
    const results = ts.Period.map((period, p) => this.period(period, curve, ['TimeSeries', s, 'Period', p], label)).filter((r): r is PeriodResult => r !== null);
    const seriesPoints = results.flatMap((r) => r.points ?? []);
    const durationMin = checkSingleResolution(
      results.map((r) => ({ ...r.covered, durationMin: r.durationMin, priceUnits: 0 })),
      this.sink,
      label,
    );
    if (durationMin === null) return;
    this.points.push(...seriesPoints);
    const list = this.covered.get(durationMin) ?? [];
    list.push(...results.map((r) => r.covered));
    this.covered.set(durationMin, list);
    this.summaries.push({
      ...(ts.mRID === undefined ? {} : { id: ts.mRID }),
      durationMin,
      curveType: curve,
      startUtcMs: Math.min(...results.map((r) => r.covered.startUtcMs)),
      endUtcMs: Math.max(...results.map((r) => r.covered.endUtcMs)),
      points: seriesPoints.length,
    });
  }
}

