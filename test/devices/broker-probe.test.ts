import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, withAdmin, type Harness } from '../helpers/core';

let harness: Harness;
let server: Server | undefined;
afterEach(() => {
  harness?.close();
  server?.close();
  server = undefined;
});

function listen(): Promise<number> {
  server = createServer((socket) => socket.end());
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)));
}

describe('the broker probe before broker settings are saved', () => {
  it('answers reachable for a host that accepts the connection', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const port = await listen();
    expect(await admin.ok('devices.settings.probe', { host: '127.0.0.1', port })).toEqual({ reachable: true });
  });

  it('refuses a broker nobody listens on, naming the host field and the system reason', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const port = await listen();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const result = await admin.call('devices.settings.probe', { host: '127.0.0.1', port });
    expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', field: 'broker.host', reason: 'BROKER_UNREACHABLE', params: { problem: 'ECONNREFUSED' } } });
  });
});
