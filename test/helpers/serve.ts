import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { tempDir } from './core';

const ROOT = join(import.meta.dirname, '../..');

export interface ServeRun {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout or stderr matches, or fails with what the process printed. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Waits until the terminal serves and has printed its start-up lines (its signal handlers are in place then). */
  ready(): Promise<void>;
  stop(): Promise<number | null>;
}

/** `serve` from its sources, as `npm run serve` runs it, on a free port, with a stand-in UI page. */
export function runServe(dataDir: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): ServeRun {
  const webRoot = tempDir('griddesk-web-');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html>');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src-main/hosts/serve.ts'), '--web-root', webRoot, '--port', '0', '--data', dataDir, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    async waitFor(pattern) {
      for (let i = 0; i < 600; i++) {
        const match = pattern.exec(stdout + stderr);
        if (match) return match;
        if (done) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`never saw ${pattern}:\n${stdout}\n${stderr}`);
    },
    async ready() {
      await this.waitFor(/Data folder: .*\n/);
      await new Promise((r) => setTimeout(r, 200));
    },
    stop() {
      if (!done) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A browser's WebSocket to the terminal: calls answered by id, events ignored. */
export async function connectSocket(url: string): Promise<{ call(method: string, input: unknown): Promise<Record<string, unknown>>; close(): void }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    if (message['type'] === 'result') waiting.get(message['id'] as number)?.(message);
  });
  return {
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, input }));
      });
    },
    close: () => socket.close(),
  };
}

/** Every file under a folder, by relative path, with its bytes' SHA-256: to show a refused start changed nothing. */
export function hashFiles(dir: string, prefix = ''): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const name of readdirSync(join(dir, prefix))) {
    const relative = join(prefix, name);
    if (statSync(join(dir, relative)).isDirectory()) Object.assign(hashes, hashFiles(dir, relative));
    else hashes[relative] = createHash('sha256').update(readFileSync(join(dir, relative))).digest('hex');
  }
  return hashes;
}
