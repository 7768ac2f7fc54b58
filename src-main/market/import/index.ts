export { importPriceCsv } from './csv-import';
export { importEntsoeXml } from './entsoe-import';
export { importPrices, looksLikeXml } from './import-prices';
export { parsePriceText, type ParsedPrice } from './decimal-price';
export {
  deliveryDayBounds,
  deliveryDayOf,
  groupByDeliveryDay,
  intervalsInDeliveryDay,
  isCompleteDeliveryDay,
  type DeliveryDay,
} from '../delivery-days';
export { type ImportInput } from './input-text';
export {
  auctionOfSequence,
  type AuctionKey,
  type DriverPoint,
  type ImportFormat,
  type SeriesSkipReason,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ERRORS,
  type DurationMin,
  type ImportFailure,
  type ImportIssue,
  type ImportIssueCode,
  type ImportMeta,
  type ImportOptions,
  type ImportResult,
  type ImportSuccess,
  type PricePoint,
  type SeriesSummary,
} from './types';
