/** The forecast band other features draw over their charts; the panels are listed in index.ts. */
export { ForecastBand } from './ForecastBand';
