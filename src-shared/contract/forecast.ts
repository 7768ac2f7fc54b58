import { z } from 'zod';
import { call, defineCalls, defineEvents, event } from './kit';
import { AreaSchema } from './risk-views';

/** Day-ahead price forecasts: trained and backtested in a worker, with progress and cancel. */

/** 'ensemble': the mean of the linear and the tree model. */
export type ForecastModelName = 'seasonal-naive' | 'linear' | 'boosted-trees' | 'ensemble';

export interface ForecastScoreView {
  model: ForecastModelName;
  days: number;
  hours: number;
  maeEurMwh: number;
  rmseEurMwh: number;
  /** Share of backtest prices inside P10–P90, over the hours that had a conformal interval; null when none had. */
  coverage: number | null;
  coverageHours: number;
}

export interface ForecastHourView {
  startUtcMs: number;
  pointUnits: number;
  /** P10 and P90. */
  lowerUnits: number;
  upperUnits: number;
  /** P5 and P95. */
  lower90Units: number;
  upper90Units: number;
}

export interface ForecastResultView {
  jobId: string;
  area: string;
  day: string;
  model: ForecastModelName;
  chosen: 'best' | 'requested';
  hours: ForecastHourView[];
  scores: ForecastScoreView[];
  best: ForecastModelName | null;
  backtestFirstDay: string;
  backtestLastDay: string;
  /** Delivery days of the first and last price the forecast was trained on ("prices until 31 Dec 2023"). */
  historyFirstDay: string;
  historyLastDay: string;
  /** 'conformal': the intervals come from the chosen model's backtest errors; 'in-sample' when there were none. */
  intervalSource: 'conformal' | 'in-sample';
  /** Price drivers known for the forecast day and used by it (src-shared/domain/price-drivers.ts); empty: prices only. */
  drivers: string[];
  /** Backtest hours whose actual price lay far outside the chosen model's interval (forecast/anomaly.ts). */
  anomalies: ForecastAnomalyView[];
  finishedAt: number;
}

export interface ForecastAnomalyView {
  startUtcMs: number;
  priceUnits: number;
  lowerUnits: number;
  upperUnits: number;
  direction: 'high' | 'low';
  score: number;
}

export type ForecastJobState = 'running' | 'completed' | 'cancelled' | 'failed';

export interface ForecastJobView {
  jobId: string;
  state: ForecastJobState;
  fraction: number;
  error: string | null;
  result: ForecastResultView | null;
}

export const forecastCalls = defineCalls('forecast', {
  'forecast.run': call<{ jobId: string }>()({
    input: z
      .object({
        area: AreaSchema.default('DE'),
        model: z.enum(['best', 'seasonal-naive', 'linear', 'boosted-trees', 'ensemble']).default('best'),
        /** Days the models are compared on and the intervals calibrated from (28: one bad week does not decide). */
        backtestDays: z.number().int().min(1).max(90).default(28),
        /**
         * The delivery day to forecast, yyyy-MM-dd in the area's time zone; by default the first
         * day after the last known price, whatever the wall clock says.
         */
        day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as yyyy-MM-dd').optional(),
      })
      .strict(),
    access: 'session',
    mutates: false,
  }),
  'forecast.cancel': call<ForecastJobView>()({ input: z.object({ jobId: z.string().min(1).max(64) }).strict(), access: 'session', mutates: false }),
  'forecast.get': call<ForecastJobView>()({ input: z.object({ jobId: z.string().min(1).max(64) }).strict(), access: 'session', mutates: false }),
});

export const forecastEvents = defineEvents('forecast', {
  'forecast.progress': event<{ jobId: string; fraction: number; stage: 'loading' | 'backtest' | 'training' | 'done'; day: string | null; model: ForecastModelName | null }>(),
  'forecast.done': event<ForecastJobView>(),
});
