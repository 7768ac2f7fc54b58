import { checkCurrencyAndUnit, DEFAULT_CURRENCIES, DEFAULT_UNITS } from './currency-unit';
import { parseEntsoeXml } from './entsoe-document';
import { SeriesReader, type Covered } from './entsoe-series';
import { readInputText, type ImportInput } from './input-text';
import { isoInterval, IssueSink } from './issues';
import { checkRegularSeries, type SourcedPoint } from './series-check';
import { type DurationMin, type ImportOptions, type ImportResult, type PricePoint } from './types';

const DAY_AHEAD_PRICES = 'A44';

/** Periods of one resolution must follow each other without holes, across TimeSeries too. */
function checkCoverage(durationMin: DurationMin, covered: Covered[], sink: IssueSink): void {
  const sorted = [...covered].sort((a, b) => a.startUtcMs - b.startUtcMs);
  for (let i = 1; i < sorted.length; i += 1) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev === undefined || cur === undefined || cur.startUtcMs <= prev.endUtcMs) continue;
    const interval = isoInterval(prev.endUtcMs, cur.startUtcMs);
    sink.add({
      code: 'missing_interval',
      line: cur.line,
      interval,
      message: `${durationMin}-minute prices: no Period covers ${interval}`,
    });
  }
}

/**
 * ENTSO-E Transparency Platform day-ahead prices (Publication_MarketDocument, type A44).
 * Several TimeSeries are merged; a day published at both PT60M and PT15M yields both sets of
 * points (tell them apart by durationMin), each checked on its own for repeats and holes.
 */
export function importEntsoeXml(input: ImportInput, options: ImportOptions = {}): ImportResult {
  const sink = new IssueSink(options.maxErrors);
  const text = readInputText(input, options.maxBytes, sink);
  if (text === null) return sink.failure();
  const parsed = parseEntsoeXml(text, sink);
  if (parsed === null) return sink.failure();
  const { doc, lines } = parsed;
  if (doc.type !== DAY_AHEAD_PRICES) {
    sink.add({ code: 'wrong_document', line: lines.lineOf(['type']), field: 'type', message: `document type ${doc.type} is not ${DAY_AHEAD_PRICES} (day-ahead prices)` });
    return sink.failure();
  }
  const reader = new SeriesReader(lines, sink);
  doc.TimeSeries.forEach((ts, s) => reader.series(ts, s));
  const labels = checkCurrencyAndUnit(
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
  const areas = reader.areas.entries();
  if (areas.length > 1) {
    sink.add({ code: 'mixed_area', field: 'in_Domain.mRID', message: `more than one bidding zone in one file: ${areas.map((a) => a.value).join(', ')}` });
  }
  const sorted: SourcedPoint[] = [];
  for (const durationMin of [60, 15] as const) {
    const group = reader.points.filter((p) => p.durationMin === durationMin);
    sorted.push(...checkRegularSeries(group, sink, `${durationMin}-minute prices`, { gaps: false }));
    checkCoverage(durationMin, reader.covered.get(durationMin) ?? [], sink);
  }
  if (sink.count > 0 || labels === null) return sink.failure();

  const points: PricePoint[] = sorted
    .map(({ startUtcMs, durationMin, priceUnits }) => ({ startUtcMs, durationMin, priceUnits }))
    .sort((a, b) => a.startUtcMs - b.startUtcMs || a.durationMin - b.durationMin);
  const area = areas[0]?.value;
  return {
    ok: true,
    points,
    ...(area === undefined ? {} : { area }),
    currency: labels.currency,
    meta: {
      format: 'entsoe-a44',
      unit: labels.unit,
      firstStartUtcMs: Math.min(...reader.summaries.map((s) => s.startUtcMs)),
      endUtcMs: Math.max(...reader.summaries.map((s) => s.endUtcMs)),
      pointCount: points.length,
      recordCount: reader.records,
      series: reader.summaries,
      ...(doc.mRID === undefined ? {} : { documentId: doc.mRID }),
      ...(doc.createdDateTime === undefined ? {} : { createdUtc: doc.createdDateTime }),
    },
  };
}
