/** The market-data store other features read; the panels are listed in index.ts. */
export { useMarketData } from './marketdata';
export { FeedSettings } from './panels/FeedSettings';
