import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { EventBus, reaches } from '../../src-main/api/event-bus';
import { startServer, type ConnectableCore, type RunningServer } from '../../src-main/server/ws-server';
import type { TapeTrade } from '../../src-shared/contract/marketdata';
import { ADMIN, openHarness, tempDir, withAdmin, type Harness } from '../helpers/core';

let harness: Harness;
let server: RunningServer;

afterEach(async () => {
  await server?.close();
  harness?.close();
});

/** Events a test sends to every signed-in socket next to the terminal's own, as if the core had published them. */
const testEvents = new EventBus();

async function serve(): Promise<RunningServer> {
  const webRoot = tempDir('griddesk-web-');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>GridDesk</title>');
  harness = openHarness();
  const core = harness.core;
  const withTestEvents: ConnectableCore = {
    connect: (options, push) => {
      const connection = core.connect(options, push);
      const stop = testEvents.subscribe((name, payload, audience) => {
        if (reaches(audience, connection.state.caller)) push(name, payload);
      });
      const close = connection.close.bind(connection);
      connection.close = () => {
        stop();
        close();
      };
      return connection;
    },
  };
  server = await startServer(withTestEvents, { host: '127.0.0.1', port: 0, webRoot });
  return server;
}

function open(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, origin === undefined ? { origin: url } : origin ? { origin } : {});
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function next(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
}

describe('WebSocket transport', () => {
  it('serves the UI with a strict content security policy', async () => {
    const { url } = await serve();
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('binds to the loopback address by default', async () => {
    const { url } = await serve();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a call over the socket', async () => {
    const { url } = await serve();
    const socket = await open(url);
    socket.send(JSON.stringify({ id: 1, method: 'auth.status', input: {} }));
    expect(await next(socket)).toMatchObject({ type: 'result', id: 1, ok: true, value: { needsSetup: true } });
    socket.close();
  });

  it('answers malformed JSON with BAD_REQUEST and keeps the connection', async () => {
    const { url } = await serve();
    const socket = await open(url);
    socket.send('{not json');
    expect(await next(socket)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    socket.send(JSON.stringify({ id: 2, method: 'auth.status', input: {} }));
    expect(await next(socket)).toMatchObject({ id: 2, ok: true });
    socket.close();
  });

  it('answers an envelope without an id with BAD_REQUEST', async () => {
    const { url } = await serve();
    const socket = await open(url);
    socket.send(JSON.stringify({ method: 'auth.status' }));
    expect(await next(socket)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    socket.close();
  });

  it('refuses a connection from another site', async () => {
    const { url } = await serve();
    await expect(open(url, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('refuses a connection without an origin', async () => {
    const { url } = await serve();
    await expect(open(url, '')).rejects.toThrow(/403/);
  });

  it('refuses a DNS-rebinding host name', async () => {
    const { port } = await serve();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `attacker.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('closes a connection that sends an oversized frame, and the core keeps serving', async () => {
    const { url } = await serve();
    const socket = await open(url);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ id: 1, method: 'auth.login', input: { username: 'x'.repeat(3 * 1024 * 1024), password: 'y' } }));
    expect(await closed).toBe(1009);
    const again = await open(url);
    again.send(JSON.stringify({ id: 1, method: 'auth.status', input: {} }));
    expect(await next(again)).toMatchObject({ ok: true });
    again.close();
  });

  it('sends the events of one turn in one frame, in order, and before the answer that follows them', async () => {
    const { url } = await serve();
    await withAdmin(harness);
    const sockets = [await open(url), await open(url)];
    const frames: Array<Array<Record<string, unknown>>> = [[], []];
    sockets.forEach((socket, i) => socket.on('message', (data) => frames[i]!.push(JSON.parse(String(data)) as Record<string, unknown>)));
    for (const socket of sockets) {
      socket.send(JSON.stringify({ id: 1, method: 'auth.login', input: { username: ADMIN.username, password: ADMIN.password } }));
    }
    await vi.waitFor(() => expect(frames.every((f) => f.some((m) => m['type'] === 'result' && m['id'] === 1))).toBe(true));
    for (const f of frames) f.length = 0;

    const prints: TapeTrade[] = [1, 2, 3].map((n) => ({ id: n, productId: `P${n}`, price: n, quantity: n, ts: n, aggressor: 'buy' }));
    for (const print of prints) testEvents.publish('marketdata.trade', print, 'all');
    sockets[0]!.send(JSON.stringify({ id: 2, method: 'auth.status', input: {} }));
    await vi.waitFor(() => expect(frames[0]!.some((m) => m['id'] === 2)).toBe(true));
    // Other events of the terminal may travel in their own frames; the prints travel together.
    const carriesPrints = (m: Record<string, unknown>) => JSON.stringify(m).includes('"marketdata.trade"');
    await vi.waitFor(() => expect(frames[1]!.filter(carriesPrints)).toHaveLength(1));

    // A timer of the terminal (a settlement interval closing) may put its own event in the same turn;
    // only the prints' togetherness and order are this test's concern.
    const printsOf = (m: Record<string, unknown>) =>
      (m['events'] as Array<Record<string, unknown>>).filter((e) => e['name'] === 'marketdata.trade');
    for (const f of frames) {
      const carrying = f.filter(carriesPrints);
      expect(carrying).toHaveLength(1);
      expect(carrying[0]!['type']).toBe('events');
      expect(printsOf(carrying[0]!)).toEqual(prints.map((payload) => ({ type: 'event', name: 'marketdata.trade', payload })));
    }
    expect(frames[0]!.findIndex(carriesPrints)).toBeLessThan(frames[0]!.findIndex((m) => m['id'] === 2));
    for (const socket of sockets) socket.close();
  });

  it('sends only public calls through until the connection signs in', async () => {
    const { url } = await serve();
    const socket = await open(url);
    socket.send(JSON.stringify({ id: 1, method: 'trading.orders.list', input: {} }));
    expect(await next(socket)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    socket.close();
  });
});
