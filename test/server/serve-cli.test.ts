import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { parseServeArgs } from '../../src-main/hosts/serve-args';
import { DEFAULT_CONNECTION_LIMITS } from '../../src-main/server/connection-guard';
import { SIGN_IN_TIMEOUT_CLOSE } from '../../src-main/server/ws-server';
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
    // Up to 30 s: tsx compiles the terminal at each start, which a busy machine slows a lot.
    for (let i = 0; i < 600 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 50));
    if (!pattern.test(output)) throw new Error(`never saw ${pattern}:\n${output}`);
  };
  return { child, exited, waitFor, output: () => output };
}

describe('serve command line', { timeout: 90_000 }, () => {
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

  it('stops with a plain message, no stack, when a --release-keys file is not an Ed25519 public key', async () => {
    const keys = tempDir('griddesk-keys-');
    writeFileSync(join(keys, 'release.pem'), '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n');
    const serve = runServe(['--port', '0', '--data', tempDir(), '--release-keys', keys]);
    expect(await serve.exited).toBe(1);
    expect(serve.output()).toMatch(/GridDesk cannot start: Release key 1 is not a public key in PEM form\./);
    expect(serve.output()).not.toMatch(/\n\s+at /);
  });

  it('runs a rehearsal clock ahead only on a new data folder: an existing terminal is refused and left as it was', async () => {
    const data = tempDir();
    const first = runServe(['--port', '0', '--data', data]);
    await first.waitFor(/serving on/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const ahead = runServe(['--port', '0', '--data', data, '--clock-offset-ms', '600000']);
    expect(await ahead.exited).toBe(2);
    expect(ahead.output()).toMatch(/--clock-offset-ms runs only on a new data folder/);
    const fresh = runServe(['--port', '0', '--data', tempDir(), '--clock-offset-ms', '600000']);
    await fresh.waitFor(/Rehearsal: the terminal's clock runs 600000 ms ahead/);
    fresh.child.kill('SIGTERM');
    expect(await fresh.exited).toBe(0);
  });

  it('closes a socket that has not signed in after --sign-in-timeout-ms, and keeps serving', async () => {
    const serve = runServe(['--port', '0', '--data', tempDir(), '--sign-in-timeout-ms', '400', '--max-connections-per-address', '8']);
    await serve.waitFor(/serving on http:\/\/\S+/);
    const url = /serving on (http:\/\/\S+)/.exec(serve.output())![1]!;
    const idle = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url });
    const code = await new Promise<number>((resolve, reject) => {
      idle.once('close', resolve);
      idle.once('error', reject);
    });
    expect(code).toBe(SIGN_IN_TIMEOUT_CLOSE);
    expect((await fetch(url)).status).toBe(200);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('3,000 idle sockets from one address do not keep a new client out', async () => {
    const serve = runServe(['--port', '0', '--data', tempDir()]);
    await serve.waitFor(/serving on http:\/\/\S+/);
    const url = /serving on (http:\/\/\S+)/.exec(serve.output())![1]!;
    const port = Number(new URL(url).port);
    const idle: Socket[] = [];
    let closedByServer = 0;
    // In batches below the listen backlog, so every connection reaches the server.
    for (let batch = 0; batch < 12; batch++) {
      await Promise.all(
        Array.from({ length: 250 }, () => new Promise<void>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port }, resolve);
          socket.on('data', () => undefined).once('close', () => closedByServer++).once('error', reject);
          idle.push(socket);
        })),
      );
    }
    await vi.waitFor(() => expect(closedByServer).toBe(3_000 - DEFAULT_CONNECTION_LIMITS.maxPerAddress), { timeout: 5_000, interval: 50 });

    const client = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url, localAddress: '127.0.0.2' });
    const answer = await new Promise<unknown>((resolve, reject) => {
      client.once('open', () => client.send(JSON.stringify({ id: 1, method: 'auth.status', input: {} })));
      client.once('message', (data) => resolve(JSON.parse(String(data))));
      client.once('error', reject);
    });
    expect(answer).toMatchObject({ id: 1, ok: true, value: { needsSetup: true } });
    client.close();
    for (const socket of idle) socket.destroy();
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
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
  it('takes the connection limits, each defaulting on its own', () => {
    expect(parseServeArgs(['--max-connections-per-address', '16', '--sign-in-timeout-ms', '500']).limits).toEqual({
      ...DEFAULT_CONNECTION_LIMITS,
      maxPerAddress: 16,
      signInTimeoutMs: 500,
    });
  });
  it('refuses a connection limit that is not a whole number in range', () => {
    expect(() => parseServeArgs(['--ping-interval-ms', '10'])).toThrow(/--ping-interval-ms must be a whole number/);
    expect(() => parseServeArgs(['--max-unauthenticated', 'lots'])).toThrow(/--max-unauthenticated/);
  });
  it('takes a rehearsal clock offset up to a day, and nothing else', () => {
    expect(parseServeArgs([]).clockOffsetMs).toBe(0);
    expect(parseServeArgs(['--clock-offset-ms', '90000']).clockOffsetMs).toBe(90_000);
    expect(() => parseServeArgs(['--clock-offset-ms=-1'])).toThrow(/--clock-offset-ms must be a whole number 0…86400000/);
    expect(() => parseServeArgs(['--clock-offset-ms', '86400001'])).toThrow(/--clock-offset-ms/);
    expect(() => parseServeArgs(['--clock-offset-ms', '1.5'])).toThrow(/--clock-offset-ms/);
  });
  it('refuses an unknown flag', () => {
    expect(() => parseServeArgs(['--prot', '1'])).toThrow(/Unknown option/);
  });
});
