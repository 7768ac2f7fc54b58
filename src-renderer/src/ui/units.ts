/**
 * The shared unit formatters as the screens write them: in the digits the user chose (ui/digits).
 * Parsing reads Latin and Arabic-Indic digits alike, so a formatted value can be typed back.
 */
import { formatDecimal as formatDecimalLatin, formatMw as formatMwLatin, formatPrice as formatPriceLatin } from '../../../src-shared/domain/units';
import { localFigures } from './digits';

export { latinDigits, MW_DECIMALS, PRICE_DECIMALS, parseDecimal, parseMw, parsePrice } from '../../../src-shared/domain/units';

export const formatPrice = (units: number): string => localFigures(formatPriceLatin(units));
export const formatMw = (kw: number): string => localFigures(formatMwLatin(kw));
export const formatDecimal = (value: number, decimals: number): string => localFigures(formatDecimalLatin(value, decimals));
