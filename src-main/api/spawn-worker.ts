/**
 * Starts one of the core's worker threads from its own file. A build has it next to the core's
 * bundle (out/main/<name>.js, the bundle itself maybe one folder down in chunks/); development and
 * tests load the TypeScript source through tsx's `tsImport` (Node 20 does not apply `--import`
 * loader hooks to a worker's entry file, so the entry is a one-line bootstrap).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The core's workers: the build's entry name and the domain folder its source lives in. */
export type WorkerName = 'forecast-worker' | 'keystore-worker' | 'health-worker';
const FOLDER: Record<WorkerName, string> = { 'forecast-worker': 'forecast', 'keystore-worker': 'chain', 'health-worker': 'health' };

export function spawnWorker(name: WorkerName, workerData: unknown): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, `${name}.js`), join(here, '..', `${name}.js`)]) {
    if (existsSync(candidate)) return new Worker(candidate, { workerData });
  }
  // The package's CommonJS build of this API fails to find its ESM half, so load the ESM build.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  // Sources beside this module's folder (tests, tsx), or in the repository when a build without the worker runs from it.
  const file = [join(here, '..', FOLDER[name], `${name}.ts`), join(here, '..', '..', 'src-main', FOLDER[name], `${name}.ts`)].find((f) => existsSync(f));
  if (!file) throw new Error(`the ${name} is missing from this build (${name}.js)`);
  const source = pathToFileURL(file).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}
