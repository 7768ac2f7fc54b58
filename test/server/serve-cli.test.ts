import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src-main/hosts/serve-args';
import { tempDir } from '../helpers/core';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function runServe(args: string[]) {
  const webRoot = tempDir('griddesk-web-');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html>');
  const child = spawn(TSX, [join(ROOT, 'src-main/hosts/serve.ts'), '--web-root', webRoot, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 200 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 50));
    if (!pattern.test(output)) throw new Error(`never saw ${pattern}:\n${output}`);
  };
  return { child, exited, waitFor, output: () => output };
}

describe('serve command line', () => {
  it('prints the URL and a one-time setup link on first start, and stops cleanly on SIGTERM', async () => {
    const data = tempDir();
    const serve = runServe(['--port', '0', '--data', data]);
    await serve.waitFor(/#\/setup\?token=[\w-]{20,}/);
    expect(serve.output()).toMatch(/serving on http:\/\/127\.0\.0\.1:\d+/);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('refuses a second terminal on the same data folder with a message', async () => {
    const data = tempDir();
    const first = runServe(['--port', '0', '--data', data]);
    await first.waitFor(/serving on/);
    const second = runServe(['--port', '0', '--data', data]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/already using the data folder/);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
  });

  it('explains a corrupt database instead of overwriting it', async () => {
    const data = tempDir();
    writeFileSync(join(data, 'griddesk.sqlite'), 'garbage'.repeat(1000));
    const serve = runServe(['--port', '0', '--data', data]);
    expect(await serve.exited).toBe(1);
    expect(serve.output()).toMatch(/not a GridDesk database/);
  });
});

describe('parseServeArgs', () => {
  it('defaults to loopback', () => {
    expect(parseServeArgs([]).host).toBe('127.0.0.1');
  });
  it('takes --port, --host and --data', () => {
    expect(parseServeArgs(['--port', '0', '--host', '0.0.0.0', '--data', '/x'])).toMatchObject({ port: 0, host: '0.0.0.0', dataDir: '/x' });
  });
  it('refuses a port out of range', () => {
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/--port/);
  });
  it('refuses an unknown flag', () => {
    expect(() => parseServeArgs(['--prot', '1'])).toThrow(/Unknown option/);
  });
});
