/**
 * The served terminal's HTTP answers on a real loopback socket, written byte for byte where the
 * request must be one no HTTP client library would send.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-main/server/ws-server';
import { openHarness, type Harness } from '../helpers/core';
import { serveCore, tempWebRoot } from '../helpers/ws-client';

let harness: Harness;
let server: RunningServer;

afterEach(async () => {
  await server?.close();
  harness?.close();
});

async function serve(): Promise<RunningServer> {
  harness = openHarness();
  const webRoot = tempWebRoot();
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'assets', 'index-3f9a1c.js'), 'export {};');
  server = await serveCore(harness.core, { webRoot });
  return server;
}

interface RawAnswer {
  status: number;
  headers: Map<string, string>;
}

/** Sends `request` as it is and reads the answer's status line and headers. */
function rawRequest(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers });
    });
  });
}

const get = (port: number, host: string, path = '/') => rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

function expectSecurityHeaders(headers: Map<string, string> | Headers): void {
  const read = (name: string) => (headers instanceof Map ? headers.get(name) : headers.get(name)) ?? null;
  expect(read('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self';/);
  expect(read('x-content-type-options')).toBe('nosniff');
  expect(read('x-frame-options')).toBe('DENY');
  expect(read('referrer-policy')).toBe('no-referrer');
  expect(read('permissions-policy')).toContain('camera=()');
  expect(read('cross-origin-opener-policy')).toBe('same-origin');
  expect(read('cross-origin-resource-policy')).toBe('same-origin');
}

describe('Host header and content security policy', () => {
  it('builds the CSP from the address the server listens on, whatever Host names', async () => {
    const { port } = await serve();
    const answer = await get(port, `localhost:${port}`);
    expect(answer.status).toBe(200);
    const connectSrc = answer.headers.get('content-security-policy')?.split('; ').find((d) => d.startsWith('connect-src'));
    expect(connectSrc).toContain(`ws://127.0.0.1:${port}`);
    expect(connectSrc).toContain(`ws://localhost:${port}`);
    expect(await get(port, '127.0.0.9:1234').then((a) => a.headers.get('content-security-policy'))).not.toContain('127.0.0.9');
  });

  it('refuses a Host carrying CSP directives instead of echoing them', async () => {
    const { port } = await serve();
    const answer = await get(port, `127.0.0.1:${port}/;script-src 'unsafe-inline'`);
    expect(answer.status).toBe(421);
    expect(answer.headers.get('content-security-policy')).not.toContain("script-src 'unsafe-inline'");
    expect(answer.headers.get('content-security-policy')).not.toContain(`${port}/`);
  });

  it('refuses a Host with userinfo', async () => {
    const { port } = await serve();
    expect((await get(port, `evil@127.0.0.1:${port}`)).status).toBe(421);
  });

  it('refuses a Host with a port out of range', async () => {
    const { port } = await serve();
    expect((await get(port, '127.0.0.1:70000')).status).toBe(421);
  });
});

describe('security headers', () => {
  it('sends the security headers and no-cache with the page', async () => {
    const { url } = await serve();
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expectSecurityHeaders(response.headers);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('lets a browser keep a content-hashed bundle for good', async () => {
    const { url } = await serve();
    const response = await fetch(`${url}/assets/index-3f9a1c.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('sends them with a 405 for a method other than GET and HEAD', async () => {
    const { url } = await serve();
    const response = await fetch(url, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expectSecurityHeaders(response.headers);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('sends them with a 421 for an unknown host name', async () => {
    const { port } = await serve();
    const answer = await get(port, `attacker.example:${port}`);
    expect(answer.status).toBe(421);
    expectSecurityHeaders(answer.headers);
  });

  it('sends them with a 400 for a request Node cannot parse', async () => {
    const { port } = await serve();
    const answer = await rawRequest(port, 'NOT A REQUEST\r\n\r\n');
    expect(answer.status).toBe(400);
    expectSecurityHeaders(answer.headers);
  });

  it('sends them with a 431 for headers larger than Node accepts', async () => {
    const { port } = await serve();
    const answer = await rawRequest(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expectSecurityHeaders(answer.headers);
  });

  it('sends them with a refused WebSocket upgrade', async () => {
    const { port } = await serve();
    const answer = await rawRequest(
      port,
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(answer.status).toBe(403);
    expectSecurityHeaders(answer.headers);
  });
});
