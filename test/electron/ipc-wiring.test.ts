import { describe, expect, it, vi } from 'vitest';
import { CoreBridge, type CoreProcess } from '../../src-main/electron/core-bridge';
import { wireIpc, type InvokeEvent } from '../../src-main/electron/ipc-wiring';
import type { FromCore, ToCore } from '../../src-shared/contract/wire';

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  return { handlers, ipcMain: { handle: (channel: string, listener: Listener) => handlers.set(channel, listener) } };
}

function fakeCore() {
  const sent: ToCore[] = [];
  let listener: (message: FromCore) => void = () => {};
  const process: CoreProcess = {
    postMessage: (message) => sent.push(message),
    on: (_event, l) => (listener = l),
  };
  return { process, sent, reply: (message: FromCore) => listener(message) };
}

describe('IPC wiring', () => {
  it('forwards a call from our own frame to the core and returns its answer', async () => {
    const { handlers, ipcMain } = fakeIpc();
    const core = fakeCore();
    const bridge = new CoreBridge(core.process, () => {});
    wireIpc(ipcMain, bridge, (url) => url === 'file:///app/out/renderer/index.html');
    const pending = handlers.get('griddesk:call')!(
      { sender: { id: 7 }, senderFrame: { url: 'file:///app/out/renderer/index.html' } },
      'trading.orders.list',
      { scope: 'own' },
    );
    expect(core.sent).toEqual([{ type: 'call', requestId: 1, windowId: 7, method: 'trading.orders.list', input: { scope: 'own' } }]);
    core.reply({ type: 'result', requestId: 1, result: { ok: true, value: [] } });
    expect(await pending).toEqual({ ok: true, value: [] });
  });

  it('refuses a call from a foreign frame without reaching the core', async () => {
    const { handlers, ipcMain } = fakeIpc();
    const core = fakeCore();
    wireIpc(ipcMain, new CoreBridge(core.process, () => {}), () => false);
    const result = await handlers.get('griddesk:call')!({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example' } }, 'trading.orders.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(core.sent).toEqual([]);
  });

  it('refuses a call whose frame is gone', async () => {
    const { handlers, ipcMain } = fakeIpc();
    const core = fakeCore();
    wireIpc(ipcMain, new CoreBridge(core.process, () => {}), () => true);
    const result = await handlers.get('griddesk:call')!({ sender: { id: 1 }, senderFrame: null }, 'trading.orders.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('routes pushed events to the window they belong to', () => {
    const core = fakeCore();
    const sink = vi.fn();
    new CoreBridge(core.process, sink);
    core.reply({ type: 'event', windowId: 3, name: 'auth.sessionEnded', payload: { reason: 'logout' } });
    expect(sink).toHaveBeenCalledWith(3, 'auth.sessionEnded', { reason: 'logout' });
  });

  it('answers every waiting call when the core dies', async () => {
    const core = fakeCore();
    const bridge = new CoreBridge(core.process, () => {});
    const pending = bridge.call(1, 'trading.orders.list', {});
    bridge.failAll('core stopped');
    expect(await pending).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'core stopped' } });
  });
});
