import { importPriceCsv } from './csv-import';
import { importEntsoeXml } from './entsoe-import';
import { type ImportInput } from './input-text';
import { type ImportOptions, type ImportResult } from './types';

/** Only the first bytes are looked at, so sniffing costs nothing before the size guard runs. */
export function looksLikeXml(input: ImportInput): boolean {
  const head = typeof input === 'string' ? input.slice(0, 64) : new TextDecoder().decode(input.subarray(0, 64));
  return head.replace(/^\uFEFF/, '').trimStart().startsWith('<');
}

/** For a file picker that accepts either kind: XML goes to the ENTSO-E reader, anything else to the CSV reader. */
export function importPrices(input: ImportInput, options: ImportOptions = {}): ImportResult {
  return looksLikeXml(input) ? importEntsoeXml(input, options) : importPriceCsv(input, options);
}
