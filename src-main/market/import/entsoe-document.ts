import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { type IssueSink } from './issues';

const text = z.string().trim().min(1, 'is empty');

const PointSchema = z.object({ position: text, 'price.amount': text });
const PeriodSchema = z.object({
  timeInterval: z.object({ start: text, end: text }),
  resolution: text,
  Point: z.array(PointSchema).min(1, 'has no Point'),
});
const TimeSeriesSchema = z.object({
  mRID: text.optional(),
  'in_Domain.mRID': text.optional(),
  'currency_Unit.name': text,
  'price_Measure_Unit.name': text,
  curveType: text.optional(),
  Period: z.array(PeriodSchema).min(1, 'has no Period'),
});
const DocumentSchema = z.object({
  mRID: text.optional(),
  type: text,
  createdDateTime: text.optional(),
  TimeSeries: z.array(TimeSeriesSchema).min(1, 'has no TimeSeries'),
});

export type EntsoeDocument = z.infer<typeof DocumentSchema>;
export type EntsoeTimeSeries = z.infer<typeof TimeSeriesSchema>;
export type EntsoePeriod = z.infer<typeof PeriodSchema>;

const REPEATED = new Set(['TimeSeries', 'Period', 'Point']);
const ROOT = 'Publication_MarketDocument';

/** Line numbers of parsed nodes, so errors deep in a 100-day file point at the right Point. */
export class LineIndex {
  private readonly newlines: number[] = [];
  private readonly meta = XMLParser.getMetaDataSymbol();

  constructor(
    private readonly source: string,
    private readonly root: unknown,
  ) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.newlines.push(i);
  }

  private lineAt(index: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.newlines[mid] ?? Infinity) < index) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  private startOf(node: unknown): number | undefined {
    if (typeof node !== 'object' || node === null) return undefined;
    return (node as Record<symbol, { startIndex?: number } | undefined>)[this.meta as symbol]?.startIndex;
  }

  /** `<name>` or `<name attr="…">`, not `<name.other>`. */
  private findTag(name: string, from: number): number {
    for (let at = this.source.indexOf(`<${name}`, from); at !== -1; at = this.source.indexOf(`<${name}`, at + 1)) {
      const next = this.source[at + name.length + 1];
      if (next === '>' || next === '/' || next === ' ' || next === '\t' || next === '\n' || next === '\r') return at;
    }
    return -1;
  }

  /**
   * Line of the element at `path` (below the document root). Text-only elements carry no
   * position from the parser, so their tag is looked up in the source after their parent's
   * start; when the element is missing altogether the parent's line is the best pointer.
   */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined {
    let node: unknown = this.root;
    let start = this.startOf(node);
    for (const key of path) {
      if (typeof node !== 'object' || node === null) break;
      const child: unknown = (node as Record<PropertyKey, unknown>)[key];
      const childStart = this.startOf(child);
      if (childStart !== undefined) start = childStart;
      else if (typeof key === 'string' && start !== undefined && child !== undefined) {
        const tag = this.findTag(key, start);
        if (tag !== -1) start = tag;
      }
      node = child;
    }
    return start === undefined ? undefined : this.lineAt(start);
  }
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}${out === '' ? '' : '.'}${String(key)}`), '');
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  // An index names no element; the nearest name above it does.
  const last = [...issue.path].reverse().find((key) => typeof key === 'string');
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `<${String(last)}> is missing`;
  if (issue.code === 'invalid_type' && issue.expected === 'string') return `<${String(last)}> must hold plain text`;
  return `<${String(last ?? ROOT)}> ${issue.message}`;
}

export interface ParsedEntsoe {
  doc: EntsoeDocument;
  lines: LineIndex;
}

/**
 * XML text → a checked document tree. fast-xml-parser is lenient (an unclosed tag still
 * parses), so the text goes through its validator first; values are kept as text so prices
 * never pass through a float.
 */
export function parseEntsoeXml(source: string, sink: IssueSink): ParsedEntsoe | null {
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    sink.add({ code: 'malformed', line: valid.err.line, message: `not well-formed XML: ${valid.err.msg}` });
    return null;
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    removeNSPrefix: true,
    captureMetaData: true,
    // Prices and codes never need entities, and expanding DOCTYPE entities is how XML bombs work.
    processEntities: false,
    isArray: (name) => REPEATED.has(name),
  });
  const tree: unknown = parser.parse(source);
  const root = typeof tree === 'object' && tree !== null ? (tree as Record<string, unknown>)[ROOT] : undefined;
  if (root === undefined) {
    const found = typeof tree === 'object' && tree !== null ? Object.keys(tree).filter((k) => !k.startsWith('?')) : [];
    const ack = found.includes('Acknowledgement_MarketDocument');
    sink.add({
      code: 'wrong_document',
      message: ack
        ? 'ENTSO-E answered with an Acknowledgement_MarketDocument (no data for the request) instead of prices'
        : `expected a <${ROOT}>, found <${found[0] ?? 'nothing'}>`,
    });
    return null;
  }
  const lines = new LineIndex(source, root);
  const checked = DocumentSchema.safeParse(root);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      sink.add({ code: 'malformed', line: lines.lineOf(issue.path), field: formatPath(issue.path), message: describeZodIssue(issue) });
    }
    return null;
  }
  return { doc: checked.data, lines };
}
