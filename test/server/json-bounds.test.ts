/**
 * Free-form JSON over a real socket of the served terminal: a preference nested thousands of levels
 * deep is refused as bad input (not an internal failure), and the terminal keeps serving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-main/server/ws-server';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';
import { serveCore, WsClient } from '../helpers/ws-client';

let harness: Harness;
let server: RunningServer;
let socket: WsClient | undefined;

afterEach(async () => {
  socket?.close();
  await server?.close();
  harness?.close();
});

/** JSON text of a value nested `depth` arrays deep, written as text so no test code recurses over it. */
function deepArrayText(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

async function signedInTrader(): Promise<WsClient> {
  harness = openHarness();
  server = await serveCore(harness.core);
  const admin = await withAdmin(harness);
  await withUser(harness, admin, 'tom', 'trader');
  socket = await WsClient.open(server.url);
  await socket.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
  return socket;
}

function answerTo(client: WsClient, id: number): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: unknown) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (message['type'] !== 'result' || message['id'] !== id) return;
      client.socket.off('message', onMessage);
      resolve(message);
    };
    client.socket.on('message', onMessage);
  });
}

describe('bounded JSON inputs over the socket', () => {
  it('refuses a preference nested 2,000 levels deep as bad input, and keeps the preferences working', async () => {
    const client = await signedInTrader();
    const answer = answerTo(client, 900);
    client.socket.send(`{"id":900,"method":"prefs.set","input":{"key":"layout","value":${deepArrayText(2_000)}}}`);
    expect(await answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    await client.ok('prefs.set', { key: 'layout', value: { type: 'row', children: [] } });
    expect(await client.ok('prefs.get', {})).toEqual({ layout: { type: 'row', children: [] } });
  });

  it('refuses a preference nested just past its own bound with BAD_INPUT on the value', async () => {
    const client = await signedInTrader();
    const answer = answerTo(client, 901);
    client.socket.send(`{"id":901,"method":"prefs.set","input":{"key":"layout","value":${deepArrayText(65)}}}`);
    expect(await answer).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'value' } });
  });

  it('refuses a preference larger than 200 kB', async () => {
    const client = await signedInTrader();
    const result = await client.call('prefs.set', { key: 'watchlist', value: ['x'.repeat(200_001)] });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'value' } });
  });
});
