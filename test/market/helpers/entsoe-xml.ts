/** Builds ENTSO-E A44 documents shaped like the real SE4 fixture, for cases no stored file covers. */
export interface PeriodSpec {
  start: string;
  end: string;
  resolution?: string;
  /** [position, price text]; position may be any text to test bad input. */
  points: Array<[number | string, string]>;
}

export interface SeriesSpec {
  mRID?: string;
  area?: string;
  currency?: string;
  unit?: string;
  curveType?: string | null;
  periods: PeriodSpec[];
}

export function period(start: string, end: string, prices: string[], resolution = 'PT60M'): PeriodSpec {
  return { start, end, resolution, points: prices.map((p, i) => [i + 1, p]) };
}

export function entsoeXml(series: SeriesSpec[], type = 'A44'): string {
  const ts = series
    .map((s, i) => {
      const periods = s.periods
        .map(
          (p) => `
		<Period>
			<timeInterval>
				<start>${p.start}</start>
				<end>${p.end}</end>
			</timeInterval>
			<resolution>${p.resolution ?? 'PT60M'}</resolution>${p.points
              .map(
                ([pos, price]) => `
			<Point>
				<position>${pos}</position>
				<price.amount>${price}</price.amount>
			</Point>`,
              )
              .join('')}
		</Period>`,
        )
        .join('');
      const curve = s.curveType === null ? '' : `\n\t\t<curveType>${s.curveType ?? 'A01'}</curveType>`;
      return `
	<TimeSeries>
		<mRID>${s.mRID ?? i + 1}</mRID>
		<businessType>A62</businessType>
		<in_Domain.mRID codingScheme="A01">${s.area ?? '10Y1001A1001A82H'}</in_Domain.mRID>
		<out_Domain.mRID codingScheme="A01">${s.area ?? '10Y1001A1001A82H'}</out_Domain.mRID>
		<currency_Unit.name>${s.currency ?? 'EUR'}</currency_Unit.name>
		<price_Measure_Unit.name>${s.unit ?? 'MWH'}</price_Measure_Unit.name>${curve}${periods}
	</TimeSeries>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Publication_MarketDocument
	xmlns="urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3">
	<mRID>test-document</mRID>
	<revisionNumber>1</revisionNumber>
	<type>${type}</type>
	<createdDateTime>2025-10-01T10:00:00Z</createdDateTime>${ts}
</Publication_MarketDocument>
`;
}

/** n prices "1.00", "2.00", … so a point's price names its position. */
export function numbered(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, i) => `${i + 1 + offset}.00`);
}

/** `days` × 24 rows of a SMARD CSV (utc_start, price_eur_mwh, …) from the row starting `fromIso`, as an A44 document for `area`, one TimeSeries a day. */
export function smardDaysAsEntsoe(csv: string, fromIso: string, days: number, area: string): string {
  const rows = csv.trim().split(/\r?\n/).slice(1);
  const first = rows.findIndex((r) => r.startsWith(fromIso));
  if (first < 0) throw new Error(`no row starts at ${fromIso}`);
  const minute = (ms: number): string => new Date(ms).toISOString().slice(0, 16) + 'Z';
  const series: SeriesSpec[] = [];
  for (let d = 0; d < days; d++) {
    const day = rows.slice(first + d * 24, first + (d + 1) * 24).map((r) => r.split(','));
    const start = Date.parse(day[0]?.[0] ?? '');
    series.push({ area, periods: [period(minute(start), minute(start + 24 * 3_600_000), day.map((cells) => cells[1] ?? ''))] });
  }
  return entsoeXml(series);
}
