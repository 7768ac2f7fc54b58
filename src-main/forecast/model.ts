/** What every forecast model provides: train on feature rows, then predict a row. */
import type { FeatureRow } from './features';

/**
 * 'ensemble' is the mean of the linear and the tree model's forecasts: their errors are only
 * partly correlated, and an average of two good models is hard to beat.
 */
export type ModelName = 'seasonal-naive' | 'linear' | 'boosted-trees' | 'ensemble';

export const MODEL_NAMES: readonly ModelName[] = ['seasonal-naive', 'linear', 'boosted-trees', 'ensemble'];

/** Models the default may choose; seasonal naive is the benchmark and the fallback only. */
export const LEARNED_MODELS: readonly ModelName[] = ['linear', 'boosted-trees', 'ensemble'];

export interface Predictor {
  /** Price units (a float). */
  predict(row: FeatureRow): number;
}

/** Lets a worker stop a long training: checked between boosting rounds and backtest steps. */
export interface FitControl {
  shouldStop?: () => boolean;
}

export class ForecastCancelled extends Error {
  constructor() {
    super('forecast training cancelled');
    this.name = 'ForecastCancelled';
  }
}

export function checkStop(control: FitControl | undefined): void {
  if (control?.shouldStop?.()) throw new ForecastCancelled();
}
