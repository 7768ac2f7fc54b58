import { marketAreaOf } from '../../../src-shared/domain/market-areas';
import { type IssueSink } from './issues';

/**
 * The market area key a file's or caller's area code names (DE for DE, DE-LU, DE_LU or
 * 10Y1001A1001A82H), so every import stores under one key whatever the file calls the zone.
 * Undefined when no code is given; null (with an `unknown_area` issue) for a zone the terminal
 * does not list, since storing it under a code no reader asks for would hide it.
 */
export function resolveAreaCode(code: string | undefined, sink: IssueSink, field: string, line?: number): string | undefined | null {
  if (code === undefined) return undefined;
  const area = marketAreaOf(code);
  if (area !== null) return area;
  sink.add({ code: 'unknown_area', field, ...(line === undefined ? {} : { line }), message: `area "${code}" is not a bidding zone the terminal knows (see the list of market areas)` });
  return null;
}
