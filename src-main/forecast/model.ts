/** What every forecast model provides: train on feature rows, then predict a row. */
import type { FeatureRow } from './features';

export type ModelName = 'seasonal-naive' | 'linear' | 'boosted-trees';

export const MODEL_NAMES: readonly ModelName[] = ['seasonal-naive', 'linear', 'boosted-trees'];

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
