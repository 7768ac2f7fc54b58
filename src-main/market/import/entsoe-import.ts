import { isPriceDriver } from '../../../src-shared/domain/price-drivers';
import { resolveAreaCode } from './area-code';
import { checkCurrencyAndUnit, DEFAULT_CURRENCIES, DEFAULT_UNITS } from './currency-unit';
import { parseEntsoeXml, type EntsoeQuantityDocument, type LineIndex } from './entsoe-document';
import { type Covered } from './entsoe-periods';
import { SeriesReader, type SeriesGroup } from './entsoe-series';
import { readInputText, type ImportInput } from './input-text';
import { isoInterval, IssueSink } from './issues';
import { checkRegularSeries } from './series-check';
import { auctionOfSequence, type DriverPoint, type ImportFormat, type ImportOptions, type ImportResult, type PricePoint } from './types';

const DAY_AHEAD_PRICES = 'A44';
/** Forecast documents whose values drive the day-ahead price. */
const FORECASTS = { A69: 'entsoe-a69', A65: 'entsoe-a65' } as const satisfies Record<string, ImportFormat>;
/** Process type A01 = day ahead: the forecast published before the auction. Intraday or realised values would be look-ahead. */
const DAY_AHEAD_PROCESS = 'A01';
/** Generation and load forecasts are given in MW. */
const MEGAWATT = 'MAW';

/** Periods of one kind and resolution must follow each other without holes, across TimeSeries too. */
function checkCoverage(group: SeriesGroup, sink: IssueSink): void {
  const sorted: Covered[] = [...group.covered].sort((a, b) => a.startUtcMs - b.startUtcMs);
  for (let i = 1; i < sorted.length; i += 1) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev === undefined || cur === undefined || cur.startUtcMs <= prev.endUtcMs) continue;
    const interval = isoInterval(prev.endUtcMs, cur.startUtcMs);
    sink.add({ code: 'missing_interval', line: cur.line, interval, message: `${labelOf(group)}: no Period covers ${interval}` });
  }
}

function labelOf(group: SeriesGroup): string {
  return group.kind === 'price' ? `${group.durationMin}-minute prices` : `${group.durationMin}-minute ${group.kind}`;
}

function quantityFormat(doc: EntsoeQuantityDocument, lines: LineIndex, sink: IssueSink): ImportFormat | null {
  const format = doc.type === 'A69' || doc.type === 'A65' ? FORECASTS[doc.type] : null;
  if (format === null) {
    sink.add({ code: 'wrong_document', line: lines.lineOf(['type']), field: 'type', message: `document type ${doc.type} is not A69 (wind and solar forecast) or A65 (load forecast)` });
    return null;
  }
  const process = doc['process.processType'];
  if (process !== undefined && process !== DAY_AHEAD_PROCESS) {
    sink.add({
      code: 'wrong_document',
      line: lines.lineOf(['process.processType']),
      field: 'process.processType',
      message: `process type ${process} is not A01 (day ahead): only forecasts published before the auction can drive a day-ahead forecast`,
    });
    return null;
  }
  return format;
}

/**
 * ENTSO-E Transparency Platform documents: day-ahead prices (Publication_MarketDocument, type
 * A44), and the forecasts that drive them (GL_MarketDocument: A69 wind and solar generation, A65
 * total load, day-ahead process only). Price series of one classificationSequence are read (1, the
 * official coupling price, unless `options.sequence` says otherwise), others are reported as
 * skipped; a day published at both PT60M and PT15M yields both sets of points. Each kind and
 * resolution is checked on its own for repeats and holes.
 */
export function importEntsoeXml(input: ImportInput, options: ImportOptions = {}): ImportResult {
  const sink = new IssueSink(options.maxErrors);
  const text = readInputText(input, options.maxBytes, sink);
  if (text === null) return sink.failure();
  const parsed = parseEntsoeXml(text, sink);
  if (parsed === null) return sink.failure();
  const { lines } = parsed;
  const reader = new SeriesReader(lines, sink);
  const sequence = options.sequence ?? 1;
  let format: ImportFormat;
  let labels: { currency: string | null; unit: string } | null;
  if (parsed.kind === 'prices') {
    if (parsed.doc.type !== DAY_AHEAD_PRICES) {
      sink.add({ code: 'wrong_document', line: lines.lineOf(['type']), field: 'type', message: `document type ${parsed.doc.type} is not ${DAY_AHEAD_PRICES} (day-ahead prices)` });
      return sink.failure();
    }
    format = 'entsoe-a44';
    parsed.doc.TimeSeries.forEach((ts, s) => reader.price(ts, s, sequence));
    labels = checkCurrencyAndUnit(
      {
        currencies: reader.currencies,
        units: reader.units,
        allowedCurrencies: options.allowedCurrencies ?? DEFAULT_CURRENCIES,
        allowedUnits: options.allowedUnits ?? DEFAULT_UNITS,
        currencyField: 'currency_Unit.name',
        unitField: 'price_Measure_Unit.name',
      },
      sink,
    );
  } else {
    const found = quantityFormat(parsed.doc, lines, sink);
    if (found === null) return sink.failure();
    format = found;
    const type = parsed.doc.type as 'A69' | 'A65';
    parsed.doc.TimeSeries.forEach((ts, s) => reader.quantity(ts, s, type));
    const wrong = reader.units.entries().find((u) => u.value !== MEGAWATT);
    if (wrong) sink.add({ code: 'wrong_unit', line: wrong.line, field: 'quantity_Measure_Unit.name', message: `quantity unit "${wrong.value}" is not accepted; expected ${MEGAWATT} (MW)` });
    labels = { currency: null, unit: MEGAWATT };
  }
  const zones = reader.areas.entries();
  if (zones.length > 1) {
    sink.add({ code: 'mixed_area', field: 'in_Domain.mRID', message: `more than one bidding zone in one file: ${zones.map((a) => a.value).join(', ')}` });
  }
  const zone = zones[0];
  const area = resolveAreaCode(zone?.value ?? options.area, sink, zone === undefined ? 'area' : 'in_Domain.mRID', zone?.line);
  const groups = [...reader.groups.values()];
  for (const group of groups) {
    group.points = checkRegularSeries(group.points, sink, labelOf(group), { gaps: false });
    checkCoverage(group, sink);
  }
  if (groups.length === 0 && sink.count === 0) {
    const sequences = [...new Set(reader.summaries.flatMap((s) => (s.sequence === undefined ? [] : [s.sequence])))].sort((a, b) => a - b);
    const asked = parsed.kind === 'prices' && sequences.length > 0 ? `: no series has classification sequence ${sequence} (the document has ${sequences.join(', ')})` : ': every series was skipped';
    sink.add({ code: 'no_data', message: `nothing to import${asked}` });
  }
  if (sink.count > 0 || labels === null || area === null) return sink.failure();

  const points: PricePoint[] = groups
    .filter((g) => g.kind === 'price')
    .flatMap((g) => g.points.map(({ startUtcMs, durationMin, priceUnits }) => ({ startUtcMs, durationMin, priceUnits })))
    .sort((a, b) => a.startUtcMs - b.startUtcMs || a.durationMin - b.durationMin);
  const drivers: DriverPoint[] = groups
    .flatMap((g) => (g.kind !== 'price' && isPriceDriver(g.kind) ? g.points.map((p) => ({ driver: g.kind as DriverPoint['driver'], startUtcMs: p.startUtcMs, durationMin: p.durationMin, kw: p.priceUnits })) : []))
    .sort((a, b) => a.driver.localeCompare(b.driver) || a.startUtcMs - b.startUtcMs || a.durationMin - b.durationMin);
  const read = reader.summaries.filter((s) => s.skipped === undefined);
  return {
    ok: true,
    points,
    auction: auctionOfSequence(sequence),
    drivers,
    ...(area === undefined ? {} : { area }),
    currency: labels.currency,
    meta: {
      format,
      unit: labels.unit,
      firstStartUtcMs: Math.min(...read.map((s) => s.startUtcMs)),
      endUtcMs: Math.max(...read.map((s) => s.endUtcMs)),
      pointCount: points.length,
      recordCount: reader.records,
      series: reader.summaries,
      ...(parsed.doc.mRID === undefined ? {} : { documentId: parsed.doc.mRID }),
      ...(parsed.doc.createdDateTime === undefined ? {} : { createdUtc: parsed.doc.createdDateTime }),
    },
  };
}
