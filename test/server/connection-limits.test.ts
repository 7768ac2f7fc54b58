/**
 * Connection caps and timeouts of the served terminal on real loopback sockets. Linux routes all of
 * 127.0.0.0/8 to the loopback device, so a second client address (127.0.0.2) needs no setup.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ConnectionLimits } from '../../src-main/server/connection-guard';
import { SIGN_IN_TIMEOUT_CLOSE, type RunningServer } from '../../src-main/server/ws-server';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';
import { serveCore, WsClient } from '../helpers/ws-client';

let harness: Harness;
let server: RunningServer;
const held: Array<Socket | WsClient> = [];

afterEach(async () => {
  for (const socket of held.splice(0)) {
    if (socket instanceof WsClient) socket.socket.terminate();
    else socket.destroy();
  }
  await server?.close();
  harness?.close();
});

async function serveWith(limits: Partial<ConnectionLimits>): Promise<RunningServer> {
  harness = openHarness();
  server = await serveCore(harness.core, { limits });
  return server;
}

async function withTrader(): Promise<void> {
  const admin = await withAdmin(harness);
  await withUser(harness, admin, 'tom', 'trader');
}

async function signedIn(localAddress?: string): Promise<WsClient> {
  const client = await WsClient.open(server.url, localAddress ? { localAddress } : {});
  held.push(client);
  await client.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
  return client;
}

interface IdleSocket {
  socket: Socket;
  /** What the server wrote before it closed the connection. */
  closed: Promise<string>;
  isClosed(): boolean;
}

/** A TCP connection that connects and then says nothing; resolves once connected, tracks the close. */
function idleSocket(port: number): Promise<IdleSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    held.push(socket);
    let received = '';
    let isClosed = false;
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise<string>((done) => socket.once('close', () => done(received)));
    void closed.then(() => (isClosed = true));
    socket.once('connect', () => resolve({ socket, closed, isClosed: () => isClosed }));
    socket.once('error', (err) => (socket.connecting ? reject(err) : undefined));
  });
}

/**
 * Opens `count` idle sockets in batches below the listen backlog (511): connecting thousands at
 * once overflows the kernel's accept queue, and the connections it drops never reach the server.
 */
async function idleSockets(port: number, count: number): Promise<IdleSocket[]> {
  const sockets: IdleSocket[] = [];
  while (sockets.length < count) sockets.push(...(await Promise.all(Array.from({ length: Math.min(250, count - sockets.length) }, () => idleSocket(port)))));
  return sockets;
}

function upgradeStatus(url: string, localAddress: string): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url, localAddress });
    socket.once('open', () => {
      socket.terminate();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  });
}

describe('connection caps', () => {
  it('3,000 idle sockets from one address do not keep a client from another address out', async () => {
    const { port } = await serveWith({ signInTimeoutMs: 60_000 });
    await withTrader();
    const idle = await idleSockets(port, 3_000);
    // Only the per-address cap's worth is held; the rest are refused as they arrive.
    await vi.waitFor(() => expect(idle.filter((s) => s.isClosed())).toHaveLength(3_000 - 64), { timeout: 5_000, interval: 50 });
    expect(server.unauthenticatedConnections()).toBe(64);

    const client = await signedIn('127.0.0.2');
    expect(await client.call('auth.status', {})).toMatchObject({ ok: true });
  });

  it('answers a connection over the per-address cap with 429 and keeps other addresses served', async () => {
    const { url } = await serveWith({ maxPerAddress: 3, signInTimeoutMs: 60_000 });
    for (let i = 0; i < 3; i++) held.push(await WsClient.open(url));
    expect(await upgradeStatus(url, '127.0.0.1')).toBe(429);
    expect(await upgradeStatus(url, '127.0.0.3')).toBe('open');
  });

  it('refuses a new connection from any address with 503 while the unauthenticated cap is full, and admits one again after a sign-in', async () => {
    const { url } = await serveWith({ maxUnauthenticated: 3, signInTimeoutMs: 60_000 });
    await withTrader();
    const first = await WsClient.open(url, { localAddress: '127.0.0.4' });
    held.push(first, await WsClient.open(url, { localAddress: '127.0.0.4' }), await WsClient.open(url, { localAddress: '127.0.0.4' }));
    expect(await upgradeStatus(url, '127.0.0.5')).toBe(503);

    await first.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
    expect(await upgradeStatus(url, '127.0.0.5')).toBe('open');
  });
});

describe('connection timeouts', () => {
  it('closes a WebSocket that has not signed in by the sign-in timeout', async () => {
    const { url } = await serveWith({ signInTimeoutMs: 300 });
    const client = await WsClient.open(url);
    held.push(client);
    const opened = Date.now();
    expect(await client.closed()).toBe(SIGN_IN_TIMEOUT_CLOSE);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(250);
  });

  it('keeps a signed-in WebSocket open past the sign-in timeout while it answers pings', async () => {
    await serveWith({ signInTimeoutMs: 300, pingIntervalMs: 100 });
    await withTrader();
    const client = await signedIn();
    await new Promise((r) => setTimeout(r, 900));
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    expect(await client.call('auth.status', {})).toMatchObject({ ok: true });
  });

  it('drops a signed-in WebSocket whose peer stops answering pings', async () => {
    const { url } = await serveWith({ signInTimeoutMs: 5_000, pingIntervalMs: 100 });
    await withTrader();
    // A peer that answers pings until it has signed in, and then goes silent.
    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url, autoPong: false });
    let answersPings = true;
    socket.on('ping', (data) => answersPings && socket.pong(data));
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ id: 1, method: 'auth.login', input: { username: 'tom', password: 'tom-password-123' } }));
    const answer = await new Promise<Record<string, unknown>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
    expect(answer).toMatchObject({ id: 1, ok: true });
    answersPings = false;
    // Terminated, not closed: a peer that does not answer pings would not answer a close either.
    expect(await closed).toBe(1006);
  });

  it('closes a TCP connection that sends nothing, answering 408 with the security headers', async () => {
    const { port } = await serveWith({ signInTimeoutMs: 300 });
    const { closed } = await idleSocket(port);
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/\r\ncontent-security-policy: default-src 'self'/);
  });
});
