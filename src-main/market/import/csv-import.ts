import { deliveryZoneOf } from '../delivery-days';
import { columnName, detectColumns } from './csv-columns';
import { asDuration, RowReader, type RowDraft } from './csv-row-reader';
import { detectDelimiter, readCsvRows } from './csv-rows';
import { checkCurrencyAndUnit, DEFAULT_CURRENCIES, DEFAULT_UNITS } from './currency-unit';
import { readInputText, type ImportInput } from './input-text';
import { IssueSink } from './issues';
import { checkRegularSeries, checkSingleResolution, type SourcedPoint } from './series-check';
import { resolveAreaCode } from './area-code';
import { type DriverPoint, type DurationMin, type ImportOptions, type ImportResult, type PricePoint, type SeriesSummary } from './types';

/** Rows without an end or resolution column are as long as the closest spacing between them. */
function inferDuration(drafts: readonly RowDraft[], fallback: DurationMin | undefined, sink: IssueSink): DurationMin | null {
  if (fallback !== undefined) return fallback;
  const starts = [...new Set(drafts.map((d) => d.startUtcMs))].sort((a, b) => a - b);
  let smallest = Infinity;
  for (let i = 1; i < starts.length; i += 1) smallest = Math.min(smallest, (starts[i] ?? 0) - (starts[i - 1] ?? 0));
  if (smallest === Infinity) return 60;
  const found = asDuration(smallest);
  if (found === null) {
    sink.add({
      code: 'bad_resolution',
      message: `rows are ${smallest / 60_000} minutes apart; only 15-, 30- and 60-minute intervals are supported (add a resolution or delivery_end column if that spacing is a gap)`,
    });
  }
  return found;
}

/**
 * Day-ahead prices from a SMARD-derived export (`utc_start`, `price_eur_mwh`, …) or a generic
 * file with local delivery times (`delivery_start`, `price`, optional `delivery_end`,
 * `resolution`, `currency`, `unit`, `area`), read as wall-clock times of the zone of
 * `options.area` (Europe/Berlin for DE, and when no area is given). Pure: the caller reads the
 * file and stores the result.
 */
export function importPriceCsv(input: ImportInput, options: ImportOptions = {}): ImportResult {
  const sink = new IssueSink(options.maxErrors);
  const text = readInputText(input, options.maxBytes, sink);
  if (text === null) return sink.failure();
  const delimiter = detectDelimiter(text);
  const rows = readCsvRows(text, delimiter, sink);
  if (rows === null) return sink.failure();
  const [headerRow, ...dataRows] = rows;
  if (headerRow === undefined || dataRows.length === 0) {
    sink.add({ code: 'empty', line: headerRow?.line, message: headerRow ? 'file has a header but no data rows' : 'file is empty' });
    return sink.failure();
  }
  const columns = detectColumns(headerRow.cells, headerRow.line, sink);
  if (columns === null) return sink.failure();

  const reader = new RowReader(headerRow.cells, columns, delimiter, sink, deliveryZoneOf(options.area));
  const drafts = dataRows.map((row) => reader.read(row)).filter((d): d is RowDraft => d !== null);
  const labels = checkCurrencyAndUnit(
    {
      currencies: reader.currencies,
      units: reader.units,
      allowedCurrencies: options.allowedCurrencies ?? DEFAULT_CURRENCIES,
      allowedUnits: options.allowedUnits ?? DEFAULT_UNITS,
      currencyField: columns.currency === undefined ? 'price_eur_mwh' : columnName(headerRow.cells, columns.currency),
      unitField: columns.unit === undefined ? 'price_eur_mwh' : columnName(headerRow.cells, columns.unit),
    },
    sink,
  );
  const areas = reader.areas.entries();
  if (areas.length > 1) {
    sink.add({ code: 'mixed_area', field: 'area', message: `more than one area in one file: ${areas.map((a) => `${a.value} (first on line ${a.line ?? '?'})`).join(', ')}` });
  }

  const needsInference = drafts.some((d) => d.durationMin === undefined);
  const inferred = needsInference ? inferDuration(drafts, options.durationMin, sink) : null;
  // Every row takes its place in time, priced or not, so the file is checked as one series.
  const timed: Array<SourcedPoint & { draft: RowDraft }> = [];
  for (const d of drafts) {
    const durationMin = d.durationMin ?? inferred;
    if (durationMin !== null) timed.push({ line: d.line, startUtcMs: d.startUtcMs, durationMin, priceUnits: d.priceUnits ?? 0, draft: d });
  }
  const resolution = checkSingleResolution(timed, sink);
  const sorted = resolution === null ? timed : (checkRegularSeries(timed, sink) as typeof timed);
  const area = resolveAreaCode(areas[0]?.value ?? options.area, sink, areas[0] === undefined ? 'area' : columnName(headerRow.cells, columns.area ?? 0), areas[0]?.line);
  if (sink.count > 0 || labels === null || area === null) return sink.failure();

  const clean: PricePoint[] = sorted.flatMap(({ startUtcMs, durationMin, draft }) => (typeof draft.priceUnits === 'number' ? [{ startUtcMs, durationMin, priceUnits: draft.priceUnits }] : []));
  const drivers: DriverPoint[] = sorted
    .flatMap(({ startUtcMs, durationMin, draft }) => draft.drivers.map(({ driver, kw }) => ({ driver, startUtcMs, durationMin, kw })))
    .sort((a, b) => a.driver.localeCompare(b.driver) || a.startUtcMs - b.startUtcMs);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined || resolution === null || (clean.length === 0 && drivers.length === 0)) {
    sink.add({ code: 'empty', message: 'file has no usable rows' });
    return sink.failure();
  }
  const endUtcMs = last.startUtcMs + last.durationMin * 60_000;
  const series: SeriesSummary[] = [];
  const span = (points: ReadonlyArray<{ startUtcMs: number; durationMin: number }>): { startUtcMs: number; endUtcMs: number } => {
    const end = points[points.length - 1];
    return { startUtcMs: points[0]?.startUtcMs ?? first.startUtcMs, endUtcMs: end === undefined ? endUtcMs : end.startUtcMs + end.durationMin * 60_000 };
  };
  if (clean.length > 0) series.push({ kind: 'price', auction: 'official', durationMin: resolution, ...span(clean), points: clean.length });
  for (const { driver } of columns.drivers) {
    const own = drivers.filter((d) => d.driver === driver);
    if (own.length > 0) series.push({ kind: driver, durationMin: resolution, ...span(own), points: own.length });
  }
  return {
    ok: true,
    points: clean,
    auction: 'official',
    drivers,
    ...(area === undefined ? {} : { area }),
    currency: labels.currency,
    meta: {
      format: columns.format,
      unit: labels.unit,
      firstStartUtcMs: first.startUtcMs,
      endUtcMs,
      pointCount: clean.length,
      recordCount: dataRows.length,
      series,
    },
  };
}
