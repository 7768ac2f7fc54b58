import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The device simulator as `npm run simulate:devices -- …` runs it: tsx on the script, a child process. */
export interface SimulatorProcess {
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  exit: Promise<number | null>;
  stop(): Promise<void>;
}

export function startSimulator(args: string[]): SimulatorProcess {
  const proc = spawn(join(process.cwd(), 'node_modules', '.bin', 'tsx'), [join(process.cwd(), 'scripts', 'simulate-devices.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  proc.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    process: proc,
    output: () => text,
    exit,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exit;
    },
  };
}
