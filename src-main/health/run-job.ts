import { spawnWorker } from '../api/spawn-worker';
import type { HealthJob, HealthWorkerMessage } from './health-worker';

/** Runs one check or backup in its own worker thread and answers with what the worker found. */
export function runHealthJob(job: HealthJob): Promise<HealthWorkerMessage> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker('health-worker', job);
    let answered = false;
    worker.once('message', (message: HealthWorkerMessage) => {
      answered = true;
      void worker.terminate();
      if (message.type === 'error') reject(new Error(`health worker: ${message.message}`));
      else resolve(message);
    });
    worker.once('error', (err) => reject(err));
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`health worker stopped (exit ${code}) before answering`));
    });
  });
}
