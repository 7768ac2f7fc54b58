import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServeProcess {
  url: string;
  setupLink: string | null;
  dataDir: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  child: ChildProcess;
}

const SERVE = join(import.meta.dirname, '../../out/main/serve.js');

/** Starts the built terminal headless on a free port, as a user would with `npm run serve`. */
export function startServe(dataDir = mkdtempSync(join(tmpdir(), 'griddesk-e2e-')), extraArgs: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [SERVE, '--port', '0', '--data', dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /serving on (http:\/\/\S+)/.exec(output)?.[1];
      const ready = url && (output.includes('#/setup?token=') || output.includes('Data folder:'));
      if (!ready) return;
      // The setup link is printed right after the data folder line when the terminal is new.
      setTimeout(() => {
        clearTimeout(timer);
        resolve({
          url,
          setupLink: /(http:\/\/\S+#\/setup\?token=\S+)/.exec(output)?.[1] ?? null,
          dataDir,
          output: () => output,
          child,
          stop: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill(signal);
            }),
        });
      }, 100);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}
