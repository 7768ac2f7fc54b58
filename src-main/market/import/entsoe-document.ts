import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { type IssueSink } from './issues';

const text = z.string().trim().min(1, 'is empty');

const PricePointSchema = z.object({ position: text, 'price.amount': text });
const QuantityPointSchema = z.object({ position: text, quantity: text });
const timeInterval = z.object({ start: text, end: text });

const PricePeriodSchema = z.object({ timeInterval, resolution: text, Point: z.array(PricePointSchema).min(1, 'has no Point') });
const QuantityPeriodSchema = z.object({ timeInterval, resolution: text, Point: z.array(QuantityPointSchema).min(1, 'has no Point') });

const PriceSeriesSchema = z.object({
  mRID: text.optional(),
  'in_Domain.mRID': text.optional(),
  'currency_Unit.name': text,
  'price_Measure_Unit.name': text,
  curveType: text.optional(),
  /** Several auctions of one zone and day are numbered: 1 is the SDAC coupling price. */
  'classificationSequence_AttributeInstanceComponent.position': text.optional(),
  Period: z.array(PricePeriodSchema).min(1, 'has no Period'),
});
const QuantitySeriesSchema = z.object({
  mRID: text.optional(),
  /** A69 names its zone as inBiddingZone, A65 as outBiddingZone. */
  'inBiddingZone_Domain.mRID': text.optional(),
  'outBiddingZone_Domain.mRID': text.optional(),
  'quantity_Measure_Unit.name': text,
  curveType: text.optional(),
  MktPSRType: z.object({ psrType: text }).optional(),
  Period: z.array(QuantityPeriodSchema).min(1, 'has no Period'),
});
const PriceDocumentSchema = z.object({
  mRID: text.optional(),
  type: text,
  createdDateTime: text.optional(),
  TimeSeries: z.array(PriceSeriesSchema).min(1, 'has no TimeSeries'),
});
const QuantityDocumentSchema = z.object({
  mRID: text.optional(),
  type: text,
  createdDateTime: text.optional(),
  'process.processType': text.optional(),
  TimeSeries: z.array(QuantitySeriesSchema).min(1, 'has no TimeSeries'),
});

export type EntsoeDocument = z.infer<typeof PriceDocumentSchema>;
export type EntsoeTimeSeries = z.infer<typeof PriceSeriesSchema>;
export type EntsoePeriod = z.infer<typeof PricePeriodSchema>;
export type EntsoeQuantityDocument = z.infer<typeof QuantityDocumentSchema>;
export type EntsoeQuantitySeries = z.infer<typeof QuantitySeriesSchema>;
export type EntsoeQuantityPeriod = z.infer<typeof QuantityPeriodSchema>;

const REPEATED = new Set(['TimeSeries', 'Period', 'Point', 'Reason']);
/** Prices come as a Publication_MarketDocument, generation and load forecasts as a GL_MarketDocument. */
const PRICE_ROOT = 'Publication_MarketDocument';
const QUANTITY_ROOT = 'GL_MarketDocument';
const ACK_ROOT = 'Acknowledgement_MarketDocument';

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
  return `<${String(last ?? 'document')}> ${issue.message}`;
}

export type ParsedEntsoe =
  | { kind: 'prices'; doc: EntsoeDocument; lines: LineIndex }
  | { kind: 'quantities'; doc: EntsoeQuantityDocument; lines: LineIndex };

/** The reason texts of an acknowledgement ("No matching data found for Data item …"). */
function acknowledgementReasons(ack: unknown): string[] {
  const reasons = typeof ack === 'object' && ack !== null ? (ack as Record<string, unknown>)['Reason'] : undefined;
  if (!Array.isArray(reasons)) return [];
  return reasons.flatMap((reason) => {
    const said = typeof reason === 'object' && reason !== null ? (reason as Record<string, unknown>)['text'] : undefined;
    return typeof said === 'string' && said.trim() !== '' ? [said.trim()] : [];
  });
}

function checked<T>(schema: z.ZodType<T>, root: unknown, lines: LineIndex, sink: IssueSink): T | null {
  const result = schema.safeParse(root);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    sink.add({ code: 'malformed', line: lines.lineOf(issue.path), field: formatPath(issue.path), message: describeZodIssue(issue) });
  }
  return null;
}

/**
 * XML text → a checked document tree. fast-xml-parser is lenient (an unclosed tag still
 * parses), so the text goes through its validator first; values are kept as text so prices
 * never pass through a float. An acknowledgement (ENTSO-E's answer when it has no data for the
 * request) is one `no_data` issue carrying its reason, not a parse error.
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
  const top = typeof tree === 'object' && tree !== null ? (tree as Record<string, unknown>) : {};
  if (top[ACK_ROOT] !== undefined) {
    const reasons = acknowledgementReasons(top[ACK_ROOT]);
    sink.add({ code: 'no_data', message: `ENTSO-E has no data for this request${reasons.length === 0 ? '' : `: ${reasons.join('; ')}`}` });
    return null;
  }
  const priceRoot = top[PRICE_ROOT];
  const quantityRoot = top[QUANTITY_ROOT];
  if (priceRoot !== undefined) {
    const lines = new LineIndex(source, priceRoot);
    const doc = checked(PriceDocumentSchema, priceRoot, lines, sink);
    return doc === null ? null : { kind: 'prices', doc, lines };
  }
  if (quantityRoot !== undefined) {
    const lines = new LineIndex(source, quantityRoot);
    const doc = checked(QuantityDocumentSchema, quantityRoot, lines, sink);
    return doc === null ? null : { kind: 'quantities', doc, lines };
  }
  const found = Object.keys(top).filter((k) => !k.startsWith('?'));
  sink.add({ code: 'wrong_document', message: `expected a <${PRICE_ROOT}> or <${QUANTITY_ROOT}>, found <${found[0] ?? 'nothing'}>` });
  return null;
}
