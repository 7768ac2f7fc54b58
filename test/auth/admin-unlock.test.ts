import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, tempDir } from '../helpers/core';
import { openSocket, type WsClient } from './ws-terminal';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SERVE = join(ROOT, 'src-main/hosts/serve.ts');

function runServe(args: string[]) {
  const child = spawn(TSX, [SERVE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (let i = 0; i < 400 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 50));
    const match = pattern.exec(output);
    if (!match) throw new Error(`never saw ${pattern}:\n${output}`);
    return match;
  };
  return { child, exited, waitFor, output: () => output };
}

let running: ReturnType<typeof runServe> | undefined;
const sockets: WsClient[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  running?.child.kill('SIGTERM');
  await running?.exited;
  running = undefined;
});

async function socketTo(url: string, address: string): Promise<WsClient> {
  const socket = await openSocket(url, address);
  sockets.push(socket);
  return socket;
}

/** A real `serve` on a fresh data folder, with its administrator set up through the printed link. */
async function servedTerminal(): Promise<{ url: string; port: string; data: string }> {
  const data = tempDir();
  const webRoot = tempDir('griddesk-web-');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html>');
  running = runServe(['--port', '0', '--data', data, '--web-root', webRoot]);
  const [, url, port, setupToken] = await running.waitFor(/(http:\/\/127\.0\.0\.1:(\d+))\/#\/setup\?token=([\w-]+)/);
  const admin = await socketTo(url!, '127.0.30.1');
  await admin.ok('auth.setup', { ...ADMIN, setupToken: setupToken! });
  return { url: url!, port: port!, data };
}

async function issueUnlock(data: string, port: string): Promise<string> {
  const cli = runServe(['--unlock-admin', '--data', data, '--port', port]);
  expect(await cli.exited).toBe(0);
  const link = /http:\/\/127\.0\.0\.1:\d+\/#\/login\?unlock=([\w-]+)/.exec(cli.output());
  if (!link?.[1]) throw new Error(`no unlock link in:\n${cli.output()}`);
  return link[1];
}

const RIGHT = { username: ADMIN.username, password: ADMIN.password };

describe('the administrator unlock link from the host console', () => {
  it('lets the administrator in past a locked account and a blocked address, once', async () => {
    const { url, port, data } = await servedTerminal();
    const attacker = await socketTo(url, '127.0.30.66');
    for (let i = 0; i < 5; i++) await attacker.call('auth.login', { username: ADMIN.username, password: 'wrong-password' });
    const admin = await socketTo(url, '127.0.30.66');
    expect(await admin.call('auth.login', RIGHT)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await (await socketTo(url, '127.0.30.2')).call('auth.login', RIGHT)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });

    const unlockToken = await issueUnlock(data, port);
    const session = await admin.call('auth.login', { ...RIGHT, unlockToken });
    expect(session).toMatchObject({ ok: true, value: { user: { username: 'admin', lockedUntil: null } } });
    const again = await socketTo(url, '127.0.30.3');
    expect(await again.call('auth.login', { ...RIGHT, unlockToken })).toMatchObject({ ok: false, error: { code: 'UNLOCK_TOKEN_INVALID' } });
  });

  it('refuses a made-up unlock token and records the attempt', async () => {
    const { url } = await servedTerminal();
    const guesser = await socketTo(url, '127.0.31.66');
    expect(await guesser.call('auth.login', { ...RIGHT, unlockToken: 'x'.repeat(43) })).toMatchObject({ ok: false, error: { code: 'UNLOCK_TOKEN_INVALID' } });
    const admin = await socketTo(url, '127.0.31.1');
    await admin.ok('auth.login', RIGHT);
    const audit = await admin.ok('audit.list', {});
    expect(audit.some((e) => e.type === 'auth.unlock_refused')).toBe(true);
  });

  it('needs a terminal in the data folder to issue a link', async () => {
    const cli = runServe(['--unlock-admin', '--data', tempDir()]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/no terminal/i);
  });
});
