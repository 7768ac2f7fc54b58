import { ENTSOE_PSR_DRIVERS, type PriceDriver } from '../../../src-shared/domain/price-drivers';
import { normalizeCurrency, Tally } from './currency-unit';
import { parsePriceText } from './decimal-price';
import { formatPath, type EntsoeQuantitySeries, type EntsoeTimeSeries, type LineIndex } from './entsoe-document';
import { parseResolution, PeriodReader, SUPPORTED_CURVES, type Covered, type ParsedValue, type PeriodResult, type RawPeriod, type ValueKind } from './entsoe-periods';
import { type IssueSink } from './issues';
import { checkSingleResolution, type SourcedPoint } from './series-check';
import { auctionOfSequence, type DurationMin, type SeriesSkipReason, type SeriesSummary } from './types';

const PRICE: ValueKind = {
  element: 'price.amount',
  parse: (raw): ParsedValue => {
    const parsed = parsePriceText(raw);
    return parsed.ok ? { ok: true, value: parsed.units } : parsed;
  },
};

/** ENTSO-E quantities are MW (MAW), the mean power of the interval; kept in kW, rounded to 1 kW. */
const QUANTITY: ValueKind = {
  element: 'quantity',
  parse: (raw): ParsedValue => {
    const text = raw.trim();
    if (!/^[+-]?\d+(?:\.\d+)?$/.test(text)) return { ok: false, message: `quantity "${raw}" is not a decimal number` };
    return { ok: true, value: Math.round(Number(text) * 1000) + 0 };
  },
};

/** Points of one kind (prices, or one driver) at one resolution, across every series that holds them. */
export interface SeriesGroup {
  kind: 'price' | PriceDriver;
  durationMin: DurationMin;
  points: SourcedPoint[];
  covered: Covered[];
}

type SummaryBase = Pick<SeriesSummary, 'id' | 'kind' | 'sequence' | 'auction' | 'psrType'>;

function asRawPeriods(periods: ReadonlyArray<{ timeInterval: RawPeriod['timeInterval']; resolution: string; Point: ReadonlyArray<Record<string, string>> }>, element: ValueKind['element']): RawPeriod[] {
  return periods.map((p) => ({ timeInterval: p.timeInterval, resolution: p.resolution, Point: p.Point.map((point) => ({ position: point['position'] ?? '', value: point[element] ?? '' })) }));
}

/**
 * Reads the TimeSeries of an ENTSO-E document into groups of points, keeping series apart by what
 * they hold: a price series of another classificationSequence than the one asked for, or a
 * production type that drives no price, is reported as skipped instead of merged.
 */
export class SeriesReader {
  readonly currencies = new Tally();
  readonly units = new Tally();
  readonly areas = new Tally();
  readonly groups = new Map<string, SeriesGroup>();
  readonly summaries: SeriesSummary[] = [];
  private readonly periods: PeriodReader;

  constructor(
    private readonly lines: LineIndex,
    private readonly sink: IssueSink,
  ) {
    this.periods = new PeriodReader(lines, sink);
  }

  get records(): number {
    return this.periods.records;
  }

  /** A price series (A44): read when its classificationSequence (1 when it has none) is `wanted`. */
  price(ts: EntsoeTimeSeries, s: number, wanted: number): void {
    const path: Array<string | number> = ['TimeSeries', s];
    const label = `TimeSeries ${ts.mRID ?? s + 1}`;
    const sequenceText = ts['classificationSequence_AttributeInstanceComponent.position'];
    const sequence = sequenceText === undefined ? undefined : /^\d+$/.test(sequenceText) ? Number(sequenceText) : NaN;
    if (Number.isNaN(sequence)) {
      const field = 'classificationSequence_AttributeInstanceComponent.position';
      this.sink.add({ code: 'malformed', line: this.lines.lineOf([...path, field]), field: `${formatPath(path)}.${field}`, message: `${label}: classification sequence "${sequenceText ?? ''}" is not a whole number` });
      return;
    }
    const base: SummaryBase = { ...(ts.mRID === undefined ? {} : { id: ts.mRID }), kind: 'price', ...(sequence === undefined ? {} : { sequence }) };
    const raw = asRawPeriods(ts.Period, PRICE.element);
    if ((sequence ?? 1) !== wanted) {
      this.skip(raw, base, 'other_sequence');
      return;
    }
    this.currencies.add(normalizeCurrency(ts['currency_Unit.name']), this.lines.lineOf([...path, 'currency_Unit.name']));
    this.units.add(ts['price_Measure_Unit.name'].toUpperCase(), this.lines.lineOf([...path, 'price_Measure_Unit.name']));
    if (ts['in_Domain.mRID'] !== undefined) this.areas.add(ts['in_Domain.mRID'], this.lines.lineOf([...path, 'in_Domain.mRID']));
    this.read(raw, ts.curveType, s, label, PRICE, { ...base, auction: auctionOfSequence(wanted) });
  }

  /** A forecast series: A69 wind or solar generation (by psrType), A65 load. */
  quantity(ts: EntsoeQuantitySeries, s: number, documentType: 'A65' | 'A69'): void {
    const path: Array<string | number> = ['TimeSeries', s];
    const label = `TimeSeries ${ts.mRID ?? s + 1}`;
    const psrType = ts.MktPSRType?.psrType;
    const driver: PriceDriver | undefined = documentType === 'A65' ? 'load_mwh' : psrType === undefined ? undefined : ENTSOE_PSR_DRIVERS[psrType];
    const raw = asRawPeriods(ts.Period, QUANTITY.element);
    const id = ts.mRID === undefined ? {} : { id: ts.mRID };
    if (driver === undefined) {
      this.skip(raw, { ...id, kind: 'other', ...(psrType === undefined ? {} : { psrType }) }, 'unknown_psr_type');
      return;
    }
    this.units.add(ts['quantity_Measure_Unit.name'].toUpperCase(), this.lines.lineOf([...path, 'quantity_Measure_Unit.name']));
    const zoneField = ts['inBiddingZone_Domain.mRID'] !== undefined ? 'inBiddingZone_Domain.mRID' : 'outBiddingZone_Domain.mRID';
    const zone = ts[zoneField];
    if (zone !== undefined) this.areas.add(zone, this.lines.lineOf([...path, zoneField]));
    this.read(raw, ts.curveType, s, label, QUANTITY, { ...id, kind: driver });
  }

  private read(periods: RawPeriod[], curveType: string | undefined, s: number, label: string, kind: ValueKind, base: SummaryBase): void {
    const curve = curveType ?? 'A01';
    if (!SUPPORTED_CURVES.has(curve)) {
      this.sink.add({ code: 'malformed', line: this.lines.lineOf(['TimeSeries', s, 'curveType']), field: `TimeSeries[${s}].curveType`, message: `${label}: curve type ${curve} is not supported; expected A01 or A03` });
      return;
    }
    const results = periods.map((period, p) => this.periods.read(period, curve, ['TimeSeries', s, 'Period', p], label, kind)).filter((r): r is PeriodResult => r !== null);
    const seriesPoints = results.flatMap((r) => r.points ?? []);
    const durationMin = checkSingleResolution(
      results.map((r) => ({ ...r.covered, durationMin: r.durationMin, priceUnits: 0 })),
      this.sink,
      label,
    );
    if (durationMin === null) return;
    if (base.kind === 'other') return;
    const key = `${base.kind}:${durationMin}`;
    const group = this.groups.get(key) ?? { kind: base.kind, durationMin, points: [], covered: [] };
    group.points.push(...seriesPoints);
    group.covered.push(...results.map((r) => r.covered));
    this.groups.set(key, group);
    this.summaries.push({
      ...base,
      durationMin,
      curveType: curve,
      startUtcMs: Math.min(...results.map((r) => r.covered.startUtcMs)),
      endUtcMs: Math.max(...results.map((r) => r.covered.endUtcMs)),
      points: seriesPoints.length,
    });
  }

  /** A series left out is still reported, with the span it covers and why it was left out. */
  private skip(periods: RawPeriod[], base: SummaryBase, reason: SeriesSkipReason): void {
    const bounds = periods.map((p) => this.periods.bounds(p)).filter((b) => b !== null);
    const durationMin = periods.map((p) => parseResolution(p.resolution)).find((d) => d !== null) ?? 60;
    this.summaries.push({
      ...base,
      durationMin,
      startUtcMs: bounds.length === 0 ? 0 : Math.min(...bounds.map((b) => b.startUtcMs)),
      endUtcMs: bounds.length === 0 ? 0 : Math.max(...bounds.map((b) => b.endUtcMs)),
      points: 0,
      skipped: reason,
    });
  }
}
