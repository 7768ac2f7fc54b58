import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const SERVE = join(import.meta.dirname, '../../out/main/serve.js');

export interface RunningServe {
  url: string;
  setupToken: string | null;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `node out/main/serve.js` on a free port, resolved as soon as it prints where it serves. */
export function runServe(dataDir: string, expectSetup: boolean): Promise<RunningServe> {
  // BENCH_SERVE_PROFILE=dir writes a CPU profile of each terminal run into dir when it stops.
  const profileDir = process.env['BENCH_SERVE_PROFILE'];
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, SERVE, '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /serving on (http:\/\/\S+)/.exec(output)?.[1];
      if (!url || !output.includes('Data folder:')) return;
      if (expectSetup && !/setup\?token=\S+\n/.test(output)) return;
      child.stdout?.off('data', onData);
      resolve({
        url,
        setupToken: /setup\?token=(\S+)/.exec(output)?.[1] ?? null,
        child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}
