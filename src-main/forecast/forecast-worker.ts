/**
 * Worker-thread entry of a forecast job: training never runs on the core's thread. The core shares
 * a one-cell Int32Array; writing 1 into it asks the job to stop, which it checks between backtest
 * steps and between boosting rounds (a message would wait until the busy job yields, which it
 * does not).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runForecastJob, type ForecastJobInput } from './forecast-job';
import { ForecastCancelled } from './model';

export type WorkerMessage =
  | { type: 'progress'; fraction: number; stage: 'backtest' | 'training' | 'done'; day: string | null; model: string | null }
  | { type: 'done'; output: ReturnType<typeof runForecastJob> }
  | { type: 'cancelled' }
  | { type: 'error'; message: string };

const data = workerData as { input: ForecastJobInput; stop: SharedArrayBuffer };
const stop = new Int32Array(data.stop);
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);

try {
  const output = runForecastJob(data.input, (p) => post({ type: 'progress', ...p }), () => Atomics.load(stop, 0) === 1);
  post({ type: 'done', output });
} catch (err) {
  if (err instanceof ForecastCancelled) post({ type: 'cancelled' });
  else post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
