/**
 * Forecast jobs behind the contract: `forecast.run` starts a worker thread and answers with a job
 * id at once; progress and the result arrive as `forecast.progress` / `forecast.done` events to the
 * user who started it; `forecast.cancel` stops it.
 *
 * Target: the day the user picks, else the first delivery day after the last known price of the
 * area, whatever the wall clock says (a year of 2023 prices imported today forecasts 1 Jan 2024).
 * History: the hourly reference prices of the area (market data's prices port) over the
 * `HISTORY_DAYS` days before the target, with the drivers known for each hour; the target day's
 * own drivers (its generation and load forecasts, published before the auction) go in as its
 * future hours. The backtest covers the `backtestDays` days before the target. The result says
 * which days of prices were used.
 *
 * Training runs in its own worker thread (api/spawn-worker.ts finds its file).
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../api/spawn-worker';
import type { ForecastJobView, ForecastResultView } from '../../src-shared/contract/forecast';
import { fail } from '../../src-shared/domain/errors';
import type { Caller } from '../api/context';
import type { DomainHandlers } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { Clock } from '../core/clock';
import { marketAreaOf } from '../../src-shared/domain/market-areas';
import { deliveryDayOf } from '../market/delivery-days';
import type { PricesPort } from '../marketdata';
import type { ForecastJobInput } from './forecast-job';
import type { WorkerMessage } from './forecast-worker';
import { addDays, dayStartMs, nextDeliveryDay, type HourlyPoint } from './series';

/** A year of training before the backtest's first day, the backtest (at most 90 days) and the lags. */
const HISTORY_DAYS = 364 + 90 + 8;
const MAX_RUNNING = 2;
const DAY_MS = 86_400_000;

interface Job {
  view: ForecastJobView;
  owner: number;
  area: string;
  worker: Worker | null;
  stop: Int32Array;
}

export class ForecastService {
  private readonly jobs = new Map<string, Job>();
  private counter = 0;

  constructor(
    private readonly prices: Pick<PricesPort, 'history' | 'latestHistory' | 'drivers'>,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  close(): void {
    for (const job of this.jobs.values()) void job.worker?.terminate();
  }

  private finish(job: Job, change: Partial<ForecastJobView>): void {
    job.view = { ...job.view, ...change };
    job.worker = null;
    this.bus.publish('forecast.done', job.view, { userIds: [job.owner] });
    // Finished jobs stay readable for a while; the map is trimmed to the newest 50.
    if (this.jobs.size > 50) {
      for (const [id, old] of this.jobs) {
        if (old.worker === null && this.jobs.size > 50) this.jobs.delete(id);
      }
    }
  }

  /** The prices before the target day, and the target: the day asked for, or the one after the last known price. */
  private historyFor(area: string, day: string | undefined, now: number): { points: HourlyPoint[]; targetDay: string | null } {
    if (day === undefined) {
      const points = this.prices.latestHistory(area, HISTORY_DAYS * DAY_MS, now).points;
      return { points, targetDay: points.length === 0 ? null : nextDeliveryDay(points, area) };
    }
    let start: number;
    try {
      start = dayStartMs(day, area);
    } catch {
      fail('BAD_INPUT', `${day} is not a day.`, { field: 'day', reason: 'NOT_A_DAY', params: { day } });
    }
    if (addDays(day, 0, area) !== day) fail('BAD_INPUT', `${day} is not a day.`, { field: 'day', reason: 'NOT_A_DAY', params: { day } });
    return { points: this.prices.history(area, start - HISTORY_DAYS * DAY_MS, start).points, targetDay: day };
  }

  start(owner: number, requestedArea: string, model: ForecastJobInput['model'], backtestDays: number, day?: string): string {
    const running = [...this.jobs.values()].filter((j) => j.worker !== null).length;
    if (running >= MAX_RUNNING) fail('REJECTED', 'Two forecasts are already training; wait for one to finish or cancel it.', { reason: 'FORECAST_BUSY' });
    const now = this.clock.now();
    // DE, DE-LU and 10Y1001A1001A82H are one area; its key names it in the result.
    const area = marketAreaOf(requestedArea) ?? requestedArea;
    const { points, targetDay } = this.historyFor(area, day, now);
    if (targetDay === null || points.length < 24 * (backtestDays + 14)) {
      fail('NOT_FOUND', `Not enough hourly prices for ${area} to train a forecast (${points.length}; import day-ahead prices first).`, { reason: 'NO_PRICE_HISTORY', params: { area, count: points.length } });
    }
    const targetStart = dayStartMs(targetDay, area);
    const future = this.prices.drivers(area, targetStart, dayStartMs(addDays(targetDay, 1, area), area));
    const historyDays = { historyFirstDay: deliveryDayOf((points[0] as HourlyPoint).startUtcMs, area), historyLastDay: deliveryDayOf((points.at(-1) as HourlyPoint).startUtcMs, area) };
    const input: ForecastJobInput = { area, history: points, future, targetDay, firstDay: addDays(targetDay, -backtestDays, area), lastDay: addDays(targetDay, -1, area), model };
    this.counter += 1;
    const jobId = `fc-${now}-${this.counter}`;
    const stopBuffer = new SharedArrayBuffer(4);
    let worker: Worker;
    try {
      worker = spawnWorker('forecast-worker', { input, stop: stopBuffer });
    } catch (err) {
      fail('INTERNAL', `The forecast could not start: ${err instanceof Error ? err.message : String(err)}.`, { reason: 'FORECAST_START_FAILED' });
    }
    worker.unref();
    const job: Job = { view: { jobId, state: 'running', fraction: 0, error: null, result: null }, owner, area, worker, stop: new Int32Array(stopBuffer) };
    this.jobs.set(jobId, job);
    this.bus.publish('forecast.progress', { jobId, fraction: 0, stage: 'loading', day: targetDay, model: null }, { userIds: [owner] });

    worker.on('message', (message: WorkerMessage) => {
      if (job.worker === null) return;
      switch (message.type) {
        case 'progress':
          job.view = { ...job.view, fraction: message.fraction };
          this.bus.publish('forecast.progress', { jobId, fraction: message.fraction, stage: message.stage, day: message.day, model: message.model as ForecastResultView['model'] | null }, { userIds: [owner] });
          break;
        case 'done': {
          const out = message.output;
          const result: ForecastResultView = {
            jobId,
            area,
            day: out.day,
            model: out.model,
            chosen: out.chosen,
            hours: out.hours,
            scores: out.scores,
            best: out.best,
            intervalSource: out.intervalSource,
            drivers: out.drivers,
            backtestFirstDay: out.firstDay,
            backtestLastDay: out.lastDay,
            ...historyDays,
            anomalies: out.anomalies,
            finishedAt: this.clock.now(),
          };
          this.finish(job, { state: 'completed', fraction: 1, result });
          break;
        }
        case 'cancelled':
          this.finish(job, { state: 'cancelled' });
          break;
        case 'error':
          this.finish(job, { state: 'failed', error: message.message });
          break;
      }
    });
    worker.on('error', (err) => {
      if (job.worker !== null) this.finish(job, { state: 'failed', error: err.message });
    });
    worker.on('exit', () => {
      if (job.worker !== null) this.finish(job, { state: job.stop[0] === 1 ? 'cancelled' : 'failed', error: job.stop[0] === 1 ? null : 'the forecast worker stopped' });
    });
    return jobId;
  }

  private own(jobId: string, caller: Caller): Job {
    const job = this.jobs.get(jobId);
    if (!job || (job.owner !== caller.userId && caller.role !== 'admin')) fail('NOT_FOUND', `There is no forecast job ${jobId}.`, { field: 'jobId', reason: 'NO_FORECAST_JOB', params: { jobId } });
    return job;
  }

  handlers(): DomainHandlers<'forecast'> {
    return {
      'forecast.run': (input, ctx) => ({ jobId: this.start(ctx.caller.userId, input.area, input.model, input.backtestDays, input.day) }),
      'forecast.cancel': (input, ctx) => {
        const job = this.own(input.jobId, ctx.caller);
        if (job.worker !== null) {
          Atomics.store(job.stop, 0, 1);
          // A job deep in one step stops at its next check; a stuck one is ended outright.
          const worker = job.worker;
          setTimeout(() => void worker.terminate(), 5_000).unref();
        }
        return job.view;
      },
      'forecast.get': (input, ctx) => this.own(input.jobId, ctx.caller).view,
    };
  }
}
